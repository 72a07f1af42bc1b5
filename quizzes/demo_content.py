"""The demo quiz on "Why Does China Protect North Korea". Pure data, no model imports.

``seed_demo`` builds a Quiz from ``QUIZ`` and one Question per ``QuestionSpec``.

* ``section`` is the heading of the section a question points at ("" for the whole text).
* ``spot_claim`` questions carry no choices: their key is the set of that section's sentences
  whose claim label verdict is in ``key_verdicts`` (see ``lessons/demo/annotations.py``).
* Choices that quote a sentence use its exact text as the importer stores it.
* ``sentence_prefix`` (optional) ties a question to the one sentence it is about.
"""

from typing import NamedTuple


class ChoiceSpec(NamedTuple):
    text: str
    correct: bool
    feedback: str = ""


class QuestionSpec(NamedTuple):
    kind: str  # single_choice | multiple_choice | true_false | short_answer | spot_claim
    prompt: str
    points: int
    explanation: str
    section: str = ""
    choices: list[ChoiceSpec] = []
    accepted_answers: list[str] = []
    key_verdicts: tuple = ("unsupported", "inaccurate", "logical_flaw")
    sentence_prefix: str = ""


INTRO = "Introduction"
CRISIS = "Chinese Help in Times of Crisis"
GEO = "Geopolitical Benefits"
STRAT = "Strategic Considerations"
UN = "UN Sanctions"
CONCL = "Conclusion"

QUIZ = dict(
    title="Checking the claims: Why Does China Protect North Korea",
    description=(
        "Test how well you checked the article against the evidence. Some questions ask you to "
        "pick out the sentences that are unsupported, factually wrong or badly reasoned; others "
        "ask about the facts behind them. You have two attempts and 30 minutes per attempt; "
        "your best score counts. Answers and explanations appear after you submit."
    ),
    attempts_allowed=2,
    time_limit_minutes=30,
    grading_method="highest",
    shuffle_questions=False,
    shuffle_choices=False,  # sentence choices are listed in reading order on purpose
    review_answers="after_submit",
    review_explanations="after_submit",
    status="published",
)

SPOT_PROMPT = (
    "Select every sentence in this passage that makes a claim the text does not support, "
    "that is factually wrong, or whose reasoning does not hold up."
)


def _tf(prompt, answer, explanation, section="", sentence_prefix="", points=1):
    return QuestionSpec(
        "true_false",
        prompt,
        points,
        explanation,
        section=section,
        choices=[ChoiceSpec("True", answer is True), ChoiceSpec("False", answer is False)],
        sentence_prefix=sentence_prefix,
    )


QUESTIONS: list[QuestionSpec] = [
    # --- Spot the claim: one per section with at least one keyed sentence ----------------------
    QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        3,
        "Two sentences fail. The first gets the timeline wrong: North Korea invaded on 25 June "
        "1950 and Chinese troops crossed the Yalu only on 19 October, during the war and after "
        "UN forces entered the North. The last claims, without evidence, that Chinese help let "
        "North Korea survive sanctions, yet China's imports from the North fell about 88% in "
        "2018 once it enforced them.",
        section=CRISIS,
    ),
    QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        3,
        "Four sentences fail. No Chinese troops have been in North Korea since 1958, so there is "
        "no 'military presence', and the 'leverage' drawn from it rests on that false premise. "
        "About 26 million people is not a small population, and the joint ventures and bank "
        "branches that would 'profit' are banned by UN resolutions China voted for.",
        section=GEO,
    ),
    QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        3,
        "Four sentences fail. North Korea is not remote (it shares about 1,350 km of border with "
        "China); its nuclear weapons and ICBMs are not outdated; an 'unreliable partner' is no "
        "reason to keep close ties; and backing a state 'regardless of the consequences' is "
        "exactly the complacency China supposedly wants to avoid.",
        section=STRAT,
    ),
    QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        3,
        "Two sentences fail. China did not 'consistently oppose' sanctions: it voted yes on all "
        "ten resolutions from 2006 to 2017, all unanimous. And its enforcement did have an "
        "effect: its imports from North Korea fell about 88% in 2018 and the North's GDP shrank "
        "4.1%.",
        section=UN,
    ),
    QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        3,
        "Two sentences fail. 'A desire to avoid UN sanctions' is never argued in the body and "
        "cannot be a motive: China holds a veto and was never a sanctions target. The claim that "
        "China will not be 'swayed' is asserted without evidence, and China's votes for "
        "US-drafted sanctions cut against it.",
        section=CONCL,
    ),
    # --- Which sentence is the unsupported claim? ----------------------------------------------
    QuestionSpec(
        "single_choice",
        "Which sentence in “UN Sanctions” is the claim that the voting record shows to be false?",
        1,
        "China voted for every North Korea sanctions resolution from 2006 to 2017 (ten in all, "
        "each unanimous) and co-negotiated Resolution 2321 with the US. Its opposition to new "
        "sanctions dates from about 2019 and the 2022 veto.",
        section=UN,
        choices=[
            ChoiceSpec(
                "The United Nations has imposed numerous rounds of sanctions against North Korea "
                "due to its nuclear weapons program and its failure to comply with international "
                "demands.",
                False,
                "Accurate: ten sanctions resolutions between 2006 and 2017.",
            ),
            ChoiceSpec(
                "The Chinese government has consistently opposed these sanctions, arguing that "
                "they are not effective and only serve to increase hardship and misery for the "
                "North Korean people.",
                True,
                "Right: China voted yes on all ten resolutions from 2006 to 2017.",
            ),
            ChoiceSpec(
                "China has also been critical of military exercises in the region and has urged "
                "all parties to exercise restraint and seek diplomatic solutions.",
                False,
                "Accurate: see China's 2017 'suspension for suspension' proposal.",
            ),
            ChoiceSpec(
                "At the same time, Beijing has put pressure on North Korea to halt its nuclear "
                "ambitions and adhere to international standards.",
                False,
                "Supported by China's votes, statements and its 2017 coal ban.",
            ),
        ],
        sentence_prefix="The Chinese government has consistently",
    ),
    QuestionSpec(
        "single_choice",
        "Which sentence in “Geopolitical Benefits” is factually wrong?",
        1,
        "China's last troops left North Korea in 1958, and China withdrew from the Armistice "
        "Commission at Panmunjom in 1994, so it keeps no military presence near the South "
        "Korean border.",
        section=GEO,
        choices=[
            ChoiceSpec(
                "There are several geopolitical benefits that China receives from its alliance "
                "with North Korea.",
                False,
                "A topic sentence: too general to be right or wrong.",
            ),
            ChoiceSpec(
                "North Korea serves as a buffer state between them and South Korea, which is "
                "largely influenced by the United States.",
                False,
                "The buffer-state argument is standard among analysts.",
            ),
            ChoiceSpec(
                "By having North Korea as an ally, the Chinese government is able to keep a "
                "military presence in close proximity to the South Korean border.",
                True,
                "Right: no Chinese troops have been stationed there since 1958.",
            ),
        ],
        sentence_prefix="By having North Korea as an ally, the Chinese",
    ),
    QuestionSpec(
        "single_choice",
        "Which sentence in “Strategic Considerations” draws a conclusion that does not follow "
        "from the reason it gives?",
        1,
        "If North Korea were an unreliable partner, that would be a reason for China to loosen "
        "ties, not keep them. Analysts explain the ties by the buffer, stability and fear of a "
        "collapse pushing refugees across the border.",
        section=STRAT,
        choices=[
            ChoiceSpec(
                "This makes it an unreliable partner for any foreign power, which is why China "
                "continues to maintain its close economic and political ties with Pyongyang.",
                True,
                "Right: the 'which is why' runs the wrong way.",
            ),
            ChoiceSpec(
                "China is also concerned about the unpredictable nature of North Korea.",
                False,
                "Supported: China publicly condemned the 2006 and 2017 nuclear tests.",
            ),
            ChoiceSpec(
                "The behavior of the North Korean regime has caused instability in the region "
                "and has drawn international condemnation.",
                False,
                "Supported: the Security Council has condemned the tests unanimously.",
            ),
        ],
        sentence_prefix="This makes it an unreliable partner for any",
    ),
    QuestionSpec(
        "single_choice",
        "Which sentence in “Chinese Help in Times of Crisis” gets the history wrong?",
        1,
        "North Korea invaded the South on 25 June 1950. China's troops crossed the Yalu on "
        "19 October 1950, almost four months later and after UN forces entered the North: "
        "during the war, not quickly and not after it.",
        section=CRISIS,
        choices=[
            ChoiceSpec(
                "The Chinese government was quick to provide aid to North Korea following their "
                "war with South Korea in 1950.",
                True,
                "Right: China entered during the war, almost four months in.",
            ),
            ChoiceSpec(
                "They sent troops and fighters to help repel UN forces and provided economic "
                "assistance to prevent a complete economic collapse.",
                False,
                "Broadly accurate: about 2.9 million Chinese soldiers served, and aid followed.",
            ),
            ChoiceSpec(
                "This support has been maintained over the years, with China being North Korea’s "
                "main source of food and fuel.",
                False,
                "Consistent with the Council on Foreign Relations and oil-pipeline reporting.",
            ),
        ],
        sentence_prefix="The Chinese government was quick to provide",
    ),
    QuestionSpec(
        "single_choice",
        "Which sentence in the “Conclusion” gives a reason that the body of the article never "
        "argued?",
        1,
        "No section discusses China wanting to 'avoid UN sanctions', and it could not be a "
        "motive: China holds a Security Council veto and has never been a target of these "
        "sanctions.",
        section=CONCL,
        choices=[
            ChoiceSpec(
                "It is clear that China continues to protect North Korea for various reasons, "
                "including geopolitical benefits, strategic considerations, and a desire to avoid "
                "UN sanctions.",
                True,
                "Right: 'a desire to avoid UN sanctions' appears here for the first time.",
            ),
            ChoiceSpec(
                "Despite international pressure, China seems determined to uphold its alliance "
                "with Pyongyang.",
                False,
                "Fair and hedged: the 1961 treaty was reaffirmed in 2021.",
            ),
            ChoiceSpec(
                "In doing so, they are sending a message to the international community that "
                "they are not willing to be swayed by demands from outside powers and will "
                "continue to assert their interests in the region.",
                False,
                "Unsupported, but it repeats a claim from Strategic Considerations; it is not new.",
            ),
        ],
        sentence_prefix="It is clear that China continues to protect",
    ),
    # --- Multiple choice ------------------------------------------------------------------------
    QuestionSpec(
        "multiple_choice",
        "Which of these statements about China and UN Security Council sanctions on North Korea "
        "are true? Select all that apply.",
        2,
        "China voted for all ten sanctions resolutions from 2006 to 2017, each passed "
        "unanimously. In May 2022 it joined Russia in vetoing a US draft (13 votes to 2). China "
        "is a veto-holding permanent member and has never been a target of these sanctions.",
        section=UN,
        choices=[
            ChoiceSpec(
                "China voted for every North Korea sanctions resolution from 2006 to 2017.",
                True,
                "All ten passed unanimously.",
            ),
            ChoiceSpec(
                "In 2022 China and Russia vetoed a US-drafted resolution to tighten sanctions.",
                True,
                "The vote was 13-2, the first split among the permanent members on this since "
                "2006.",
            ),
            ChoiceSpec(
                "China voted against Resolution 1718 after North Korea's first nuclear test in "
                "2006.",
                False,
                "Resolution 1718 passed 15-0, with China in favour.",
            ),
            ChoiceSpec(
                "China has itself been a target of UN sanctions over North Korea.",
                False,
                "China holds a veto and has never been a target.",
            ),
        ],
    ),
    QuestionSpec(
        "multiple_choice",
        "Which pairs of sentences in the article contradict each other? Select all that apply.",
        2,
        "A state that 'consistently opposed' sanctions is hardly one that 'put pressure' on "
        "North Korea; a buffer state is valuable because it is next door, not 'remote'; and "
        "help that maintained North Korea's 'military capabilities' clashes with calling them "
        "'outdated'. The treaty and the alliance sentences agree with each other.",
        choices=[
            ChoiceSpec(
                "“has consistently opposed these sanctions” and “Beijing has put pressure on "
                "North Korea to halt its nuclear ambitions”",
                True,
                "Both are in the UN Sanctions section.",
            ),
            ChoiceSpec(
                "“North Korea serves as a buffer state” and “North Korea’s remoteness and "
                "isolation”",
                True,
                "A buffer matters because of where it is.",
            ),
            ChoiceSpec(
                "“enabled the country to maintain its military capabilities” and “its "
                "capabilities are outdated”",
                True,
                "The article cannot have it both ways.",
            ),
            ChoiceSpec(
                "“signed a mutual defense treaty in 1961” and “China seems determined to uphold "
                "its alliance”",
                False,
                "These agree: the treaty is still in force and was reaffirmed in 2021.",
            ),
        ],
    ),
    QuestionSpec(
        "multiple_choice",
        "Which of these are reasons that analysts actually give for China's support of North "
        "Korea? Select all that apply.",
        2,
        "Sources point to the buffer against US-allied forces and to fear that a collapse would "
        "send refugees across the long border. China cannot be avoiding UN sanctions, since it "
        "holds a veto, and it has had no troops in North Korea since 1958.",
        section=CONCL,
        choices=[
            ChoiceSpec(
                "North Korea acts as a buffer between China and US-allied forces in South Korea.",
                True,
            ),
            ChoiceSpec(
                "China fears a collapse would send refugees across the border.",
                True,
            ),
            ChoiceSpec(
                "China wants to avoid UN sanctions against itself.",
                False,
                "The article's conclusion says this, but no source does.",
            ),
            ChoiceSpec(
                "It lets China keep troops near the South Korean border.",
                False,
                "The last Chinese troops left North Korea in 1958.",
            ),
        ],
    ),
    # --- True / false ---------------------------------------------------------------------------
    _tf(
        "Chinese troops are stationed in North Korea today.",
        False,
        "The last Chinese troops left North Korea in 1958, and none are reported there now; "
        "China even left the Armistice Commission in 1994.",
        section=GEO,
        sentence_prefix="By having North Korea as an ally, the Chinese",
    ),
    _tf(
        "China sent troops into the Korean War within days of North Korea's invasion of the South.",
        False,
        "The invasion came on 25 June 1950; Chinese troops crossed the Yalu on 19 October 1950, "
        "almost four months later.",
        section=CRISIS,
        sentence_prefix="The Chinese government was quick to provide",
    ),
    _tf(
        "North Korea's population of about 26 million is roughly half of South Korea's.",
        True,
        "Estimates put North Korea at about 25-26 million people, so 'small population' does "
        "not fit; poverty and sanctions are what limit its market.",
        section=GEO,
        sentence_prefix="Furthermore, while North Korea is not a major",
    ),
    # --- Short answer ---------------------------------------------------------------------------
    QuestionSpec(
        "short_answer",
        "In what year did China and North Korea sign their mutual defence treaty? (Give the year.)",
        1,
        "The Treaty of Friendship, Cooperation and Mutual Assistance was signed in Beijing on "
        "11 July 1961 and is still in force; this is one of the article's accurate claims.",
        section=INTRO,
        accepted_answers=["1961"],
        sentence_prefix="China has been a major ally of North Korea",
    ),
    QuestionSpec(
        "short_answer",
        "In what year did the last Chinese troops leave North Korea? (Give the year.)",
        1,
        "The withdrawal was announced on 20 February 1958 and finished by the end of that year, "
        "which is why the claim of a Chinese 'military presence' near the South is wrong.",
        section=GEO,
        accepted_answers=["1958"],
        sentence_prefix="By having North Korea as an ally, the Chinese",
    ),
    QuestionSpec(
        "short_answer",
        "How many UN Security Council sanctions resolutions on North Korea did China vote for "
        "between 2006 and 2017? (Give a number.)",
        1,
        "Ten: Resolutions 1718, 1874, 2087, 2094, 2270, 2321, 2356, 2371, 2375 and 2397, each "
        "passed unanimously. That record is why 'consistently opposed' is wrong.",
        section=UN,
        accepted_answers=["10", "ten"],
        sentence_prefix="The Chinese government has consistently",
    ),
]
