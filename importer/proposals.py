"""What the analysis proposes: entities, quotes, credits, contributions and
defects, before anything is written."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Entity:
    kind: str  # person, organization, place
    name: str
    forms: list[str] = field(default_factory=list)  # as written, first first
    aliases: list[str] = field(default_factory=list)  # other names to record
    known_id: int | None = None  # the archive's record it resolves to
    context: bool = False  # a place proposed as the parent of one named
    first_seen: tuple[int, int] = (0, 0)
    honorifics: set[str] = field(default_factory=set)
    pronouns: list[str] = field(default_factory=list)  # "he said" of them
    nouns: set[str] = field(default_factory=set)  # "a group": how a group is called
    ancestors: list[dict] = field(default_factory=list)  # a place's, nearest first
    place_kind: str = "other"  # for a new place: village, town, other

    def add_form(self, form: str) -> None:
        if form not in self.forms:
            self.forms.append(form)
        if form != self.name and form not in self.aliases:
            self.aliases.append(form)


@dataclass
class QuoteProposal:
    text: str
    speaker: Entity | None
    description: str
    channel: str
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
    person: Entity
    role: str
    as_written: str


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

    def honorifics(self, person_ids: set[int]) -> dict[int, set[str]]:
        """The honorifics ("Mr.", "Ms.") the archive's names of these persons use."""
        return {}
