"""What the analysis proposes: entities, quotes, credits, contributions and
defects, before anything is written."""

from dataclasses import dataclass, field
from datetime import date

UNSEEN = (10**6, 0)


@dataclass
class Entity:
    kind: str  # person, organization, place
    name: str
    forms: list[str] = field(default_factory=list)  # as written, first first
    aliases: list[str] = field(default_factory=list)  # other names to record
    known_id: int | None = None  # the archive's record it resolves to
    context: bool = False  # a place proposed as the parent of one named
    # (paragraph, offset) of its first mention; UNSEEN until the text places it.
    first_seen: tuple[int, int] = UNSEEN
    honorifics: set[str] = field(default_factory=set)
    pronouns: list[str] = field(default_factory=list)  # "he said" of them
    nouns: set[str] = field(default_factory=set)  # "a group": how a group is called
    ancestors: list[dict] = field(default_factory=list)  # a place's, nearest first
    place_kind: str = "other"  # for a new place: village, town, other
    # `known_id` is only who it may be ("Mr. Strelkov", the archive's Igor
    # Girkin by an alias's surname): the curator is asked, "maybe X".
    maybe: bool = False

    def add_form(self, form: str) -> None:
        if form not in self.forms:
            self.forms.append(form)
        if form != self.name and form not in self.aliases:
            self.aliases.append(form)


@dataclass
class QuoteProposal:
    """Words attributed to a speaker: quoted, or reported ("Gladkov wrote on
    Telegram that two houses were damaged") when `reported` is set."""

    text: str
    speaker: Entity | None
    description: str
    channel: str
    paragraph: int
    reported: bool = False
    # A quotation with its own "he said" after it (importer.quotes keeps it
    # apart from the speaker's quotation before it).
    attributed: bool = False


@dataclass
class VerificationProposal:
    """A place where the text says a claim is unverified: the words that say so
    ("could not independently verify") and the sentence they are in."""

    cue: str
    sentence: str
    paragraph: int


@dataclass
class RoleProposal:
    """A role the text gives a person on the update's day ("Kremlin spokesman"),
    with the organization or place it is of, where the text says."""

    person: Entity
    title: str
    where: Entity | None
    as_written: str
    paragraph: int


@dataclass
class CreditProposal:
    party: Entity
    as_written: str
    role: str


@dataclass
class MediaProposal:
    caption: str
    credit_line: str
    credits: list[CreditProposal]
    place: Entity | None


@dataclass
class ContributionProposal:
    party: Entity  # a person, or an organization ("provided by Reuters")
    role: str
    as_written: str


@dataclass
class FigureProposal:
    """A number the text states ("two people were injured"): what was counted,
    the value or range, and the speaker whose words hold it, if any."""

    quantity: str
    low: int
    high: int | None
    as_written: str
    paragraph: int
    speaker: Entity | None = None


@dataclass
class Defect:
    original: str
    corrected: str
    explanation: str


@dataclass
class Analysis:
    title: str
    body: str
    removed: list[str]
    entities: list[Entity]
    quotes: list[QuoteProposal]
    media: list[MediaProposal]
    contributions: list[ContributionProposal]
    defects: list[Defect]
    published_on: date | None
    date_reason: str
    statements: list[QuoteProposal] = field(default_factory=list)
    verification: list[VerificationProposal] = field(default_factory=list)
    roles: list[RoleProposal] = field(default_factory=list)
    # The kind of incident the text reports (items.models.events.KINDS), if any,
    # and the figures it states.
    event_kind: str | None = None
    figures: list[FigureProposal] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]


class Known:
    """What the archive already holds, asked for a batch of names at once.

    `places(names)` maps a lowercased name to candidate places, each a dict
    with id, name, kind, `plain_slug` (the place holds its name's plain slug: the
    most populous of that name) and `ancestors` (id, name, kind; nearest first);
    `persons` and `organizations` map it to (id, canonical name).
    """

    def places(self, names: set[str]) -> dict[str, list[dict]]:
        return {}

    def persons(self, names: set[str]) -> dict[str, tuple[int, str]]:
        return {}

    def organizations(self, names: set[str]) -> dict[str, tuple[int, str]]:
        return {}

    def regions(self) -> list[dict]:
        """The first-level regions of the countries the archive covers most,
        as `places` gives them, each with `names`: its name without "Oblast",
        "Krai" or "Region", and its aliases (for misspelt names)."""
        return []

    def persons_by_surname(self, surnames: set[str]) -> dict[str, list[tuple]]:
        """Persons a lowercased surname may stand for: (id, canonical name, the
        name or alias that ends in it), for "maybe X" proposals."""
        return {}

    def honorifics(self, person_ids: set[int]) -> dict[int, set[str]]:
        """The honorifics ("Mr.", "Ms.") the archive's names of these persons use."""
        return {}
