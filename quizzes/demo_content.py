"""The demo quiz on "Why Does China Protect North Korea". Pure data, no model imports.

``seed_demo`` builds a Quiz from ``QUIZ`` and one Question per ``QuestionSpec``.

* ``section`` is the heading of the section a question points at ("" for the whole text);
  "About the author" is the author's bio, the lesson's last section.
* ``spot_claim`` questions carry no choices: their key is the set of that section's sentences
  whose claim label verdict is in ``key_verdicts`` (see ``lessons/demo/annotations.py``);
  sentences whose label is contested (a judgement call) are never scored. Every one asks
  why (``ask_reasons``): each ticked sentence gets a reason, worth half its credit.
* Choices that quote a sentence use its exact text as the importer stores it; prompts and
  choices quote fragments of sentences in curly quotes, exactly.
* ``sentence_prefix`` (optional) ties a question to the one sentence it is about.
* Every explanation names where to check it (``explanation_source``).

The quiz trains reasoning, not recall: spotting and naming problems, asking which evidence
or source would settle a claim, telling a contradiction from a tension, an opinion from a
vague or a checkable claim. No sentence is tested by more than two questions (a spot-the-
claim passage tests each of its sentences once; a question quoting a sentence tests it).
"""

from typing import NamedTuple


class ChoiceSpec(NamedTuple):
    text: str
    correct: bool
    feedback: str = ""


class QuestionSpec(NamedTuple):
    kind: str  # single_choice | multiple_choice | true_false | short_answer | numerical | ...
    prompt: str
    points: int
    explanation: str
    section: str = ""
    choices: list[ChoiceSpec] = []
    accepted_answers: list[str] = []
    key_verdicts: tuple = ("unsupported", "inaccurate", "logical_flaw")
    sentence_prefix: str = ""
    explanation_source: str = ""
    ask_reasons: bool = False
    numeric_answers: list[dict] = []


INTRO = "Introduction"
CRISIS = "Chinese Help in Times of Crisis"
GEO = "Geopolitical Benefits"
STRAT = "Strategic Considerations"
UN = "UN Sanctions"
CONCL = "Conclusion"
BIO = "About the author"

QUIZ = dict(
    title="Checking the claims: Why Does China Protect North Korea",
    description=(
        "Check the article against the evidence. Some questions ask you to tick the sentences "
        "that fail a check and say why; others ask which evidence or source would settle a "
        "claim, or what kind of statement a sentence is. You have two attempts and 30 minutes "
        "per attempt; your best score counts. Answers and explanations, with where to check "
        "them, appear after you submit."
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
    "The article cites no sources, so judge each sentence against what is known. Tick every "
    "sentence a careful reader should flag: a claim with no evidence behind it, a fact that is "
    "wrong, reasoning that does not follow, or a claim too vague to check. An opinion is not "
    "an error, and if nothing fails, tick nothing."
)
#: Spot the claim here keys every kind of problem a reason can name.
PROBLEMS = ("unsupported", "inaccurate", "logical_flaw", "vague")

# Sources of the explanations (from the fact sheet's references, primary records first).
FACT_SHEET_A13 = (
    "Claimwise teacher fact sheet on this article, A13: a search of archived web pages found "
    "no bylines, publications or organisation for this name"
)
TREATY = (
    "Treaty text, Peking Review vol. 4 no. 28 (14 July 1961): "
    "https://marxists.org/subject/china/peking-review/1961/PR1961-28a.htm"
)
CPV_CROSSING = (
    "People's Daily, 23 Oct 2020 (Chinese troops crossed the Yalu on 19 October 1950): "
    "http://en.people.cn/n3/2020/1023/c90000-9772499.html"
)
ARMISTICE_1994 = (
    "Baltimore Sun / NYT News Service, 3 Sep 1994, China quits Korean peace commission: "
    "http://articles.baltimoresun.com/1994-09-03/news/1994246015_1_north-korea-south-korea-korean-government"
)
USFK_HWASONG15 = (
    "Defence-Point, 12 Jul 2019, US Forces Korea study on the Hwasong-15: "
    "https://defence-point.com/2019/07/12/usfk-north-korean-icbm-can-strike-mainland-us/"
)
RES_1718 = (
    "UN press release SC/8853, 14 Oct 2006 (Resolution 1718, adopted unanimously), and the "
    "Council's press releases of each later resolution: "
    "https://press.un.org/en/2006/sc8853.doc.htm"
)
RES_1695_WEAKENED = (
    "New York Times, 16 Jul 2006, U.N. Council, in Weakened Resolution, Demands End to North "
    "Korean Missile Program: http://www.nytimes.com/2006/07/16/world/asia/16nations.html"
)
CFR = (
    "Council on Foreign Relations, The China-North Korea Relationship (2014): "
    "https://china.usc.edu/council-foreign-relations-cfr-backgrounders-china-north-korea-relationship-august-22-2014"
)
BORDER = (
    "China-North Korea border (about 1,352 km): "
    "https://en.wikipedia.org/wiki/China%E2%80%93North_Korea_border"
)
GEO_SHEET = "Claimwise teacher fact sheet on this article, Part B (Geo-S1: opinion/vague)"


def _spot(section: str, explanation: str, source: str, points: int = 3) -> QuestionSpec:
    return QuestionSpec(
        "spot_claim",
        SPOT_PROMPT,
        points,
        explanation,
        section=section,
        key_verdicts=PROBLEMS,
        explanation_source=source,
        ask_reasons=True,
    )


def _tf(prompt, answer, explanation, source, section="", sentence_prefix="", points=1):
    return QuestionSpec(
        "true_false",
        prompt,
        points,
        explanation,
        section=section,
        choices=[ChoiceSpec("True", answer is True), ChoiceSpec("False", answer is False)],
        sentence_prefix=sentence_prefix,
        explanation_source=source,
    )


QUESTIONS: list[QuestionSpec] = [
    # --- Spot the claim, with reasons: every section, the bio included ----------------------
    _spot(
        INTRO,
        "Nothing in the Introduction fails, so the right answer was to tick nothing. The treaty "
        "sentence is accurate: signed in Beijing on 11 July 1961, with a mutual-defence "
        "Article II, and still in force. The second sentence gives no evidence, but it is the "
        "mainstream view of specialists: unsourced here, not unsupported. The third is framing "
        "and opinion, which is not an error (a judgement call, not scored).",
        TREATY,
    ),
    _spot(
        CRISIS,
        "Two sentences fail. The first gets the timeline wrong (factually wrong): North Korea "
        "invaded on 25 June 1950, and Chinese troops crossed the Yalu only on 19 October, after "
        "UN forces had entered the North: during the war, not quickly and not after it. The "
        "last claims with no evidence that Chinese help let North Korea survive sanctions, yet "
        "China's imports from the North fell about 88% in 2018 once it enforced them. The "
        "sentence on food and fuel is a judgement call, not scored.",
        CPV_CROSSING,
    ),
    _spot(
        GEO,
        "Four sentences fail. The first promises 'several geopolitical benefits' without naming "
        "one: too vague to check. No Chinese troops have been based in North Korea since 1958, "
        "so there is no 'military presence' (factually wrong), and the 'leverage' drawn from it "
        "rests on that false premise (does not follow). The joint ventures and bank branches "
        "that would 'profit' are banned by UN resolutions China voted for, and China ordered "
        "North Korean ventures closed in 2017 (factually wrong). The buffer sentence and the "
        "'small population' sentence are judgement calls, not scored.",
        ARMISTICE_1994,
    ),
    _spot(
        STRAT,
        "Four sentences fail. 'Remoteness' is asserted with no evidence and is wrong besides: "
        "North Korea shares about 1,350 km of border with China (either reason counts). "
        "'Capabilities are outdated' is factually wrong for a state with six nuclear tests and "
        "a missile, the Hwasong-15, that a US Forces Korea study assessed could reach the US "
        "mainland. 'Unreliable partner ... which is why' China keeps close ties does not follow. "
        "And backing a state 'regardless of the consequences' so as not to look complacent "
        "contradicts itself (does not follow; 'no evidence' counts too).",
        USFK_HWASONG15,
    ),
    _spot(
        UN,
        "Two sentences fail. China did not 'consistently oppose' sanctions: it voted yes on "
        "every resolution from 1718 (2006) to 2397 (2017), all unanimous, though it bargained "
        "drafts down and has opposed new ones since about 2019 (factually wrong). And its "
        "enforcement did have a meaningful effect: its imports from North Korea fell about 88% "
        "in 2018 and the North's economy shrank 4.1% (factually wrong; 'does not follow' counts "
        "too, as the sentence contradicts the one on the sanctions' impact). The sentence on "
        "citizens' suffering is a judgement call, not scored.",
        RES_1718,
    ),
    _spot(
        CONCL,
        "Two sentences fail. 'A desire to avoid UN sanctions' is never argued in the body and "
        "cannot be China's motive: the Chinese state has never been a target of these "
        "sanctions and holds a veto (does not follow). That China will not be 'swayed' is a "
        "motive asserted without evidence, and China's votes for US-drafted sanctions cut "
        "against it. Whether 'determined to uphold its alliance' misleads by leaving out that "
        "China also bent to pressure is a judgement call, not scored.",
        CFR,
    ),
    _spot(
        BIO,
        "All four sentences are claims with no evidence behind them: the bio names no outlet, "
        "publication, employer or organisation, and a search of archived web pages found no "
        "bylines for a journalist of this name. That is a warning sign, not proof the bio is "
        "false: a self-description becomes evidence once something outside it confirms it.",
        FACT_SHEET_A13,
        points=2,
    ),
    # --- What would settle it ----------------------------------------------------------------
    QuestionSpec(
        "numerical",
        "The article says China was “quick to provide aid to North Korea following their war "
        "with South Korea in 1950”. North Korea invaded the South on 25 June 1950; Chinese "
        "troops crossed the Yalu into North Korea on 19 October 1950. About how many weeks "
        "apart are those two dates? (A whole number.)",
        1,
        "116 days, about 16½ weeks (16 or 17 is right): almost four months into the war, and "
        "after UN forces had crossed into the North. Neither 'quick' nor 'following' the war: "
        "China entered during it. Counting from dated records is how a word like 'quick' gets "
        "checked.",
        section=CRISIS,
        sentence_prefix="The Chinese government was quick to provide",
        explanation_source=CPV_CROSSING,
        numeric_answers=[
            {
                "value": "16.5",
                "tolerance": "0.5",
                "fraction": "1",
                "feedback": "Right: 116 days, between 16 and 17 weeks.",
            }
        ],
    ),
    QuestionSpec(
        "single_choice",
        "“By having North Korea as an ally, the Chinese government is able to keep a military "
        "presence in close proximity to the South Korean border.” Which evidence would best "
        "settle whether this is true?",
        1,
        "A claim about where troops are is settled by records of where they are. The last "
        "Chinese units left North Korea in 1958, China withdrew its delegation from the "
        "Military Armistice Commission at Panmunjom in 1994, and no source reports Chinese "
        "troops in North Korea today.",
        section=GEO,
        choices=[
            ChoiceSpec(
                "Records of where Chinese troops have been based since the Korean War, such as "
                "the 1958 withdrawal, China's 1994 exit from the Armistice Commission and "
                "current defence reports",
                True,
                "Right: the claim is about where Chinese forces are, so deployment records "
                "settle it. They show none in North Korea since 1958.",
            ),
            ChoiceSpec(
                "The text of the 1961 treaty between China and North Korea",
                False,
                "The treaty promises help if either side is attacked; it says nothing about "
                "where troops are based.",
            ),
            ChoiceSpec(
                "China's share of North Korea's recorded trade",
                False,
                "That bears on China's economic leverage, not on its troops.",
            ),
            ChoiceSpec(
                "The number of US troops stationed in South Korea",
                False,
                "That tells you about the US presence, not China's.",
            ),
        ],
        sentence_prefix="By having North Korea as an ally, the Chinese",
        explanation_source=ARMISTICE_1994,
    ),
    # --- Does the reasoning hold? ------------------------------------------------------------
    QuestionSpec(
        "single_choice",
        "Which sentence in “Strategic Considerations” draws a conclusion that does not follow "
        "from the reason it gives?",
        1,
        "If North Korea were an unreliable partner, that would be a reason for China to loosen "
        "ties, not keep them. Specialists explain the ties by the buffer, stability and fear of "
        "a collapse pushing refugees across the border.",
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
                "Supported, and no conclusion is drawn: China publicly condemned the 2006 and "
                "2017 nuclear tests.",
            ),
            ChoiceSpec(
                "The behavior of the North Korean regime has caused instability in the region "
                "and has drawn international condemnation.",
                False,
                "Supported: the Security Council condemned its launches and tests unanimously "
                "from 2006 to 2017.",
            ),
        ],
        sentence_prefix="This makes it an unreliable partner for any",
        explanation_source=CFR,
    ),
    QuestionSpec(
        "single_choice",
        "Which sentence in the “Conclusion” gives a reason that the body of the article never "
        "argued?",
        1,
        "No section discusses China wanting to 'avoid UN sanctions', and it could not be "
        "China's motive: the Chinese state has never been a target of these sanctions and holds "
        "a Security Council veto. A conclusion that brings in a new reason sums up an argument "
        "the article never made.",
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
                "It gives no reason at all; it says the alliance holds, and the 1961 treaty was "
                "reaffirmed in 2021.",
            ),
            ChoiceSpec(
                "In doing so, they are sending a message to the international community that "
                "they are not willing to be swayed by demands from outside powers and will "
                "continue to assert their interests in the region.",
                False,
                "Unsupported, but it repeats the 'not swayed' claim of Strategic Considerations: "
                "it is not new.",
            ),
        ],
        sentence_prefix="It is clear that China continues to protect",
        explanation_source=CFR,
    ),
    QuestionSpec(
        "multiple_choice",
        "The article says China “has consistently opposed these sanctions”. China in fact voted "
        "yes on every North Korea sanctions resolution from 2006 to 2017. Which of these facts "
        "give the claim a grain of truth, without making it right? Select all that apply.",
        2,
        "China bargained drafts down from the start and, from about 2019, openly opposed new or "
        "tighter sanctions; but it voted for every resolution from 1718 (2006) to 2397 (2017). "
        "Weakening sanctions is not opposing them, so 'consistently opposed' stays wrong. "
        "Helping to write Resolution 2321 cuts against the claim, and sanctions on China-based "
        "companies say nothing about how the Chinese state voted.",
        section=UN,
        choices=[
            ChoiceSpec(
                "In July 2006 the sponsors of Resolution 1695 dropped its reference to Chapter "
                "VII of the UN Charter in the face of a likely Chinese veto.",
                True,
                "China weakened the text, then voted for it.",
            ),
            ChoiceSpec(
                "In September 2017 the US draft's full oil embargo became a cap on oil supplies "
                "in Resolution 2375, after talks with China and Russia.",
                True,
                "Softer terms, and still a yes vote.",
            ),
            ChoiceSpec(
                "In May 2022 China and Russia vetoed a US draft that would have tightened "
                "sanctions.",
                True,
                "Opposition to new sanctions, years after the votes the article describes.",
            ),
            ChoiceSpec(
                "In 2016 China negotiated the text of Resolution 2321 with the United States.",
                False,
                "This cuts against the claim: China helped write a sanctions resolution.",
            ),
            ChoiceSpec(
                "In 2018 the UN blacklisted shipping companies based in mainland China and Hong "
                "Kong for helping North Korea evade sanctions.",
                False,
                "Sanctions on China-based companies say nothing about how the Chinese state voted.",
            ),
        ],
        sentence_prefix="The Chinese government has consistently",
        explanation_source=RES_1695_WEAKENED,
    ),
    QuestionSpec(
        "single_choice",
        "Two sentences contradict each other when they cannot both be true; they are in tension "
        "when they pull different ways but could both be true. Which pair of sentences from the "
        "article contradict each other?",
        1,
        "Only the first pair cannot both be true: a buffer state matters because it lies next "
        "to China, so it cannot also be remote. The second pair is a tension (old equipment can "
        "still be kept up), and the third pair agree with each other. Telling a contradiction "
        "from a tension is part of reading critically.",
        choices=[
            ChoiceSpec(
                "“North Korea serves as a buffer state between them and South Korea” and "
                "“North Korea’s remoteness and isolation limits the extent to which it can be "
                "used as a proxy”",
                True,
                "A buffer state sits on China's border, between China and South Korea: it "
                "cannot also be remote from China.",
            ),
            ChoiceSpec(
                "“has enabled the country to maintain its military capabilities” and “its "
                "capabilities are outdated”",
                False,
                "A tension, not a contradiction: a country can keep up capabilities that are "
                "outdated. (Each claim has problems of its own.)",
            ),
            ChoiceSpec(
                "“Beijing has put pressure on North Korea to halt its nuclear ambitions” and "
                "“China has also been critical of military exercises in the region”",
                False,
                "These agree: both describe China pressing for restraint, on North Korea and on "
                "the US and South Korea.",
            ),
        ],
        explanation_source=BORDER,
    ),
    # --- Which source, what kind of statement --------------------------------------------------
    QuestionSpec(
        "single_choice",
        "The bio says “Cassie Grissom is an American journalist and author living in Seoul, "
        "South Korea.” Which would best check that claim?",
        1,
        "A self-description is checked by something outside it: bylines in news archives, a "
        "publisher's or employer's page, a library catalogue. This bio names no outlet, book or "
        "organisation, and a search of archived web pages found no bylines for this name: a "
        "warning sign, though not proof that the bio is false.",
        section=BIO,
        choices=[
            ChoiceSpec(
                "Her bylines in news archives, or a publisher's or employer's page naming her",
                True,
                "Right: evidence from outside the bio, which anyone can check.",
            ),
            ChoiceSpec(
                "The rest of the bio, which says she has studied the Korean peninsula since 2011",
                False,
                "The bio cannot confirm itself.",
            ),
            ChoiceSpec(
                "How confidently and fluently the article is written",
                False,
                "Style is not evidence of who wrote it or what they do.",
            ),
            ChoiceSpec(
                "A social-media profile she writes about herself",
                False,
                "Another self-description: it repeats the claim rather than checking it.",
            ),
        ],
        sentence_prefix="Cassie Grissom is an American journalist",
        explanation_source=FACT_SHEET_A13,
    ),
    QuestionSpec(
        "single_choice",
        "“The United Nations has imposed numerous rounds of sanctions against North Korea due "
        "to its nuclear weapons program and its failure to comply with international "
        "demands.” What kind of statement is this?",
        1,
        "Whether the Security Council imposed sanctions, and why, is a matter of record: ten "
        "sanctions resolutions from 1718 (October 2006) to 2397 (December 2017), each answering "
        "nuclear tests or missile launches. 'Numerous' is loose, but it does not stop anyone "
        "checking, and the claim checks out.",
        section=UN,
        choices=[
            ChoiceSpec(
                "A checkable factual claim",
                True,
                "Right: the Council's resolutions can be listed, counted and read.",
            ),
            ChoiceSpec(
                "An opinion: a value judgement",
                False,
                "Nothing here judges good or bad; it says what the UN did and why.",
            ),
            ChoiceSpec(
                "Too vague to check",
                False,
                "'Numerous' is loose, but the resolutions can be listed and counted.",
            ),
            ChoiceSpec(
                "A conclusion that does not follow from the sentence before it",
                False,
                "It opens its section and draws no conclusion.",
            ),
        ],
        sentence_prefix="The United Nations has imposed numerous",
        explanation_source=RES_1718,
    ),
    QuestionSpec(
        "short_answer",
        "“There are several geopolitical benefits that China receives from its alliance with "
        "North Korea.” Which single word makes this sentence too vague to check on its own?",
        1,
        "'Several' promises benefits without naming or counting any, so nothing can be checked "
        "until the writer says which. The section then names some, and most of them fail a "
        "check (see the spot-the-claim question on this section).",
        section=GEO,
        accepted_answers=["several", "several benefits", "several geopolitical benefits"],
        sentence_prefix="There are several geopolitical benefits that",
        explanation_source=GEO_SHEET,
    ),
    _tf(
        "The article gives no evidence that “Chinese diplomacy and economic aid have been "
        "integral to the survival of North Korea’s communist regime.” True or false: that makes "
        "the claim false.",
        False,
        "False. A claim given without evidence is unsourced, not thereby false: you check it "
        "elsewhere. This one holds up: the Council on Foreign Relations calls China North "
        "Korea's most important ally and main source of food, arms and energy, and says China "
        "has helped sustain the regime.",
        CFR,
        section=INTRO,
        sentence_prefix="Chinese diplomacy and economic aid have been",
    ),
    _tf(
        "In November 2017 North Korea announced that its new Hwasong-15 missile could reach "
        "the whole continental United States. True or false: a news report of that announcement "
        "is enough to state the range as a fact.",
        False,
        "False. A report of a claim shows that the claim was made, not that it is true, and a "
        "state has reasons to overstate its weapons. The range became a checked fact when others "
        "assessed it: in 2019 a US Forces Korea study concluded that the Hwasong-15 could reach "
        "the US mainland. Until someone independent checks a claim, say who makes it.",
        USFK_HWASONG15,
        section=STRAT,
    ),
]
