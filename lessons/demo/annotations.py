"""Teacher notes and claim labels for the demo lesson "Why Does China Protect North Korea".

Pure data: no model imports. ``seed_demo`` turns these into TeacherNote and ClaimLabel rows.

A ``sentence_prefix`` is the start of a sentence exactly as the importer stores it (pysbd,
curly apostrophes kept). It is unique within its section, so a loader can find the sentence
with ``sentence.text.startswith(prefix)``. Labels follow the teacher fact sheet, with
OPINION/VAGUE mapped to ``"opinion"``; explanations are paraphrased for teachers.
"""

from typing import NamedTuple


class NoteSpec(NamedTuple):
    kind: str  # "context" | "fact_check" | "discussion_prompt" | "misconception"
    body: str
    sentence_prefix: str = ""  # empty: the note is about the whole section


class LabelSpec(NamedTuple):
    section: str
    sentence_prefix: str
    verdict: str  # "supported" | "unsupported" | "inaccurate" | "logical_flaw" | "opinion"
    explanation: str
    source_title: str
    source_url: str


INTRO = "Introduction"
CRISIS = "Chinese Help in Times of Crisis"
GEO = "Geopolitical Benefits"
STRAT = "Strategic Considerations"
UN = "UN Sanctions"
CONCL = "Conclusion"

SECTION_HEADINGS = [INTRO, CRISIS, GEO, STRAT, UN, CONCL]

LESSON_SOURCE = dict(author="Cassie Grissom", publication="", url="", published="")

AUTHOR_BIO_NOTE = (
    "The bio's credentials cannot be checked: it names no outlet, book, employer or "
    "organisation, and a search of archived web pages turned up no bylines for a journalist "
    "called Cassie Grissom. The page also has no date, no publisher and no sources, and ends "
    "in a generic blog footer. The bio promises a human-rights focus the article hardly shows. "
    "Treat these as warning signs to discuss, not as proof that the bio is invented."
)

# Sources (titles and URLs from the fact sheet's reference list).
_CFR = (
    "Council on Foreign Relations, The China-North Korea Relationship (backgrounder, 2014)",
    "https://china.usc.edu/council-foreign-relations-cfr-backgrounders-china-north-korea-relationship-august-22-2014",
)
_TREATY_TEXT = (
    "Treaty of Friendship, Cooperation and Mutual Assistance, text in Peking Review, 14 July 1961",
    "https://marxists.org/subject/china/peking-review/1961/PR1961-28a.htm",
)
_CPV_CROSSING = (
    "People's Daily, 23 Oct 2020: Chinese People's Volunteers crossed the Yalu on 19 Oct 1950",
    "http://en.people.cn/n3/2020/1023/c90000-9772499.html",
)
_IMPORTS_FALL = (
    "Wall Street Journal (via MarketScreener), 13 Jan 2019: China scaled back trade with "
    "North Korea in 2018",
    "https://www.marketscreener.com/news/China-Scaled-Back-Trade-With-North-Korea-in-2018-Official--27861135/",
)
_BUFFER = (
    "Newsweek, 2017: China, North Korea and the buffer-zone rationale",
    "https://www.newsweek.com/china-north-korea-trump-allies-economy-583883",
)
_WITHDRAWAL_1958 = (
    "The Nanjinger, On this day in Chinese history: 20 February (1958 troop withdrawal)",
    "https://thenanjinger.com/magazine/diplomacy-talks/on-this-day-in-chinese-history-20-february",
)
_TRADE_SHARE = (
    "Korea Herald, 16 Aug 2023: China's share of North Korea's trade reached 96.7% in 2022",
    "https://www.koreaherald.com/view.php?ud=20230816000807",
)
_BOK_2018 = (
    "Reuters (via Techgraph), Jul 2019: North Korea's economy drops the most in 2018 since 1997",
    "https://techgraph.co/business/north-koreas-economy-drops-the-most-in-2018-since-1997",
)
_JV_CLOSURE = (
    "China Daily, 29 Sep 2017: North Korean joint ventures in China ordered to shut",
    "https://global.chinadaily.com.cn/cndy/2017-09/29/content_32630394.htm",
)
_BORDER = (
    "Wikipedia, China-North Korea border",
    "https://en.wikipedia.org/wiki/China%E2%80%93North_Korea_border",
)
_HWASONG15 = (
    "NK News, 29 Nov 2017: North Korea announces first test of Hwasong-15 ICBM",
    "https://www.nknews.org/2017/11/north-korea-announces-first-test-of-hwasong-15-icbm/",
)
_CONDEMN_2017 = (
    "China Daily, 5 Sep 2017: China condemns North Korea's sixth nuclear test at the UN",
    "https://global.chinadaily.com.cn/usa/world/2017-09/05/content_31565445.htm",
)
_RES_1718 = (
    "UN press release SC/8853, 14 Oct 2006: Security Council adopts Resolution 1718 unanimously",
    "https://press.un.org/en/2006/sc8853.doc.htm",
)
_COAL_BAN = (
    "Reuters, 18 Feb 2017: China suspends all coal imports from North Korea",
    "http://uk.reuters.com/article/china-coal-northkorea-idUKL4N1G40BO",
)
_GDP_2018 = (
    "Wall Street Journal (via MarketScreener), 25 Jul 2019: North Korea's economy contracted "
    "in 2018, Seoul says",
    "https://www.marketscreener.com/news/North-Korea-s-Economy-Contracted-in-2018-Seoul-Says--28961994/",
)
_VETO_2022 = (
    "Deutsche Welle, 27 May 2022: China, Russia veto UN resolution on tougher North Korea "
    "sanctions",
    "https://www.dw.com/en/china-russia-veto-un-resolution-on-tougher-north-korea-sanctions/a-61946582",
)
_SUSPENSION = (
    "AP (via WJBF), 8 Mar 2017: China says North Korea could suspend nukes for a halt in US drills",
    "http://wjbf.com/2017/03/08/china-says-n-korea-could-suspend-nukes-for-halt-in-u-s-drills/",
)
_TREATY_60 = (
    "Global Times, 11 Jul 2021: Xi and Kim exchange messages on the treaty's 60th anniversary",
    "https://www.globaltimes.cn/page/202107/1228326.shtml",
)
_RES_2321 = (
    "Japan Times, 1 Dec 2016: UN Security Council imposes new sanctions on North Korea",
    "https://www.japantimes.co.jp/news/2016/12/01/asia-pacific/u-n-security-council-imposes-new-sanctions-north-korea/",
)
_NO_SOURCE = ("", "")


def _label(section, prefix, verdict, explanation, source):
    return LabelSpec(section, prefix, verdict, explanation, *source)


CLAIM_LABELS: list[LabelSpec] = [
    # Introduction
    _label(
        INTRO,
        "China has been a major ally of North Korea",
        "supported",
        "Accurate: the two states signed a Treaty of Friendship, Cooperation and Mutual "
        "Assistance on 11 July 1961, and its Article II obliges each to help the other if "
        "attacked. The treaty is still in force and was reaffirmed on its 60th anniversary in "
        "2021.",
        _TREATY_TEXT,
    ),
    _label(
        INTRO,
        "Chinese diplomacy and economic aid have been",
        "supported",
        "This is the mainstream view, although the article gives no evidence for it. The Council "
        "on Foreign Relations calls China the regime's main source of food, arms and energy, "
        "and China's 1954 aid pledge alone was larger than the whole Soviet bloc's.",
        _CFR,
    ),
    _label(
        INTRO,
        "While some aspects of the relationship remain",
        "opinion",
        "A framing sentence: calling the relationship mysterious and important is a judgement, "
        "and nothing in it is specific enough to check.",
        _NO_SOURCE,
    ),
    # Chinese Help in Times of Crisis
    _label(
        CRISIS,
        "The Chinese government was quick to provide",
        "inaccurate",
        "China did not step in after the war, nor quickly: North Korea invaded the South on "
        "25 June 1950, and Chinese troops crossed the Yalu only on 19 October 1950, once UN "
        "forces had entered the North. 'Their war' also hides who started it.",
        _CPV_CROSSING,
    ),
    _label(
        CRISIS,
        "They sent troops and fighters to help repel",
        "supported",
        "Broadly right: about 2.9 million Chinese soldiers served and pushed UN forces back, and "
        "China signed an aid agreement in November 1953 and pledged large free aid in 1954.",
        _CPV_CROSSING,
    ),
    _label(
        CRISIS,
        "This support has been maintained over the",
        "supported",
        "Consistent with the sources: the CFR names China as North Korea's main source of food "
        "and energy, and Chinese crude has flowed by pipeline for about 40 years. 'Maintained "
        "over the years' glosses over tense periods such as the 2017-18 sanctions cuts.",
        _CFR,
    ),
    _label(
        CRISIS,
        "This assistance has allowed North Korea to",
        "unsupported",
        "A cause-and-effect claim with no evidence behind it. China was also the channel through "
        "which sanctions bit: its imports from North Korea fell about 88% in 2018. It also sits "
        "badly with the later claim that the North's capabilities are outdated.",
        _IMPORTS_FALL,
    ),
    # Geopolitical Benefits
    _label(
        GEO,
        "There are several geopolitical benefits that",
        "opinion",
        "A topic sentence that announces the section; it is too general to check on its own.",
        _NO_SOURCE,
    ),
    _label(
        GEO,
        "North Korea serves as a buffer state between",
        "supported",
        "The buffer-state argument is standard among analysts: North Korea keeps US-allied forces "
        "(about 28,500 US troops are in South Korea) away from China's border. 'Largely "
        "influenced' is loose wording for a sovereign US ally.",
        _BUFFER,
    ),
    _label(
        GEO,
        "By having North Korea as an ally, the Chinese",
        "inaccurate",
        "China has had no troops in North Korea since its last units withdrew in 1958, and it "
        "pulled its delegation out of the Armistice Commission at Panmunjom in 1994. The buffer "
        "keeps other forces away from China, not Chinese forces near the South.",
        _WITHDRAWAL_1958,
    ),
    _label(
        GEO,
        "This, in turn, gives them leverage in",
        "logical_flaw",
        "The conclusion rests on the false premise of the previous sentence (a Chinese military "
        "presence). China does have leverage, but it comes from being North Korea's dominant "
        "trading partner (96.7% of recorded trade in 2022) and a veto-holding Council member.",
        _TRADE_SHARE,
    ),
    _label(
        GEO,
        "Furthermore, while North Korea is not a major",
        "inaccurate",
        "About 26 million people (25.13 million in a Bank of Korea estimate) is not a small "
        "population; it is roughly half of South Korea's. The market is limited by poverty, "
        "about US$1,300 income per head, and by sanctions.",
        _BOK_2018,
    ),
    _label(
        GEO,
        "Chinese banks, factories, and businesses are",
        "inaccurate",
        "Out of date: UN resolutions China voted for ban joint ventures and North Korean bank "
        "branches, and in September 2017 China ordered North Korean firms and joint ventures "
        "to close within 120 days. Some illicit trade continues.",
        _JV_CLOSURE,
    ),
    # Strategic Considerations
    _label(
        STRAT,
        "From a strategic perspective, North Korea’s",
        "unsupported",
        "No evidence is given, and the wording is garbled. 'Remoteness' is also wrong: North Korea "
        "shares a border of about 1,350 km with China, plus borders with Russia and South Korea, "
        "which is exactly why it works as a buffer.",
        _BORDER,
    ),
    _label(
        STRAT,
        "After decades of isolation, North Korea’s",
        "inaccurate",
        "Only half true: resources are limited and conventional equipment is old, but North Korea "
        "carried out six nuclear tests from 2006 to 2017 and in November 2017 tested the "
        "Hwasong-15, an ICBM assessed to reach the whole continental US.",
        _HWASONG15,
    ),
    _label(
        STRAT,
        "This makes it an unreliable partner for any",
        "logical_flaw",
        "A non sequitur: an unreliable partner would be a reason to loosen ties, not to keep "
        "them. Analysts give other reasons for the ties, such as the buffer, stability and "
        "fear of a collapse sending refugees over the border.",
        _CFR,
    ),
    _label(
        STRAT,
        "China is also concerned about the",
        "supported",
        "China has said so publicly: it condemned the 2006 test as 'flagrant' and in 2017 "
        "voiced 'firm opposition' to the sixth nuclear test.",
        _CONDEMN_2017,
    ),
    _label(
        STRAT,
        "The behavior of the North Korean regime has",
        "supported",
        "The Security Council has condemned North Korea's tests again and again, always "
        "unanimously, starting with Resolution 1718 after the first test in October 2006.",
        _RES_1718,
    ),
    _label(
        STRAT,
        "China does not want to be seen as complacent",
        "logical_flaw",
        "Self-contradictory: backing North Korea 'regardless of the consequences' is itself "
        "complacency, and the motive is asserted without evidence. The record cuts against it: "
        "China voted for ten sanctions resolutions and stopped all North Korean coal imports "
        "in February 2017.",
        _COAL_BAN,
    ),
    # UN Sanctions
    _label(
        UN,
        "The United Nations has imposed numerous",
        "supported",
        "Accurate: the Security Council passed ten sanctions resolutions between 2006 and 2017, "
        "responding to nuclear tests and missile launches, the first being Resolution 1718 in "
        "October 2006.",
        _RES_1718,
    ),
    _label(
        UN,
        "These sanctions have had a significant impact",
        "supported",
        "The economic impact is well documented: the Bank of Korea says the North's GDP shrank "
        "4.1% in 2018 and exports fell about 86%. 'Forced ... to suffer' overstates a single "
        "cause, since regime choices, weather and COVID closures also played a part.",
        _GDP_2018,
    ),
    _label(
        UN,
        "The Chinese government has consistently",
        "inaccurate",
        "False for 2006-2017: China voted yes on all ten resolutions, every one unanimous, and "
        "co-negotiated Resolution 2321. Its opposition to new sanctions starts around 2019 and "
        "with the May 2022 veto, the first split among the permanent members on this since 2006.",
        _VETO_2022,
    ),
    _label(
        UN,
        "China has also been critical of military",
        "supported",
        "Matches China's stated position, for example its 2017 'suspension for suspension' "
        "proposal: North Korea halts tests, and the US and South Korea halt large exercises.",
        _SUSPENSION,
    ),
    _label(
        UN,
        "At the same time, Beijing has put pressure on",
        "supported",
        "Supported by votes, statements and enforcement, such as China's 2017 condemnation of "
        "the sixth nuclear test and its coal ban; how hard it has pushed is debated. Note that it "
        "contradicts the claim two sentences earlier that China consistently opposed sanctions.",
        _CONDEMN_2017,
    ),
    _label(
        UN,
        "However, it is also important to note that",
        "inaccurate",
        "Overstated: after China enforced the 2017 sanctions its imports from North Korea fell "
        "about 88% in 2018 and the North's GDP fell 4.1%, a meaningful effect. The fair point is "
        "that enforcement has gaps and China resisted the harshest steps.",
        _IMPORTS_FALL,
    ),
    # Conclusion
    _label(
        CONCL,
        "It is clear that China continues to protect",
        "logical_flaw",
        "The body never argues that China wants to avoid UN sanctions, and the idea makes no "
        "sense: China was never a sanctions target and holds a Council veto. The rest of the "
        "sentence just repeats the section headings and calls that proof ('it is clear').",
        _CFR,
    ),
    _label(
        CONCL,
        "Despite international pressure, China seems",
        "supported",
        "Fair and suitably hedged: the 1961 treaty is still in force and was reaffirmed in 2021. "
        "It leaves out that China also bent to pressure by voting for sanctions.",
        _TREATY_60,
    ),
    _label(
        CONCL,
        "In doing so, they are sending a message to",
        "unsupported",
        "A motive attributed to China without evidence, repeating the earlier 'not swayed' "
        "claim. China's record cuts against it: it voted for US-drafted sanctions, and the text "
        "of Resolution 2321 (2016) was negotiated between the US and China.",
        _RES_2321,
    ),
]


SECTION_NOTES: dict[str, list[NoteSpec]] = {
    INTRO: [
        NoteSpec(
            "context",
            "The article cites no sources, names no publication and has no date. Point this out "
            "before reading: every factual statement that follows is unsourced, so students must "
            "check claims against outside evidence rather than trust the text.",
        ),
        NoteSpec(
            "fact_check",
            "The treaty is real and accurately described: signed in Beijing on 11 July 1961, in "
            "force from 10 September 1961, still valid, and China's only defence pact.",
            "China has been a major ally of North Korea",
        ),
        NoteSpec(
            "misconception",
            "Students often assume an opening paragraph is neutral background. The third "
            "sentence is framing ('it is clear', 'significant importance'), not a checkable fact.",
            "While some aspects of the relationship remain",
        ),
        NoteSpec(
            "discussion_prompt",
            "This article cites no sources at all. Which statement in the introduction would you "
            "most want a source for, and what kind of source would convince you?",
        ),
    ],
    CRISIS: [
        NoteSpec(
            "context",
            "Timeline for the board: North Korea invades 25 June 1950; UN forces cross into the "
            "North in early October; Zhou Enlai warns on 3 October; Chinese troops cross the "
            "Yalu on 19 October; armistice 1953; aid agreement 23 November 1953.",
        ),
        NoteSpec(
            "fact_check",
            "'Quick' and 'following their war' are both wrong: China entered during the war, "
            "almost four months in, and only after UN forces approached its border.",
            "The Chinese government was quick to provide",
        ),
        NoteSpec(
            "misconception",
            "'Their war with South Korea' can suggest China fought the South, or that the war "
            "had no clear starter. North Korea launched the invasion.",
            "The Chinese government was quick to provide",
        ),
        NoteSpec(
            "discussion_prompt",
            "The section says China was 'quick' to help North Korea 'following' the war. What "
            "would you need to know to check those two words, and where could you look it up?",
        ),
    ],
    GEO: [
        NoteSpec(
            "context",
            "A buffer state keeps a rival's forces away from your border. Analysts say North "
            "Korea does this for China, keeping US-allied troops (about 28,500 US soldiers are "
            "stationed in South Korea) away from the Yalu.",
        ),
        NoteSpec(
            "fact_check",
            "No Chinese troops are stationed in North Korea: the last left in 1958, and China "
            "quit the Armistice Commission in 1994. The 'leverage' sentence that follows is built "
            "on this false premise.",
            "By having North Korea as an ally, the Chinese",
        ),
        NoteSpec(
            "misconception",
            "'Small population' is wrong: about 26 million people, roughly half of South Korea. "
            "The market is held back by poverty and sanctions, not size.",
            "Furthermore, while North Korea is not a major",
        ),
        NoteSpec(
            "discussion_prompt",
            "A buffer state keeps something away from a country's border. In this section, who "
            "is kept away from whom? Does the reasoning stay the same from sentence to sentence?",
        ),
    ],
    STRAT: [
        NoteSpec(
            "fact_check",
            "North Korea is not remote: it borders China (about 1,350 km), Russia and South "
            "Korea. Its location is the whole point of the buffer argument in the previous "
            "section.",
            "From a strategic perspective, North Korea’s",
        ),
        NoteSpec(
            "misconception",
            "'Outdated' fits the conventional army but not the nuclear and missile programme: "
            "six nuclear tests by 2017 and a Hwasong-15 ICBM able to reach the US mainland.",
            "After decades of isolation, North Korea’s",
        ),
        NoteSpec(
            "context",
            "Good section for teaching the non sequitur: 'unreliable partner ... which is why "
            "China keeps close ties' draws the opposite of what the premise suggests. The last "
            "sentence also contradicts itself (backing someone 'regardless of the consequences' "
            "is complacency).",
        ),
        NoteSpec(
            "discussion_prompt",
            "The article says North Korea is an unreliable partner, 'which is why' China keeps "
            "close ties. Does that conclusion follow from the reason given? What else might "
            "explain the ties?",
        ),
    ],
    UN: [
        NoteSpec(
            "context",
            "China voted yes on all ten North Korea sanctions resolutions from 2006 (Res. 1718) to "
            "2017 (Res. 2397), every one unanimous. It vetoed a new US draft with Russia in May "
            "2022 (13-2) and abstained when Russia vetoed the monitoring panel in March 2024.",
        ),
        NoteSpec(
            "fact_check",
            "'Consistently opposed' is false for 2006-2017. China's push against new sanctions "
            "dates from about 2019 (relief drafts with Russia) and the 2022 veto.",
            "The Chinese government has consistently",
        ),
        NoteSpec(
            "misconception",
            "Students may read the last sentence as the 'balanced' view. In fact China's 2017 "
            "enforcement cut its imports from North Korea by about 88% in 2018; the sentence also "
            "contradicts the section's own claim that sanctions hit the economy hard.",
            "However, it is also important to note that",
        ),
        NoteSpec(
            "discussion_prompt",
            "This section says China opposes sanctions, pressures North Korea, and will not "
            "impose sanctions that matter. Can all three be true at once? What evidence would "
            "help you decide?",
        ),
    ],
    CONCL: [
        NoteSpec(
            "fact_check",
            "'A desire to avoid UN sanctions' appears nowhere in the body and is impossible: "
            "China was never a sanctions target and holds a veto. Scholars' reasons are the "
            "buffer, stability and fear of collapse and refugees.",
            "It is clear that China continues to protect",
        ),
        NoteSpec(
            "context",
            "A useful check for students: a conclusion should sum up what the body showed. This "
            "one repeats the headings, adds a new reason, and restates the unsupported 'not "
            "swayed' motive from Strategic Considerations.",
        ),
        NoteSpec(
            "discussion_prompt",
            "Does the conclusion sum up what the article actually argued? Find anything that "
            "appears here for the first time, and discuss whether a conclusion should introduce "
            "new claims.",
        ),
    ],
}
