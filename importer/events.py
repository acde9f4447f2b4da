"""What happened, and the numbers claimed about it: the kind of incident a text
reports ("drones attacked Belgorod overnight") and the figures it states ("two
people were injured, the governor said"), each with its claimant where the
words are someone's statement.

Rules over the text only; which archived event a draft reports is decided
against the archive by items.events.matching_events.
"""

import re

from items.models.events import ReportedFigure

from .proposals import FigureProposal, QuoteProposal

Q = ReportedFigure.Quantity

# Words that say what kind of incident it was, most specific first: a drone that
# hit a substation is a strike on infrastructure, and drones that air defence
# shot down are still a drone strike, as ACLED codes them (an interception is
# the kind when nothing else is named as much). The kind named most often wins;
# ties go to the first.
KIND_WORDS = [
    ("cross_border_raid", r"incursion|cross-border raid|raid\w*|infiltrat\w+"),
    (
        "infrastructure_strike",
        r"power (?:plant|station|grid|line)s?|substation"
        r"|energy (?:facilit|infrastructure)\w*|gas pipeline|oil depot|refinery"
        r"|blackouts?",
    ),
    ("drone_strike", r"drones?|UAVs?|Shaheds?|kamikaze"),
    ("missile_strike", r"missiles?|Iskander|Kalibr|Kinzhal|ballistic"),
    (
        "air_defence_interception",
        r"shot down|intercept\w*|air defen[cs]e\w*|downed",
    ),
    ("airstrike", r"air ?strikes?|glide bombs?|guided aerial bombs?|bombers?"),
    ("shelling", r"shell(?:ing|ed|s)|artillery|mortars?|rocket launchers?|MLRS"),
    ("sabotage_explosion", r"explosions?|blasts?|sabotage|explosive device"),
    (
        "ground_assault",
        r"assaults?|offensive|advanc\w+|counteroffensive|storm\w*|fighting",
    ),
    ("territory_change", r"captured|liberated|took control|withdr[ae]w\w*"),
    ("protest", r"protests?|rall(?:y|ies)|demonstrat\w+"),
    ("arrests", r"arrest\w*|detained|detention"),
    ("agreement", r"prisoner exchange|swap|agreement|deal"),
]
KIND_PATTERNS = [
    (kind, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for kind, words in KIND_WORDS
]
# Fewer mentions than this name no incident: a passing "drone" in an interview.
MIN_KIND_MENTIONS = 2

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a hundred": 100,
}
NUMBER = r"(?P<n>\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")"
RANGE = rf"(?:between |from )?{NUMBER}(?:\s*(?:to|and|-|–)\s*(?P<high>\d[\d,]*))?"
ABOUT = r"(?:at least |about |some |nearly |more than |over |up to |around )?"
WORD = r"(?:[\w-]+\s+)"
PEOPLE = (
    r"(?:people|persons|civilians|residents|soldiers|servicemen|troops|children"
    r"|men|women|adults|workers|employees|fighters|occupiers|others)"
)
BUILDINGS = (
    r"(?:houses|homes|buildings|apartment blocks|high-rises|private houses"
    r"|residential buildings|cars|vehicles)"
)
BE = r"(?:were |was |have been |has been |had been |are |is |got )?"


def _after(noun: str, verbs: str) -> str:
    """ "two people were injured": the number, its noun, then the verb."""
    return rf"{ABOUT}{RANGE}\s+{WORD}{{0,2}}{noun}\s+{BE}(?:{verbs})\b"


def _before(verbs: str, noun: str) -> str:
    """ "killing three civilians", "shot down 12 drones": the verb first."""
    return rf"(?:{verbs})\s+{ABOUT}{RANGE}\s+{WORD}{{0,2}}{noun}\b"


DRONES = r"(?:drones|UAVs|Shaheds|unmanned aerial vehicles)"
MISSILES = r"(?:missiles|cruise missiles|ballistic missiles|rockets)"
DOWNED = r"shot down|destroyed|intercepted|downed|neutrali[sz]ed"
LAUNCHED = r"launched|fired|attacked with|sent"
FIGURE_PATTERNS = [
    (Q.KILLED, _after(PEOPLE, r"killed|dead|died")),
    (Q.KILLED, _before(r"killed|killing|claimed the lives of", PEOPLE)),
    (Q.KILLED, rf"death toll (?:\w+ )?(?:rose |rises |climbed |reached )?to {RANGE}"),
    (Q.INJURED, _after(PEOPLE, r"injured|wounded|hurt|hospitali[sz]ed")),
    (Q.INJURED, _before(r"injured|injuring|wounded|wounding", PEOPLE)),
    (Q.DRONES_SHOT_DOWN, _after(DRONES, DOWNED)),
    (Q.DRONES_SHOT_DOWN, _before(DOWNED, DRONES)),
    (Q.DRONES_LAUNCHED, _before(LAUNCHED, DRONES)),
    (Q.DRONES_LAUNCHED, _after(DRONES, LAUNCHED)),
    (Q.MISSILES_SHOT_DOWN, _after(MISSILES, DOWNED)),
    (Q.MISSILES_SHOT_DOWN, _before(DOWNED, MISSILES)),
    (Q.MISSILES_LAUNCHED, _before(LAUNCHED, MISSILES)),
    (Q.BUILDINGS_DAMAGED, _after(BUILDINGS, r"damaged|destroyed|hit")),
    (Q.BUILDINGS_DAMAGED, _before(r"damaged|damaging|destroyed|destroying", BUILDINGS)),
    (Q.EVACUATED, _after(PEOPLE, r"evacuated")),
    (Q.DETAINED, _after(PEOPLE, r"detained|arrested")),
]
FIGURES = [
    (quantity, re.compile(pattern, re.IGNORECASE))
    for quantity, pattern in FIGURE_PATTERNS
]


def event_kind(paragraphs: list[str]) -> str | None:
    """The kind of incident the text reports, or None when it reports none."""
    text = "\n".join(paragraphs)
    counts = {kind: len(pattern.findall(text)) for kind, pattern in KIND_PATTERNS}
    best = max(counts, key=lambda kind: counts[kind])  # the first among ties
    return best if counts[best] >= MIN_KIND_MENTIONS else None


def _value(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.lower().replace(",", "")
    return NUMBER_WORDS.get(raw, int(raw) if raw.isdigit() else None)


def figures(paragraphs: list[str], speech: list[QuoteProposal]) -> list[FigureProposal]:
    """Every figure the text states, once per quantity and value, with the
    speaker whose quotation or statement holds it."""
    found: list[FigureProposal] = []
    seen = set()
    for index, paragraph in enumerate(paragraphs):
        taken: list[range] = []
        for quantity, pattern in FIGURES:
            for match in pattern.finditer(paragraph):
                span = range(*match.span())
                if any(
                    span.start < other.stop and other.start < span.stop
                    for other in taken
                ):
                    continue  # the words already gave a figure
                low, high = _value(match["n"]), _value(match["high"])
                if low is None or (high is not None and high < low):
                    continue
                taken.append(span)
                key = (quantity, low, high)
                if key in seen:
                    continue
                seen.add(key)
                words = match.group(0).strip()
                found.append(
                    FigureProposal(
                        quantity=str(quantity),
                        low=low,
                        high=high,
                        as_written=words,
                        paragraph=index,
                        speaker=_claimant(words, index, speech),
                    )
                )
    return found


def _claimant(words: str, paragraph: int, speech: list[QuoteProposal]):
    """Who says it: the speaker of the quotation or statement that holds the words."""
    for said in speech:
        if said.speaker is not None and words.lower() in said.text.lower():
            return said.speaker
    return None


class EventRules:
    """The analyzer's part: the incident and its figures."""

    def _event(self, speech: list[QuoteProposal]):
        # The headline says what happened as plainly as any paragraph.
        kind = event_kind([self.title, *self.paragraphs])
        return kind, figures(self.paragraphs, speech)
