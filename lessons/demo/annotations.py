"""Teacher notes and claim labels for the demo lesson "Why Does China Protect North Korea".

Pure data: no model imports. ``seed_demo`` turns these into TeacherNote and ClaimLabel rows.

A ``sentence_prefix`` is the start of a sentence exactly as the importer stores it (pysbd,
curly apostrophes kept). It is unique within its section, so a loader can find the sentence
with ``sentence.text.startswith(prefix)``. Labels follow the teacher fact sheet
(../shared/factsheet.md, Part B), with its OPINION/VAGUE split into ``"vague"`` (too
general to check) and ``"opinion"`` (a value judgement), and its judgement calls marked
``contested`` with the reason (never scored in spot-the-claim). Explanations are written
for students; every label with a factual verdict, and every note, names where to check it,
preferring primary records (UN press releases, treaty texts, official statements).
"""

from typing import NamedTuple


class NoteSpec(NamedTuple):
    kind: str  # "context" | "fact_check" | "discussion_prompt" | "misconception"
    body: str
    sentence_prefix: str = ""  # empty: the note is about the whole section
    source: str = ""  # where to check what the note says: a citation, then a URL


class LabelSpec(NamedTuple):
    section: str
    sentence_prefix: str
    verdict: str  # "supported" | "unsupported" | "inaccurate" | "logical_flaw" | "vague" | ...
    explanation: str
    source_title: str
    source_url: str
    evidence: str = ""  # what would settle it, and where a reader would look
    contested_reason: str = ""  # non-empty: a judgement call, never scored
    alternative_verdict: str = ""  # a second defensible verdict (its reason also counts)

    @property
    def contested(self) -> bool:
        return bool(self.contested_reason)


INTRO = "Introduction"
CRISIS = "Chinese Help in Times of Crisis"
GEO = "Geopolitical Benefits"
STRAT = "Strategic Considerations"
UN = "UN Sanctions"
CONCL = "Conclusion"
BIO = "About the author"  # the importer's heading for the author's bio, the last section

SECTION_HEADINGS = [INTRO, CRISIS, GEO, STRAT, UN, CONCL, BIO]

#: Verdicts that say nothing checkable is claimed; every other label names a source.
NON_FACTUAL_VERDICTS = ("vague", "opinion")

LESSON_SOURCE = dict(author="Cassie Grissom", publication="", url="", published="")

AUTHOR_BIO_NOTE = (
    "The bio's credentials cannot be checked: it names no outlet, book, employer or "
    "organisation, and a search of archived web pages turned up no bylines for a journalist "
    "called Cassie Grissom. The page also has no date, no publisher and no sources, and ends "
    "in a generic blog footer. The bio promises a human-rights focus the article hardly shows. "
    "Treat these as warning signs to discuss, not as proof that the bio is invented."
)

# Sources: (title, URL) from the fact sheet's reference list (Part F), primary records first.
_FACT_SHEET = "Claimwise teacher fact sheet on this article"
_A13 = (
    f"{_FACT_SHEET}, A13: a search of archived web pages found no bylines, publications or "
    "organisation for this name",
    "",
)
_TREATY_TEXT = (
    "Treaty of Friendship, Cooperation and Mutual Assistance (11 July 1961), text in Peking "
    "Review vol. 4 no. 28, 14 July 1961",
    "https://marxists.org/subject/china/peking-review/1961/PR1961-28a.htm",
)
_TREATY_60 = (
    "Global Times, 11 Jul 2021: Xi and Kim exchange messages on the treaty's 60th anniversary",
    "https://www.globaltimes.cn/page/202107/1228326.shtml",
)
_CFR = (
    "Council on Foreign Relations, The China-North Korea Relationship (backgrounder, 2014)",
    "https://china.usc.edu/council-foreign-relations-cfr-backgrounders-china-north-korea-relationship-august-22-2014",
)
_ZHOU_WARNING = (
    "Foreign Relations of the United States, 1950, vol. VII, doc. 614: Zhou Enlai's warning "
    "of 3 October 1950",
    "https://history.state.gov/historicaldocuments/frus1950v07/d614",
)
_INVASION = (
    "Veterans Affairs Canada, Invasion and World Reaction (25 June 1950)",
    "https://www.veterans.gc.ca/eng/remembrance/history/korean-war/valour-remembered/invasion",
)
_CPV_CROSSING = (
    "People's Daily, 23 Oct 2020: Chinese People's Volunteers crossed the Yalu on 19 Oct 1950",
    "http://en.people.cn/n3/2020/1023/c90000-9772499.html",
)
_PIPELINE = (
    "Reuters, 28 Apr 2017: How North Korea gets its oil from China",
    "https://www.reuters.com/article/us-northkorea-usa-oil-idUSKBN17U1I1",
)
_IMPORTS_FALL = (
    "Wall Street Journal (via MarketScreener), 13 Jan 2019: China scaled back trade with "
    "North Korea in 2018, Chinese customs data",
    "https://www.marketscreener.com/news/China-Scaled-Back-Trade-With-North-Korea-in-2018-Official--27861135/",
)
_BUFFER = (
    "Newsweek, 2017: China, North Korea and the buffer-zone rationale",
    "https://www.newsweek.com/china-north-korea-trump-allies-economy-583883",
)
_US_TROOPS = (
    "Korea Herald / Yonhap, 14 Apr 2018: US Forces Korea at 28,500 troops",
    "http://www.koreaherald.com/view.php?ud=20180414000040",
)
_WITHDRAWAL_1958 = (
    "The Nanjinger, On this day in Chinese history: 20 February (1958 troop withdrawal)",
    "https://thenanjinger.com/magazine/diplomacy-talks/on-this-day-in-chinese-history-20-february",
)
_ARMISTICE_1994 = (
    "Baltimore Sun / New York Times News Service, 3 Sep 1994: China quits Korean peace commission",
    "http://articles.baltimoresun.com/1994-09-03/news/1994246015_1_north-korea-south-korea-korean-government",
)
_TRADE_SHARE = (
    "Korea Herald, 16 Aug 2023 (KOTRA data): China's share of North Korea's recorded trade "
    "was 96.7% in 2022",
    "https://www.koreaherald.com/view.php?ud=20230816000807",
)
_BOK_2018 = (
    "Reuters (via Techgraph), Jul 2019: Bank of Korea estimates of North Korea's 2018 "
    "population, income and economy",
    "https://techgraph.co/business/north-koreas-economy-drops-the-most-in-2018-since-1997",
)
_POPULATION = (
    "Demographics of North Korea (2008 census; 25.97 million estimated for 2021)",
    "https://wikimili.com/wiki/Demographics_of_North_Korea",
)
_JV_CLOSURE = (
    "China Daily, 29 Sep 2017: North Korean joint ventures in China ordered to shut within "
    "120 days",
    "https://global.chinadaily.com.cn/cndy/2017-09/29/content_32630394.htm",
)
_BORDER = (
    "China-North Korea border (about 1,352 km)",
    "https://en.wikipedia.org/wiki/China%E2%80%93North_Korea_border",
)
_USFK_HWASONG15 = (
    "Defence-Point, 12 Jul 2019: US Forces Korea study assesses the Hwasong-15 can reach the "
    "US mainland",
    "https://defence-point.com/2019/07/12/usfk-north-korean-icbm-can-strike-mainland-us/",
)
_STATEMENT_2006 = (
    "People's Daily, 9 Oct 2006: Chinese Foreign Ministry statement on North Korea's nuclear test",
    "http://en.people.cn/200610/09/print20061009_310158.html",
)
_CONDEMN_2017 = (
    "China Daily, 5 Sep 2017: China condemns North Korea's sixth nuclear test at the UN",
    "https://global.chinadaily.com.cn/usa/world/2017-09/05/content_31565445.htm",
)
_RES_1695 = (
    "UN press release SC/8778, 15 Jul 2006: Security Council condemns missile launches, "
    "Resolution 1695 adopted unanimously",
    "https://www.un.org/press/en/2006/sc8778.doc.htm",
)
_RES_1695_WEAKENED = (
    "New York Times, 16 Jul 2006: U.N. Council, in Weakened Resolution, Demands End to North "
    "Korean Missile Program",
    "http://www.nytimes.com/2006/07/16/world/asia/16nations.html",
)
_RES_1718 = (
    "UN press release SC/8853, 14 Oct 2006: Security Council adopts Resolution 1718 "
    "unanimously (the first of ten sanctions resolutions to 2017)",
    "https://press.un.org/en/2006/sc8853.doc.htm",
)
_COAL_BAN = (
    "Reuters, 18 Feb 2017: China suspends all coal imports from North Korea",
    "http://uk.reuters.com/article/china-coal-northkorea-idUKL4N1G40BO",
)
_GDP_2018 = (
    "Wall Street Journal (via MarketScreener), 25 Jul 2019: North Korea's economy contracted "
    "in 2018, Bank of Korea says",
    "https://www.marketscreener.com/news/North-Korea-s-Economy-Contracted-in-2018-Seoul-Says--28961994/",
)
_SUSPENSION = (
    "AP (via WJBF), 8 Mar 2017: China proposes 'suspension for suspension'",
    "http://wjbf.com/2017/03/08/china-says-n-korea-could-suspend-nukes-for-halt-in-u-s-drills/",
)
_RES_2321 = (
    "Japan Times, 1 Dec 2016: text of Resolution 2321 negotiated between the US and China",
    "https://www.japantimes.co.jp/news/2016/12/01/asia-pacific/u-n-security-council-imposes-new-sanctions-north-korea/",
)
_BLACKLIST_2018 = (
    "The Guardian, 31 Mar 2018: 1718 Committee blacklists shipping firms, including companies "
    "in mainland China and Hong Kong",
    "https://www.theguardian.com/world/2018/mar/31/north-korea-smuggling-dozens-of-ships-and-companies-blacklisted-by-un",
)
_NO_SOURCE = ("", "")


def _source(pair: tuple[str, str]) -> str:
    """A note's source as one line: the citation, then its URL when there is one."""
    title, url = pair
    return f"{title}: {url}" if url else title


def _label(
    section, prefix, verdict, explanation, source, *, evidence, contested="", also=""
) -> LabelSpec:
    return LabelSpec(section, prefix, verdict, explanation, *source, evidence, contested, also)


CLAIM_LABELS: list[LabelSpec] = [
    # Introduction
    _label(
        INTRO,
        "China has been a major ally of North Korea",
        "supported",
        "Accurate: the two states signed a Treaty of Friendship, Cooperation and Mutual "
        "Assistance in Beijing on 11 July 1961, and its Article II commits each to give the "
        "other immediate military help if attacked. It is still in force and was reaffirmed on "
        "its 60th anniversary in 2021. ('For some time' is loose, but the claim checks out.)",
        _TREATY_TEXT,
        evidence="The treaty's own text (Article II) and any later act ending or amending it; "
        "the leaders' 2021 anniversary messages show it still stands.",
    ),
    _label(
        INTRO,
        "Chinese diplomacy and economic aid have been",
        "supported",
        "The mainstream view of specialists, although the article gives no evidence for it: "
        "the Council on Foreign Relations calls China North Korea's most important ally, its "
        "biggest trading partner and its main source of food, arms and energy, and says China "
        "has helped sustain the regime. Unsourced here is not the same as unsupported.",
        _CFR,
        evidence="Trade and aid figures over the decades (customs data, UN food-aid records) "
        "and specialists' accounts of how the regime survived its crises.",
    ),
    _label(
        INTRO,
        "While some aspects of the relationship remain",
        "opinion",
        "A framing sentence: that the relationship is 'mysterious', 'of significant "
        "importance' and 'of concern' are the writer's judgements. Nothing specific is "
        "claimed, so there is nothing to check, and nothing false.",
        _NO_SOURCE,
        evidence="Nothing can settle a value judgement; a reader can only ask which aspects "
        "are 'mysterious', and to whom.",
        contested="Opinion or too vague to check? The value words ('significant importance', "
        "'concern') make it an opinion; the loose framing ('some aspects', 'not fully "
        "understood') makes it too vague to check. Either way it is not an error, so picking "
        "it or leaving it costs nothing.",
    ),
    # Chinese Help in Times of Crisis
    _label(
        CRISIS,
        "The Chinese government was quick to provide",
        "inaccurate",
        "Wrong on timing and order. North Korea started the war by invading the South on "
        "25 June 1950. On 3 October Zhou Enlai warned, through India's ambassador, that China "
        "would send troops if US forces crossed the 38th parallel; South Korean troops had "
        "crossed on 1 October and US forces followed around 7 October. Chinese troops crossed "
        "the Yalu on 19 October, almost four months into the war: neither quick nor "
        "'following' it. 'Their war' also hides who started it.",
        _ZHOU_WARNING,
        evidence="The dates: when the invasion began, when UN forces crossed the 38th "
        "parallel, when China warned and when its troops crossed the Yalu (US diplomatic "
        "records, Chinese official histories).",
    ),
    _label(
        CRISIS,
        "They sent troops and fighters to help repel",
        "supported",
        "Broadly right: Chinese official figures say about 2.9 million Chinese soldiers served "
        "in Korea and they pushed UN forces back; after the armistice China signed an "
        "economic and cultural agreement with North Korea (23 November 1953) and pledged "
        "large free aid.",
        _CPV_CROSSING,
        evidence="Military histories of the war, the 1953 agreement, and historians' accounts "
        "of China's post-war aid (Shen Zhihua and Xia Yafeng).",
    ),
    _label(
        CRISIS,
        "This support has been maintained over the",
        "supported",
        "Consistent with the sources: the Council on Foreign Relations names China as North "
        "Korea's main source of food and energy, and in 2017 Reuters described China's crude "
        "oil supply by pipeline as an aid programme then about 40 years old.",
        _PIPELINE,
        evidence="China's aid and trade year by year (customs data, UN food-aid records), "
        "looking for breaks as well as continuity.",
        contested="'Maintained over the years' skates over years of strain, such as the "
        "2017-18 sanctions cuts. Some careful readers flag it as unsupported for that; others "
        "accept it as a fair summary. Picking it or leaving it costs nothing.",
    ),
    _label(
        CRISIS,
        "This assistance has allowed North Korea to",
        "unsupported",
        "A cause-and-effect claim with no evidence behind it. Analysts do argue it, but it "
        "overstates: China was also the channel through which sanctions bit, and its imports "
        "from North Korea fell about 88% in 2018 once it enforced them. It also sits badly "
        "with the later claim that North Korea's capabilities are 'outdated'.",
        _IMPORTS_FALL,
        evidence="What North Korea would have lacked without Chinese supplies: trade and aid "
        "flows set against sanctions periods (customs data, UN Panel of Experts reports).",
    ),
    # Geopolitical Benefits
    _label(
        GEO,
        "There are several geopolitical benefits that",
        "vague",
        "A topic sentence: 'several geopolitical benefits' names none, so on its own it is "
        "too general to check. It can only be judged by what the rest of the section names, "
        "and most of what it names fails a check.",
        _NO_SOURCE,
        evidence="Name the benefits first; each named benefit can then be checked on its own.",
    ),
    _label(
        GEO,
        "North Korea serves as a buffer state between",
        "supported",
        "The buffer-state argument is standard among analysts: North Korea keeps US-allied "
        "forces away from China's border (about 28,500 US troops were based in South Korea "
        "in 2018).",
        _BUFFER,
        evidence="Analysts' accounts of China's strategic thinking, and the size of the US "
        "presence in South Korea (US Forces Korea figures).",
        contested="'Largely influenced by the United States' is loose wording for a sovereign "
        "US treaty ally. Some careful readers flag it as unsupported; others read it as "
        "shorthand for the alliance. Picking it or leaving it costs nothing.",
    ),
    _label(
        GEO,
        "By having North Korea as an ally, the Chinese",
        "inaccurate",
        "China has had no troops in North Korea since its last units withdrew in 1958, and in "
        "1994 it pulled its delegation out of the Military Armistice Commission at Panmunjom. "
        "The buffer works the other way: it keeps other forces away from China, not Chinese "
        "forces near the South.",
        _ARMISTICE_1994,
        evidence="Records of where Chinese forces have been based since the war: the 1958 "
        "withdrawal, the 1994 exit from the Armistice Commission, and current defence reports.",
    ),
    _label(
        GEO,
        "This, in turn, gives them leverage in",
        "logical_flaw",
        "The conclusion rests on the false premise of the sentence before it (a Chinese "
        "military presence near the South). China does have leverage, but it comes from being "
        "North Korea's dominant partner, with 96.7% of its recorded trade in 2022, and a "
        "veto-holding member of the Security Council.",
        _TRADE_SHARE,
        evidence="Check the premise first (where Chinese troops are), then what specialists "
        "say China's leverage rests on: trade, aid and its Security Council seat.",
    ),
    _label(
        GEO,
        "Furthermore, while North Korea is not a major",
        "inaccurate",
        "About 26 million people (25.13 million in a Bank of Korea estimate for 2018) is not "
        "a small population: it is roughly half of South Korea's. What limits the market is "
        "poverty, with income of about US$1,300 a head, and sanctions.",
        _BOK_2018,
        evidence="A census or official population estimate, compared with countries readers "
        "would call small or mid-sized; income per head for the size of the market.",
        contested="'Small' is relative, and the fact sheet itself allows reading the sentence "
        "as too vague to check rather than wrong. Picking it or leaving it costs nothing.",
    ),
    _label(
        GEO,
        "Chinese banks, factories, and businesses are",
        "inaccurate",
        "Out of date: UN resolutions that China voted for ban joint ventures with North Korean "
        "entities and North Korean bank branches abroad, and in September 2017 China ordered "
        "North Korean firms and joint ventures in China to close within 120 days. Some "
        "non-sanctioned and illicit trade continues, but 'foreign investments' is what the "
        "rules now forbid.",
        _JV_CLOSURE,
        evidence="The texts of Resolutions 2270, 2371 and 2375 (banks, joint ventures) and "
        "China's closure order of September 2017.",
    ),
    # Strategic Considerations
    _label(
        STRAT,
        "From a strategic perspective, North Korea’s",
        "unsupported",
        "No evidence is given, and the wording is garbled ('diplomatic warnings "
        "initiatives'). 'Remoteness' is also wrong: North Korea shares a border of about "
        "1,350 km with China, as well as borders with Russia and South Korea, which is exactly "
        "why it can serve as a buffer.",
        _BORDER,
        evidence="A map and the border lengths; specialists' accounts of whether North Korea "
        "has been used as a proxy.",
        also="inaccurate",
    ),
    _label(
        STRAT,
        "After decades of isolation, North Korea’s",
        "inaccurate",
        "Only half true: resources are limited and much conventional equipment is old, but "
        "North Korea carried out six nuclear tests from 2006 to 2017, and in November 2017 it "
        "tested the Hwasong-15 missile. North Korea claimed it could reach the whole "
        "continental United States; a 2019 US Forces Korea study assessed that it could reach "
        "the US mainland.",
        _USFK_HWASONG15,
        evidence="Independent assessments of the missile programme, such as US Forces Korea's, "
        "rather than North Korea's own announcements, set against the state of its "
        "conventional forces.",
    ),
    _label(
        STRAT,
        "This makes it an unreliable partner for any",
        "logical_flaw",
        "A non sequitur: if North Korea were an unreliable partner, that would be a reason to "
        "loosen ties, not to keep them. Specialists give other reasons for the ties: the "
        "buffer, stability on China's border and fear that a collapse would send refugees "
        "across it.",
        _CFR,
        evidence="Whether the premise supports the conclusion at all; then what specialists "
        "say the ties rest on.",
    ),
    _label(
        STRAT,
        "China is also concerned about the",
        "supported",
        "China has said so publicly: after the first nuclear test in October 2006 its Foreign "
        "Ministry said North Korea had 'flagrantly' carried it out, and in 2017 China "
        "expressed 'firm opposition' to the sixth test.",
        _STATEMENT_2006,
        evidence="China's official statements after each test (Foreign Ministry statements, "
        "speeches at the UN).",
    ),
    _label(
        STRAT,
        "The behavior of the North Korean regime has",
        "supported",
        "The Security Council has condemned North Korea's launches and tests again and again, "
        "unanimously from Resolution 1695 (July 2006, after missile launches) to Resolution "
        "2397 (December 2017). The unanimity ended in May 2022, when China and Russia vetoed a "
        "new draft.",
        _RES_1695,
        evidence="The Council's resolutions and the UN press release of each vote.",
    ),
    _label(
        STRAT,
        "China does not want to be seen as complacent",
        "logical_flaw",
        "Self-contradictory: backing North Korea 'regardless of the consequences' is itself "
        "complacency, and the motive is asserted without evidence. The record cuts against it "
        "too: China voted for every sanctions resolution from 2006 to 2017 and stopped all coal "
        "imports from North Korea in February 2017.",
        _COAL_BAN,
        evidence="China's votes and enforcement steps under outside pressure (UN press "
        "releases, customs data), and any statement of its motives by China itself.",
        also="unsupported",
    ),
    # UN Sanctions
    _label(
        UN,
        "The United Nations has imposed numerous",
        "supported",
        "Accurate: the Security Council adopted ten sanctions resolutions on North Korea, from "
        "Resolution 1718 (October 2006) to Resolution 2397 (December 2017), in response to "
        "nuclear tests and missile launches.",
        _RES_1718,
        evidence="The list of the Council's North Korea resolutions and the press release of "
        "each vote.",
    ),
    _label(
        UN,
        "These sanctions have had a significant impact",
        "supported",
        "The economic impact is well documented: the Bank of Korea estimates North Korea's "
        "economy shrank 4.1% in 2018 and its exports fell about 86%, and the UN Panel of "
        "Experts found 'unintended consequences' for aid work. 'Forced ... to suffer' puts it "
        "all on one cause; regime choices, weather and later the COVID-19 border closures also "
        "played a part.",
        _GDP_2018,
        evidence="Economic estimates (Bank of Korea), UN reports on humanitarian effects, and "
        "studies that separate sanctions from other causes.",
        contested="The fact sheet names this a judgement call: it could also be labelled "
        "unsupported, because the suffering is put down to sanctions alone. Picking it or "
        "leaving it costs nothing.",
    ),
    _label(
        UN,
        "The Chinese government has consistently",
        "inaccurate",
        "False as stated. China voted yes on every North Korea sanctions resolution from 1718 "
        "(2006) to 2397 (2017), all of them unanimous, and negotiated the text of Resolution "
        "2321 with the US. The grain of truth: China bargained drafts down from the start (in "
        "July 2006 the Chapter VII reference was dropped from Resolution 1695 in the face of a "
        "likely Chinese veto; in September 2017 the US draft's full oil embargo became a cap in "
        "Resolution 2375), and since about 2019 it has openly opposed new or tighter sanctions "
        "(relief drafts with Russia, the May 2022 veto). Weakening sanctions is not opposing "
        "them.",
        _RES_1718,
        evidence="The voting record in the UN press releases of each resolution (SC/8853 for "
        "1718, SC/9679 for 1874, SC/12853 for 2356 ...), and reporting on how the drafts were "
        "negotiated (New York Times on 1695, AP on 2375).",
    ),
    _label(
        UN,
        "China has also been critical of military",
        "supported",
        "Matches China's stated position, for example its 2017 'suspension for suspension' "
        "proposal: North Korea halts nuclear and missile activity, and the US and South Korea "
        "halt large military exercises.",
        _SUSPENSION,
        evidence="China's Foreign Ministry statements on exercises and restraint.",
    ),
    _label(
        UN,
        "At the same time, Beijing has put pressure on",
        "supported",
        "Supported by China's votes, statements and enforcement, such as its public "
        "condemnation of the 2017 nuclear test and its coal ban of the same year; how hard it "
        "has pushed is debated. It also contradicts the claim two sentences earlier that "
        "China 'consistently opposed' sanctions.",
        _CONDEMN_2017,
        evidence="China's statements after tests, its votes, and its enforcement (customs "
        "data on coal and other sanctioned goods).",
    ),
    _label(
        UN,
        "However, it is also important to note that",
        "inaccurate",
        "Overstated: once China enforced the 2017 sanctions, its imports from North Korea fell "
        "about 88% in 2018 and North Korea's economy shrank 4.1%, a meaningful effect. The fair "
        "version: enforcement has gaps (the UN Panel of Experts documented ship-to-ship "
        "transfers), China resisted the harshest measures, and it has pushed for relief since "
        "2019. The sentence also contradicts the section's own claim of a 'significant "
        "impact', which is why 'does not follow' counts as a reason too.",
        _IMPORTS_FALL,
        evidence="Trade and economic figures before and after 2017 (Chinese customs, Bank of "
        "Korea), and UN Panel of Experts reports on evasion.",
        also="logical_flaw",
    ),
    # Conclusion
    _label(
        CONCL,
        "It is clear that China continues to protect",
        "logical_flaw",
        "The body never argues that China wants to avoid UN sanctions, and as a motive it makes "
        "no sense: the Chinese state has never been a target of these sanctions and, holding "
        "a veto, cannot be sanctioned by the Council against its will. (China-based companies "
        "have been: in March 2018 the 1718 Committee blacklisted firms in mainland China and "
        "Hong Kong.) The rest of the sentence repeats the section headings and calls that "
        "proof ('it is clear').",
        _BLACKLIST_2018,
        evidence="Whether any section argued this reason; the Council's lists of sanctioned "
        "entities; the veto rule of the UN Charter.",
    ),
    _label(
        CONCL,
        "Despite international pressure, China seems",
        "supported",
        "Fair and hedged ('seems'): the 1961 treaty is still in force and both leaders "
        "reaffirmed it in 2021.",
        _TREATY_60,
        evidence="The treaty's status and the 2021 anniversary messages; China's record of "
        "responding to pressure (its votes for sanctions).",
        contested="It leaves out that China also bent to pressure by voting for sanctions. "
        "Whether that omission makes it misleading is a judgement call, so picking it or "
        "leaving it costs nothing.",
    ),
    _label(
        CONCL,
        "In doing so, they are sending a message to",
        "unsupported",
        "A motive attributed to China without evidence, repeating the 'not swayed' claim of "
        "Strategic Considerations. China's record cuts against it: it voted for US-drafted "
        "sanctions, and the text of Resolution 2321 (2016) was negotiated between the US and "
        "China.",
        _RES_2321,
        evidence="China's own statements of its aims, and its votes on US-drafted resolutions.",
    ),
    # About the author: the bio is the last section, and its sentences are claims too.
    _label(
        BIO,
        "Cassie Grissom is an American journalist",
        "unsupported",
        "No outlet, publication or employer is named, and a search of archived web pages "
        "found no bylines for a journalist of this name. A warning sign, not proof that the "
        "claim is false.",
        _A13,
        evidence="Bylines in news archives, a publisher's or employer's page naming her, a "
        "book in a library catalogue: anything outside the bio.",
    ),
    _label(
        BIO,
        "She has been studying the Korean peninsula",
        "unsupported",
        "No institution, course or published work is named. The claimed focus on human rights "
        "hardly shows in the article, which barely mentions them.",
        _A13,
        evidence="Published work on human rights in North Korea under her name, or an "
        "institution she studied or works at.",
    ),
    _label(
        BIO,
        "In addition to her work as an author",
        "unsupported",
        "No organisation, campaign or event is named, so there is nothing to check.",
        _A13,
        evidence="The name of an organisation she works with, and its own record of her.",
    ),
    _label(
        BIO,
        "She regularly shares stories about life",
        "unsupported",
        "No venue, talk or published story is given.",
        _A13,
        evidence="Examples that can be found: a dated talk, an article, a venue.",
    ),
]


SECTION_NOTES: dict[str, list[NoteSpec]] = {
    INTRO: [
        NoteSpec(
            "context",
            "The article cites no sources, names no publication and has no date. Point this out "
            "before reading: every factual statement that follows is unsourced, so students must "
            "check claims against outside evidence rather than trust the text. Unsourced is not "
            "the same as false: several sentences hold up when checked.",
            source=f"{_FACT_SHEET}, introduction and A13",
        ),
        NoteSpec(
            "fact_check",
            "The treaty is real and accurately described: signed in Beijing on 11 July 1961, in "
            "force from 10 September 1961 and still valid. It is described as China's only "
            "defence pact with any country (North Korea signed a comparable pact with Russia in "
            "June 2024).",
            "China has been a major ally of North Korea",
            source=_source(_TREATY_TEXT),
        ),
        NoteSpec(
            "misconception",
            "Students often take an opening paragraph for neutral background. The third "
            "sentence is framing and judgement ('significant importance', 'of concern'), not a "
            "checkable fact, and not an error either: the Introduction's spot-the-claim item has "
            "nothing to flag, on purpose.",
            "While some aspects of the relationship remain",
            source=f"{_FACT_SHEET}, Part B (Intro-S3)",
        ),
        NoteSpec(
            "discussion_prompt",
            "This article cites no sources at all. Which statement in the introduction would you "
            "most want a source for, and what kind of source would convince you?",
            source=_source(_TREATY_TEXT),
        ),
    ],
    CRISIS: [
        NoteSpec(
            "context",
            "Timeline for the board: North Korea invades the South, 25 June 1950. South Korean "
            "troops cross the 38th parallel, 1 October. Zhou Enlai warns through India's "
            "ambassador, 3 October, that China will send troops if US forces cross. US forces "
            "cross, about 7 October. Pyongyang falls and Chinese troops cross the Yalu, "
            "19 October. Armistice, 1953; aid agreement, 23 November 1953.",
            source=_source(_ZHOU_WARNING),
        ),
        NoteSpec(
            "fact_check",
            "'Quick' and 'following their war' are both wrong: China entered during the war, "
            "almost four months in, after UN forces had crossed into the North and were nearing "
            "its border.",
            "The Chinese government was quick to provide",
            source=_source(_CPV_CROSSING),
        ),
        NoteSpec(
            "misconception",
            "'Their war with South Korea' can suggest China fought a war of its own with the "
            "South, or that the war had no clear starter. North Korea launched the invasion on "
            "25 June 1950.",
            "The Chinese government was quick to provide",
            source=_source(_INVASION),
        ),
        NoteSpec(
            "discussion_prompt",
            "The section says China was 'quick' to help North Korea 'following' the war. What "
            "would you need to know to check those two words, and where could you look it up?",
            source=_source(_CPV_CROSSING),
        ),
    ],
    GEO: [
        NoteSpec(
            "context",
            "A buffer state keeps a rival's forces away from your border. Analysts say North "
            "Korea does this for China, keeping US-allied troops (about 28,500 US soldiers were "
            "stationed in South Korea in 2018) away from the Yalu.",
            source=_source(_US_TROOPS),
        ),
        NoteSpec(
            "fact_check",
            "No Chinese troops are stationed in North Korea: the last left in 1958, and China "
            "withdrew from the Military Armistice Commission in 1994 (announced in September; "
            "its delegation left on 15 December). The 'leverage' sentence that follows is built "
            "on this false premise.",
            "By having North Korea as an ally, the Chinese",
            source=_source(_ARMISTICE_1994),
        ),
        NoteSpec(
            "misconception",
            "'Small population' is misleading: about 26 million people (2021 estimate), roughly "
            "half of South Korea. Poverty and sanctions, not size, hold the market back. The "
            "quiz does not score this sentence, since 'small' is relative: discuss why it still "
            "misleads.",
            "Furthermore, while North Korea is not a major",
            source=_source(_POPULATION),
        ),
        NoteSpec(
            "discussion_prompt",
            "A buffer state keeps something away from a country's border. In this section, who "
            "is kept away from whom? Does the reasoning stay the same from sentence to sentence?",
            source=_source(_BUFFER),
        ),
    ],
    STRAT: [
        NoteSpec(
            "fact_check",
            "North Korea is not remote: it borders China (about 1,350 km), Russia and South "
            "Korea. Its location is the whole point of the buffer argument in the previous "
            "section.",
            "From a strategic perspective, North Korea’s",
            source=_source(_BORDER),
        ),
        NoteSpec(
            "misconception",
            "'Outdated' fits much of the conventional army but not the nuclear and missile "
            "programme: six nuclear tests by 2017, and the Hwasong-15, which North Korea claimed "
            "could reach the whole continental US and which a 2019 US Forces Korea study "
            "assessed could reach the US mainland.",
            "After decades of isolation, North Korea’s",
            source=_source(_USFK_HWASONG15),
        ),
        NoteSpec(
            "context",
            "Good section for teaching the non sequitur: North Korea is 'an unreliable partner "
            "for any foreign power, which is why China continues to maintain its close economic "
            "and political ties', the opposite of what the premise suggests. The last sentence "
            "also contradicts itself (backing someone 'regardless of the consequences' is "
            "complacency).",
            source=f"{_FACT_SHEET}, Part C (contradictions 1 and 2)",
        ),
        NoteSpec(
            "discussion_prompt",
            "The article says North Korea is an unreliable partner, 'which is why' China keeps "
            "close ties. Does that conclusion follow from the reason given? What else might "
            "explain the ties?",
            source=_source(_CFR),
        ),
    ],
    UN: [
        NoteSpec(
            "context",
            "China voted yes on all ten North Korea sanctions resolutions from 1718 (October "
            "2006) to 2397 (December 2017), every one unanimous; so was the Council's first "
            "condemnation in the series, Resolution 1695 (July 2006). The unanimity broke on "
            "26 May 2022, when China and Russia vetoed a new US draft (13-2). In March 2024 China "
            "abstained when Russia vetoed the renewal of the UN Panel of Experts.",
            source=_source(_RES_1718),
        ),
        NoteSpec(
            "fact_check",
            "'Consistently opposed' is false: China voted for every resolution. What is true is "
            "that it bargained drafts down from the start (in July 2006 the Chapter VII "
            "reference was left out of Resolution 1695 in the face of a likely Chinese veto; in "
            "September 2017 the US draft's full oil embargo became a cap in Resolution 2375), "
            "and that from about 2019 (relief drafts with Russia) and with the 2022 veto it "
            "openly opposed new or tighter sanctions.",
            "The Chinese government has consistently",
            source=_source(_RES_1695_WEAKENED),
        ),
        NoteSpec(
            "misconception",
            "Students may read the last sentence as the 'balanced' view. In fact China's 2017 "
            "enforcement cut its imports from North Korea by about 88% in 2018; the sentence also "
            "contradicts the section's own claim that sanctions hit the economy hard.",
            "However, it is also important to note that",
            source=_source(_IMPORTS_FALL),
        ),
        NoteSpec(
            "discussion_prompt",
            "This section says China opposes sanctions, pressures North Korea, and will not "
            "impose sanctions that matter. Can all three be true at once? What evidence would "
            "help you decide?",
            source=_source(_RES_1718),
        ),
    ],
    CONCL: [
        NoteSpec(
            "fact_check",
            "'A desire to avoid UN sanctions' appears nowhere in the body and cannot be the "
            "Chinese state's motive: it has never been a target of these sanctions and holds a "
            "veto. (China-based companies have been blacklisted, for example by the 1718 "
            "Committee in March 2018, which is a different thing.) Scholars' reasons are the "
            "buffer, stability and fear of collapse and refugees.",
            "It is clear that China continues to protect",
            source=_source(_CFR),
        ),
        NoteSpec(
            "context",
            "A useful check for students: a conclusion should sum up what the body showed. This "
            "one repeats the headings, adds a new reason, and restates the unsupported 'not "
            "swayed' motive from Strategic Considerations.",
            source=f"{_FACT_SHEET}, Part C (contradiction 9)",
        ),
        NoteSpec(
            "discussion_prompt",
            "Does the conclusion sum up what the article actually argued? Find anything that "
            "appears here for the first time, and discuss whether a conclusion should introduce "
            "new claims.",
            source=f"{_FACT_SHEET}, Part C (contradiction 9)",
        ),
    ],
    BIO: [
        NoteSpec("fact_check", AUTHOR_BIO_NOTE, source=_source(_A13)),
        NoteSpec(
            "discussion_prompt",
            "The bio is the author's own account of who she is. What would you need to find, "
            "outside the bio, to trust it, and where would you look first?",
            source=_source(_A13),
        ),
    ],
}
