"""From an article's text to proposals: who and what it names, who says what,
the photo credits, contributors, the date and the likely text defects.

Pure rules over the text, plus one question to the archive (`Known`): which of
the names the text uses it already holds. Nothing here writes.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import text as t

ORG_WORDS = {
    "Ministry", "Council", "Legion", "Forces", "Force", "Army", "Agency", "Center",
    "Centre", "Institute", "University", "Committee", "Service", "Services", "Party",
    "Press", "Images", "News", "Times", "Post", "Office", "Department", "Commission",
    "Union", "Bank", "Company", "Corporation", "Group", "Brigade", "Battalion",
    "Regiment", "Guard", "Navy", "Command", "Organization", "Organisation",
    "Foundation", "Network", "Court", "Parliament", "Duma", "Rada", "Assembly",
    "Government", "Administration", "Police", "Resistance", "Fund", "Association",
    "Alliance", "Staff", "Directorate", "Corps", "Movement", "Front", "Battalions",
    "Inc", "Ltd", "Reuters", "Monitor", "Watch", "Initiative", "Coalition",
    "Observatory", "Television", "Radio", "Channel", "Journal", "Tribune", "Herald",
    "Gazette", "Review", "Airlines", "Railways", "Energy", "Group’s", "Kremlin",
    "Pentagon", "Bureau", "Cabinet", "Secretariat", "Academy", "School", "Society",
    "Club", "Media", "Telegraph", "Guardian", "Nations", "Endowment", "Fleet",
    # News and photo agencies, named alone in credit lines.
    "AFP", "EPA", "Sputnik", "TASS", "Anadolu", "Xinhua", "Ukrinform", "Interfax",
    "Shutterstock", "Alamy", "Getty", "Kommersant", "Zuma", "Bloomberg",
}  # fmt: skip
TITLE_WORDS = {
    "President", "Prime", "Minister", "Foreign", "Defense", "Defence", "Governor",
    "Gov.", "Gen.", "General", "Mayor", "Chancellor", "Secretary", "Senator",
    "Sen.", "Rep.", "Lt.", "Col.", "Colonel", "Commander", "Pope", "King", "Queen",
    "Prince", "Deputy", "Chief", "Ambassador", "Former", "Vice", "State", "Interior",
    "Lieutenant", "Major", "Captain", "Sgt.", "Sergeant", "Adm.", "Admiral",
    "Marshal", "Speaker", "Patriarch", "Metropolitan", "Archbishop", "Bishop",
    "Judge", "Justice", "Prosecutor", "Health", "Economy", "Finance", "Regional",
    "Director", "Brig.", "Maj.", "Capt.", "Acting",
}  # fmt: skip
# Capitalized by grammar, never a name on their own.
STOPWORDS = {
    "A", "An", "The", "But", "And", "Or", "If", "In", "On", "At", "As", "By", "For",
    "From", "Of", "To", "With", "While", "When", "Where", "Whose", "Who", "What",
    "Why", "How", "Even", "However", "Thus", "Some", "Our", "We", "They", "He",
    "She", "It", "His", "Her", "Their", "This", "That", "These", "Those", "There",
    "Then", "After", "Before", "During", "Since", "Until", "Although", "Though",
    "Yet", "So", "Still", "Also", "Many", "Most", "Several", "Both", "Each",
    "Every", "Other", "Another", "Such", "No", "Not", "One", "Two", "Three",
    "Meanwhile", "Earlier", "Later", "Last", "Next", "First", "Over", "Under",
    "Despite", "Because", "According", "Asked", "Speaking", "Footage", "Photos",
    "Video", "Videos", "Images", "Residents", "Officials", "Analysts", "Witnesses",
    "Mr", "Ms", "Mrs", "Dr", "Miss", "I", "You", "My", "Your", "Its", "Now",
    "Today", "Yesterday", "Tomorrow", "Here", "All", "Any", "More", "Much", "Once",
    "Instead", "Further", "Separately", "Elsewhere", "Overnight",
}  # fmt: skip
CALENDAR = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
}  # fmt: skip
CHANNEL_NAMES = {
    "Telegram", "Twitter", "X", "Facebook", "YouTube", "Instagram", "TikTok", "VK",
    "VKontakte", "WhatsApp", "Signal", "Truth Social",
}  # fmt: skip
CHANNELS = [
    (re.compile(r"\bon Telegram\b|\bTelegram (?:channel|post|account)"), "telegram"),
    (re.compile(r"\b(?:in|on) (?:a|the|his|her|their) video\b|\bvideo\b"), "video"),
    (re.compile(r"\bin (?:a|an|the) (?:written )?statement\b"), "statement"),
    (re.compile(r"\bin an interview\b|\btold (?:The |the )?[A-Z]"), "interview"),
    (
        re.compile(r"\bon (?:Twitter|X|Facebook|Instagram|TikTok|social media)\b"),
        "social_media",
    ),
    (
        re.compile(r"\b(?:news conference|press conference|briefing)\b"),
        "press_conference",
    ),
    (re.compile(r"\bon (?:state )?(?:television|TV)\b|\btelevised\b"), "television"),
]
SAID = (
    r"(?:said|says|wrote|writes|added|adds|told|stated|posted|tweeted|read|reads|"
    r"warned|concluded|insisted|noted|declared|claimed|argued|explained|continued|"
    r"asked|replied|announced|saying|called|described)"
)
PRONOUNS = {"he": "male", "she": "female", "they": None}
MALE = re.compile(r"\b(?:he|his|him|himself)\b")
FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b")
DEMONYM = re.compile(r"(?:ian|ians|ese|ish|ean|eans|ans|ic)$")
ALIAS_CUE = re.compile(
    r"(?:who calls himself|who calls herself|also known as|known as|"
    r"better known as|who goes by|nom de guerre)\s+(?:the\s+)?$"
)
ORG_APPOSITIVE = re.compile(
    r"^,?\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(group|organization|organisation|"
    r"think tank|agency|unit|militia|network|charity|nonprofit|outlet|company|"
    r"movement|monitor|institute|project|initiative|battalion|brigade|legion|"
    r"coalition|party|body|ministry|service|newspaper|channel|website)\b"
    r"(?![’'])"  # "Denis Kapustin, the group’s leader" is a person
)
ORG_BEFORE = re.compile(
    r"(?:analyst|researcher|fellow|expert|director|head|official|spokesman|"
    r"spokeswoman|spokesperson|member|commander|founder|chief|editor|reporter|"
    r"correspondent|professor|economist)\s+(?:with|at|of|for)\s+(?:the\s+)?$"
)
FACILITY = re.compile(
    r"^\s+(?:nuclear |power |hydroelectric )*(?:plant|dam|airport|airfield|air base)"
)
ORG_INTRODUCED = re.compile(
    r"\b(?:company|corporation|agency|operator|group|organization|broadcaster|"
    r"outlet|party|movement|militia|battalion|unit|regiment|watchdog|monitor|"
    r"newspaper|channel|firm|producer|manufacturer),\s+(?:the\s+)?$"
)
# Names of seas, rivers and the like: places, though no gazetteer lists them.
FEATURE_WORDS = {
    "Sea", "River", "Ocean", "Lake", "Bay", "Gulf", "Strait", "Peninsula",
    "Island", "Islands", "Mountains", "Valley", "Desert", "Reservoir", "Canal",
}  # fmt: skip
FOLLOWED_BY_ROLE = re.compile(
    r"^\s+(?:spokesman|spokeswoman|spokesperson|officials?|press service|"
    r"leadership|statement|forces|troops|fighters|commanders?|allies|members|"
    r"summit|leaders|(?:defen[cs]e |foreign )?ministers|"
    r"Secretary|Director|Chief|Commander|Minister|President|Chairman)\b"
)
# "the village of Novenke": a place, even where no gazetteer lists it.
SETTLEMENT_CUE = re.compile(r"\b(village|town|settlement|city|hamlet) of\s+$")
SPEAKS = re.compile(rf"^\s+(?:{SAID})\b")
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
DATE_IN_TEXT = re.compile(
    r"\b(?:(?P<month>[A-Z][a-z]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})|"
    r"(?P<day2>\d{1,2}) (?P<month2>[A-Z][a-z]+),? (?P<year2>\d{4}))\b"
)
WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


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
    with id, name, kind, slug, parent chain (`ancestors`: list of such dicts,
    nearest first); `persons` and `organizations` map it to (id, canonical name).
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


def analyze(text: str, *, known: Known | None = None, today: date | None = None):
    return _Analyzer(text, known or Known(), today or date.today()).run()


class _Analyzer:
    def __init__(self, text: str, known: Known, today: date):
        self.raw = text
        self.known = known
        self.today = today
        self.entities: dict[tuple[str, str], Entity] = {}
        self.by_form: dict[str, Entity] = {}  # lowercased form -> entity

    # -- the pipeline ------------------------------------------------------------

    def run(self) -> Analysis:
        title, paragraphs, removed = t.split_lines(self.raw)
        self.title = title
        self.captions = []
        self.contribution_lines = []
        self.paragraphs = []
        for index, paragraph in enumerate(paragraphs):
            if self._contributors(paragraph):
                self.contribution_lines.append(paragraph)
                continue
            text, caption = t.split_caption(paragraph, index)
            if caption is not None:
                self.captions.append(caption)
            self.paragraphs.append(text)
        self.spans = [
            span
            for index, paragraph in enumerate(self.paragraphs)
            for span in t.name_spans(paragraph, index)
        ]
        self._ask_archive()
        self._classify()
        self.contributions = self._contributions()
        self.media = self._media()
        self.quotes = self._quotes()
        self._place_parents()
        published_on, reason = self._date()
        return Analysis(
            title=title,
            body="\n\n".join(paragraphs),
            removed=removed,
            entities=list(self.entities.values()),
            quotes=self.quotes,
            media=self.media,
            contributions=self.contributions,
            defects=self._defects(paragraphs),
            published_on=published_on,
            date_reason=reason,
        )

    # -- names ---------------------------------------------------------------------

    def _candidates(self, span: t.Span) -> tuple[str, set[str], str]:
        """(core name, honorifics, title stripped) of a span."""
        words = span.text.split()
        honorific = set()
        while words and (words[0] in t.HONORIFICS or words[0] in STOPWORDS):
            if words[0] in t.HONORIFICS:
                honorific.add(words[0].rstrip(".") + ".")
            words = words[1:]
        title = []
        # "President Vladimir V. Putin", but "State Border Guard Service" stays.
        if not any(w in ORG_WORDS for w in words):
            while len(words) > 1 and words[0] in TITLE_WORDS:
                title.append(words.pop(0))
        while words and words[-1] in {"and", "of", "for", "the"}:
            words.pop()
        return " ".join(words), honorific, " ".join(title)

    def _ask_archive(self) -> None:
        names = set()
        for span in self.spans:
            core, _, _ = self._candidates(span)
            if core:
                names.add(core.lower())
                names.add(span.text.lower())
                paragraph = self.paragraphs[span.paragraph]
                after = paragraph[span.end : span.end + 12]
                word = re.match(r"\s+(region|oblast|province|district)\b", after)
                if word:
                    names.add(f"{core} {word.group(1)}".lower())
        for caption in self.captions:
            names |= {p.strip().lower() for p in _credit_parts(caption.credit_line)}
        self.reported_from = [
            match.group(1)
            for line in self.contribution_lines
            for match in re.finditer(r"\bfrom ([A-Z][\w’' -]+?)\.?\)?$", line)
        ]
        names |= {name.lower() for name in self.reported_from}
        self.known_places = self.known.places(names)
        self.known_persons = self.known.persons(names)
        self.known_orgs = self.known.organizations(names)

    def _entity(self, kind: str, name: str, form: str, span=None) -> Entity:
        lookup = {
            "person": self.known_persons,
            "organization": self.known_orgs,
        }.get(kind, {})
        known = lookup.get(name.lower()) or lookup.get(form.lower())
        key_name = known[1] if known else name
        entity = self.entities.get((kind, key_name.lower()))
        if entity is None:
            entity = Entity(
                kind=kind, name=key_name, known_id=known[0] if known else None
            )
            if span is not None:
                entity.first_seen = (span.paragraph, span.start)
            self.entities[(kind, key_name.lower())] = entity
        elif len(name) > len(entity.name) and not known and kind == "person":
            entity.aliases = [a for a in entity.aliases if a != name]
            entity.add_form(entity.name)
            entity.name = name
        entity.add_form(form)
        self.by_form[form.lower()] = entity
        self.by_form.setdefault(name.lower(), entity)
        return entity

    def _classify(self) -> None:
        """Each span becomes a person, organization or place, or is dropped."""
        self.span_entity: dict[tuple[int, int], Entity] = {}
        pending = []
        # Full names first, so that "Gladkov" finds "Vyacheslav Gladkov".
        self.spans = [piece for span in self.spans for piece in _split_title(span)]
        ordered = sorted(self.spans, key=lambda s: -len(self._candidates(s)[0].split()))
        for span in ordered:
            entity = self._classify_span(span)
            if entity is None:
                pending.append(span)
            else:
                self.span_entity[(span.paragraph, span.start)] = entity
        for span in sorted(pending, key=lambda s: (s.paragraph, s.start)):
            entity = self._classify_short(span)
            if entity is not None:
                self.span_entity[(span.paragraph, span.start)] = entity

    def _context(self, span: t.Span) -> tuple[str, str]:
        paragraph = self.paragraphs[span.paragraph]
        return paragraph[: span.start], paragraph[span.end :]

    def _classify_span(self, span: t.Span) -> Entity | None:
        core, honorific, _title = self._candidates(span)
        if not core or core in CALENDAR or core in CHANNEL_NAMES:
            return None
        words = core.split()
        before, after = self._context(span)
        lower = core.lower()
        alias_of = ALIAS_CUE.search(before)
        if alias_of:
            # "Igor Girkin, who calls himself Igor Strelkov"; "..., known as the HUR"
            named = self._previous_named(span)
            if named is not None and (len(words) >= 2 or named.kind != "person"):
                named.add_form(core)
                self.by_form[core.lower()] = named
                return named
        if lower in self.known_persons:
            return self._person(core, honorific, span)
        if lower in self.known_orgs or span.text.lower() in self.known_orgs:
            return self._org(core, span)
        place = self._place(core, span)
        if place is not None:
            return place
        if len(words) > 1 and words[-1] in FEATURE_WORDS:
            return self._new_place(core, span)
        if any(w.strip("’'") in ORG_WORDS for w in words) or (
            len(words) > 1 and ORG_APPOSITIVE.match(after)
        ):
            return self._org(core, span)
        if core.isupper() and 2 <= len(core.replace(".", "")) <= 6:
            return self._org(core, span)
        if len(words) > 1 and ORG_BEFORE.search(before):
            return self._org(core, span)
        if len(words) >= 2 and self._person_shaped(words):
            # "The Sergei Kotov" is a ship, not a person: people take no article.
            if re.search(r"\bthe\s+$", before) or span.text.startswith("The "):
                return None
            return self._person(core, honorific, span)
        return None

    def _org(self, core: str, span: t.Span) -> Entity:
        """An organization, with the common nouns the text calls it by."""
        entity = self._entity("organization", core, core, span)
        before, after = self._context(span)
        nouns = getattr(entity, "nouns", set())
        described = ORG_APPOSITIVE.match(after)
        if described:
            nouns.add(described.group(1))
        introduced = re.search(
            r"\b(?:[Aa]n?)\s+(group|organization|unit|militia|network|movement|"
            r"battalion|brigade|legion|agency)\b[^.“”]*,\s*(?:the\s+)?$",
            before,
        )
        if introduced:
            nouns.add(introduced.group(1))
        entity.nouns = nouns
        return entity

    def _classify_short(self, span: t.Span) -> Entity | None:
        """One-word spans: a surname of someone named in full, or an org cue."""
        core, honorific, _ = self._candidates(span)
        if not core or core in CALENDAR or core in CHANNEL_NAMES:
            return None
        if core in STOPWORDS or len(core.split()) != 1:
            return None
        surname = self._by_surname(core)
        if surname is not None:
            return self._person(surname.name, honorific, span, form=core)
        if honorific:
            return self._person(core, honorific, span)
        named = self.by_form.get(core.lower())  # "Putin", after "Ms. Putin"
        if named is not None and named.kind == "person":
            return self._person(named.name, honorific, span, form=core)
        before, after = self._context(span)
        if ORG_INTRODUCED.search(before):  # "the state nuclear company, Energoatom,"
            return self._org(core, span)
        if DEMONYM.search(core) and core not in ORG_WORDS:
            return None
        if core in ORG_WORDS or (
            re.search(r"\bthe\s+$", before)
            and (FOLLOWED_BY_ROLE.match(after) or re.match(r"^[’']s\b|^[^\w\s]", after))
        ):
            return self._org(core, span)
        if FOLLOWED_BY_ROLE.match(after) and not span.sentence_start:
            return self._org(core, span)
        if ORG_APPOSITIVE.match(after) and not span.sentence_start:
            return self._org(core, span)
        # "Unesco said": a one-word name that speaks, and is nobody's surname.
        if SPEAKS.match(after) and not DEMONYM.search(core):
            return self._org(core, span)
        return None

    def _person_shaped(self, words: list[str]) -> bool:
        if len(words) > 4 or words[0] in STOPWORDS or DEMONYM.search(words[0]):
            return False
        if any(w in {"of", "for", "the", "and"} for w in words):
            return False
        return all(w[0].isupper() for w in words)

    def _person(self, name, honorific, span, form=None) -> Entity:
        form = form or name
        written = " ".join(sorted(honorific)) + " " + form if honorific else form
        entity = self._entity("person", name, written.strip(), span)
        entity.honorifics |= honorific
        if honorific:
            entity.add_form(form)
        return entity

    def _by_surname(self, word: str) -> Entity | None:
        matches = [
            e
            for e in self.entities.values()
            if e.kind == "person"
            and len(e.name.split()) > 1
            and e.name.split()[-1] == word
        ]
        return matches[0] if len(matches) == 1 else None

    def _previous_named(self, span: t.Span) -> Entity | None:
        """The person or group named just before `span` in its sentence."""
        paragraph = self.paragraphs[span.paragraph]
        s_start, _ = _sentence_around(paragraph, span.start)
        before = [
            (start, entity)
            for (index, start), entity in self.span_entity.items()
            if index == span.paragraph
            and s_start <= start < span.start
            and entity.kind != "place"
        ]
        if before:
            return max(before, key=lambda item: item[0])[1]
        return self._previous_person(span)

    def _previous_person(self, span: t.Span) -> Entity | None:
        best = None
        for (paragraph, start), entity in self.span_entity.items():
            if (
                entity.kind == "person"
                and (paragraph, start)
                < (
                    span.paragraph,
                    span.start,
                )
                and (best is None or (paragraph, start) > best[0])
            ):
                best = ((paragraph, start), entity)
        if best is None:  # spans are classified longest first: look at the text
            before, _ = self._context(span)
            found = list(re.finditer(t.SPAN, before))
            for match in reversed(found):
                entity = self.by_form.get(match.group().lower())
                if entity is not None and entity.kind == "person":
                    return entity
                words = match.group().split()
                if len(words) >= 2 and self._person_shaped(words):
                    return self._entity("person", match.group(), match.group())
            return None
        return best[1]

    # -- places --------------------------------------------------------------------

    def _place(self, core: str, span: t.Span) -> Entity | None:
        before, after = self._context(span)
        if FACILITY.match(after):  # "the Zaporizhzhia nuclear power plant"
            return None
        region_word = re.match(r"\s+(region|oblast|province)\b", after)
        if region_word:
            found = self.known_places.get(f"{core} {region_word.group(1)}".lower())
            if found:
                return self._place_entity(
                    found[0], core + " " + region_word.group(1), span
                )
        candidates = self.known_places.get(core.lower())
        if not candidates:
            cue = SETTLEMENT_CUE.search(before)
            if cue and len(core.split()) <= 3:
                kind = {"hamlet": "village", "settlement": "village"}.get(
                    cue.group(1), cue.group(1)
                )
                return self._new_place(core, span, kind=kind)
            return None
        if span.sentence_start and core in STOPWORDS:
            return None
        kinds = {c["kind"] for c in candidates}
        choice = None
        if "country" in kinds:
            choice = next(c for c in candidates if c["kind"] == "country")
        elif re.search(r"\bcity of\s+$", before) and "city" in kinds:
            choice = self._largest(c for c in candidates if c["kind"] == "city")
        elif "region" in kinds and re.search(r"\bregion,\s+$", before):
            choice = next(c for c in candidates if c["kind"] == "region")
        else:
            cities = [c for c in candidates if c["kind"] not in ("region",)]
            choice = self._largest(cities) if cities else candidates[0]
        written = f"city of {core}" if re.search(r"\bcity of\s+$", before) else core
        return self._place_entity(choice, written, span)

    @staticmethod
    def _largest(candidates) -> dict:
        # The gazetteer gives the plain slug to the most populous of a name.
        candidates = list(candidates)
        plain = [c for c in candidates if c["plain_slug"]]
        return (plain or candidates)[0]

    def _new_place(self, name: str, span: t.Span, kind: str = "other") -> Entity:
        """A place the archive does not hold yet (the Black Sea): proposed new."""
        key = ("place", name.lower())
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(
                kind="place", name=name, first_seen=(span.paragraph, span.start)
            )
            entity.place_kind = kind
            entity.ancestors = []
            self.entities[key] = entity
        entity.add_form(name)
        return entity

    def _place_entity(self, place: dict, form: str, span: t.Span) -> Entity:
        key = ("place", f"#{place['id']}")
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(
                kind="place",
                name=place["name"],
                known_id=place["id"],
                first_seen=(span.paragraph, span.start) if span else (10**6, 0),
            )
            entity.ancestors = place["ancestors"]
            self.entities[key] = entity
        entity.add_form(form)
        return entity

    def _place_parents(self) -> None:
        """Each place named brings its region and country: the hierarchy."""
        for entity in list(self.entities.values()):
            if entity.kind != "place" or entity.context:
                continue
            for ancestor in getattr(entity, "ancestors", []):
                key = ("place", f"#{ancestor['id']}")
                if key not in self.entities:
                    parent = Entity(
                        kind="place",
                        name=ancestor["name"],
                        known_id=ancestor["id"],
                        context=True,
                    )
                    parent.ancestors = []
                    self.entities[key] = parent

    # -- quotes --------------------------------------------------------------------

    def _quotes(self) -> list[QuoteProposal]:
        quotes: list[QuoteProposal] = []
        self.last_speaker: Entity | None = None
        self.last_person: Entity | None = None
        previous_open = None  # a quote left open at the end of the last paragraph
        for index, paragraph in enumerate(self.paragraphs):
            fragments = _quoted(paragraph)
            last = None
            cursor = 0
            for start, end, words, _closed in fragments:
                # Attributions between quotes still move "the last speaker".
                self._note_speakers(index, paragraph, cursor, start)
                cursor = end
                if len(words.split()) < 2:
                    continue
                speaker, description = self._speaker(index, paragraph, start, end)
                channel = self._channel(index, paragraph, start)
                if speaker is None and not description:
                    if last is not None:
                        speaker, description = last.speaker, last.description
                    elif previous_open is not None and start == 0:
                        speaker = previous_open.speaker
                        description = previous_open.description
                if last is not None and (speaker, description) == (
                    last.speaker,
                    last.description,
                ):
                    last.text += " " + words
                    continue
                if previous_open is not None and start == 0 and last is None:
                    previous_open.text += " " + words
                    last = previous_open
                    continue
                if speaker is None and not description:
                    speaker = self.last_speaker
                last = QuoteProposal(words, speaker, description, channel, index)
                quotes.append(last)
                if speaker is not None:
                    self.last_speaker = speaker
                    if speaker.kind == "person":
                        self.last_person = speaker
            self._note_speakers(index, paragraph, cursor, len(paragraph))
            previous_open = (
                last
                if fragments and not fragments[-1][3] and last is not None
                else None
            )
        return quotes

    def _note_speakers(self, index: int, paragraph: str, start: int, end: int):
        segment = paragraph[start:end]
        for match in re.finditer(rf"\b{SAID}\b", segment):
            # "..., said Ivan Fomin" names the speaker after the verb.
            entity = self._entity_after(index, start + match.end(), within=3)
            if entity is None:
                entity = self._subject_before(index, start + match.start(), start)
            if entity is not None and entity.kind != "place":
                self.last_speaker = entity
                if entity.kind == "person":
                    self.last_person = entity

    def _speaker(self, index, paragraph, start, end):
        sentence = _sentence_around(paragraph, start)
        s_start, s_end = sentence
        after = paragraph[end:s_end]
        # "..." he said / Gladkov wrote / said Ivan Fomin / according to X
        match = re.match(
            rf"^[\s,.!?”\"’']*(?:(?:as\s+)?(?P<pron>he|she|they)\s+{SAID}|"
            rf"(?P<verb>{SAID})\s+(?P<who>[A-Z])|"
            rf"(?P<np>[a-z][\w ]{{0,40}}?)\s+{SAID}\b|"
            rf"(?=[A-Z]))",
            after,
        )
        if match is not None:
            if match.group("pron"):
                subject = self._before_quote(index, paragraph, s_start, start)
                if subject != (None, ""):
                    return subject
                return self._pronoun(match.group("pron"), index, start), ""
            if match.group("verb"):
                entity = self._entity_after(index, end + match.start("who"))
                if entity is not None:
                    return entity, ""
            if match.group("np"):
                # ", acting governor Alexei Smirnov said": the name before the verb.
                named = self._subject_before(index, end + match.end(), end)
                if named is not None:
                    return named, ""
                return self._nominal(match.group("np"), (index, start))
            if match.group(0) == "" or match.group(0).strip(" ,.!?”\"’'") == "":
                entity = self._entity_after(index, end + match.end())
                tail = paragraph[end + match.end() : s_end]
                if entity is not None and re.search(rf"^[^.]*?\b{SAID}\b", tail):
                    return entity, ""
        according = re.search(r"according to (?:the )?", paragraph[s_start:s_end])
        if according is not None:
            entity = self._entity_after(index, s_start + according.end())
            if entity is not None:
                return entity, ""
        return self._before_quote(index, paragraph, s_start, start)

    def _before_quote(self, index, paragraph, s_start, start):
        """The speaker of "X said that ... “...”": the subject of the verb."""
        before = paragraph[s_start:start]
        verbs = list(re.finditer(rf"\b{SAID}\b", before))
        if verbs:
            verb = verbs[-1]
            head = before[: verb.start()]
            pron = re.search(r"\b(he|she|they)\s*$", head)
            if pron:
                return self._pronoun(pron.group(1), index, start), ""
            nominal = re.search(r"\b(the [a-z]+)\b[^,]*$", head)
            entity = self._subject_before(index, s_start + verb.start(), s_start)
            if entity is not None:
                return entity, ""
            if nominal:
                return self._nominal(nominal.group(1), (index, start))
        return None, ""

    def _pronoun(self, pronoun: str, index: int, start: int) -> Entity | None:
        """ "they" is the last group that spoke; "he" or "she" the person this
        paragraph opened with, else the last person who spoke."""
        if pronoun == "they":
            orgs = [q for q in [self.last_speaker] if q and q.kind == "organization"]
            return orgs[0] if orgs else self.last_speaker
        persons = [
            (at, entity)
            for (paragraph, at), entity in self.span_entity.items()
            if paragraph == index and at < start and entity.kind == "person"
        ]
        if persons:
            found = min(persons, key=lambda item: item[0])[1]
        else:
            found = self.last_person or self.last_speaker
        if found is not None and found.kind == "person":
            # "“...,” he said" of someone is evidence of how the text sees them.
            found.pronouns.append(pronoun)
        return found

    def _nominal(self, phrase: str, where: tuple[int, int] = (10**6, 0)):
        """ "the group" is the last group named; "one man" is a description."""
        phrase = phrase.strip()
        noun = phrase.split()[-1] if phrase.split() else ""
        if phrase.split()[0] in ("the", "that") and noun:
            orgs = [
                e
                for e in self.entities.values()
                if e.kind == "organization"
                and e.first_seen < where
                and (noun in getattr(e, "nouns", set()) or noun.capitalize() in e.name)
            ]
            if orgs:
                return max(orgs, key=lambda e: e.first_seen), ""
            if noun in ("group", "ministry", "army", "agency", "military", "legion"):
                return None, ""
        if re.match(r"^(?:one|a|an|another|some|two|several)\b", phrase):
            return None, phrase
        return None, ""

    def _subject_before(self, index: int, position: int, floor: int) -> Entity | None:
        """The person (else group) named last before `position` in its sentence."""
        found = [
            (start, entity)
            for (paragraph, start), entity in self.span_entity.items()
            if paragraph == index
            and floor <= start < position
            and entity.kind != "place"
        ]
        if not found:
            return None
        text = self.paragraphs[index]
        # Skip names inside an appositive (", a military blogger and ... ,").
        persons = [(s, e) for s, e in found if e.kind == "person"]
        pool = persons or found
        first = min(pool, key=lambda item: item[0])
        last = max(pool, key=lambda item: item[0])
        between = text[first[0] : position]
        if re.search(r"^\S[^,]*,\s+(?:a|an|the)\b", between):
            return first[1]
        return last[1]

    def _entity_after(
        self, index: int, position: int, within: int = 40
    ) -> Entity | None:
        for (paragraph, start), entity in sorted(self.span_entity.items()):
            near = paragraph == index and position <= start <= position + within
            if near and entity.kind != "place":
                return entity
        return None

    def _channel(self, index: int, paragraph: str, start: int) -> str:
        s_start, s_end = _sentence_around(paragraph, start)
        sentence = paragraph[s_start:s_end]
        # The sentence itself, else what the paragraph said before the quote
        # ("X said on Telegram that ... “...,” Mr. X said").
        for text in (sentence, paragraph[:s_start]):
            for pattern, channel in CHANNELS:
                if pattern.search(text):
                    return channel
        if index > 0:
            for pattern, channel in CHANNELS[1:2]:
                if pattern.search(self.paragraphs[index - 1]) and start == 0:
                    return channel
        return ""

    # -- captions, credits, contributors -------------------------------------------

    def _media(self) -> list[MediaProposal]:
        media = []
        for caption in self.captions:
            credits = []
            roles = _credit_roles(caption.credit_line)
            for position, (as_written, role) in enumerate(roles):
                before_agency = (
                    position == 0 and len(roles) > 1 and roles[1][1] == "agency"
                )
                party = self._party(as_written, before_agency=before_agency)
                if party.kind == "person" and role in ("originator", "agency"):
                    role = "photographer"  # a person behind the camera
                credits.append(CreditProposal(party, as_written, role))
            place = None
            for (paragraph, _), entity in sorted(self.span_entity.items()):
                if paragraph == caption.paragraph and entity.kind == "place":
                    place = entity
                    break
            media.append(
                MediaProposal(caption.text, caption.credit_line, credits, place)
            )
        return media

    def _party(self, as_written: str, *, before_agency: bool = False) -> Entity:
        lower = as_written.lower()
        if lower in self.known_orgs:
            return self._entity("organization", as_written, as_written)
        if lower in self.known_persons:
            return self._entity("person", as_written, as_written)
        words = as_written.split()
        if (
            2 <= len(words) <= 4
            and not any(w in ORG_WORDS for w in words)
            and self._person_shaped(words)
            and not self._org_like_credit(as_written)
        ):
            return self._entity("person", as_written, as_written)
        # "Libkos/Getty Images": one word before an agency is a photographer's
        # (pen) name unless it is a known outlet.
        if (
            before_agency
            and len(words) == 1
            and not as_written.isupper()
            and as_written not in ORG_WORDS
            and lower not in self.by_form
        ):
            return self._entity("person", as_written, as_written)
        known = self.by_form.get(lower)
        if known is None:
            # "Ministry of Defense of Russia" is "the Russian Defense Ministry".
            for entity in self.entities.values():
                if entity.kind == "organization" and _same_org(entity.name, as_written):
                    entity.add_form(as_written)
                    return entity
        if known is not None and known.kind == "organization":
            known.add_form(as_written)
            return known
        return self._entity("organization", as_written, as_written)

    def _org_like_credit(self, text: str) -> bool:
        return bool(re.search(r"\b(?:of|for|the)\b", text))

    def _contributors(self, paragraph: str) -> bool:
        return bool(
            t.CONTRIBUTOR_LINE.match(paragraph)
            or t.REPORTING_BY.match(paragraph)
            or t.BYLINE.match(paragraph)
        )

    def _contributions(self) -> list[ContributionProposal]:
        for name in self.reported_from:  # "contributed reporting from Kyiv."
            candidates = self.known_places.get(name.lower())
            if candidates:
                countries = [c for c in candidates if c["kind"] == "country"]
                choice = (countries or [self._largest(candidates)])[0]
                self._place_entity(choice, name, None)
        found = []
        for line in self.contribution_lines:
            match = t.CONTRIBUTOR_LINE.match(line)
            if match:
                for name in _names(match.group("names")):
                    person = self._entity("person", name, name)
                    found.append(ContributionProposal(person, "contributor", line))
                continue
            match = t.REPORTING_BY.match(line)
            if match:
                for name in _names(match.group("names")):
                    found.append(
                        ContributionProposal(
                            self._entity("person", name, name), "contributor", line
                        )
                    )
                for name in _names(match.group("editors") or ""):
                    found.append(
                        ContributionProposal(
                            self._entity("person", name, name), "editor", line
                        )
                    )
                continue
            match = t.BYLINE.match(line)
            if match:
                for name in _names(match.group("names")):
                    found.append(
                        ContributionProposal(
                            self._entity("person", name, name), "author", line
                        )
                    )
        return found

    # -- the date ------------------------------------------------------------------

    def _date(self) -> tuple[date | None, str]:
        text = "\n".join(self.paragraphs)
        for match in DATE_IN_TEXT.finditer(text):
            month = MONTHS.get(match.group("month") or match.group("month2") or "")
            if month is None:
                continue
            day = int(match.group("day") or match.group("day2"))
            year = int(match.group("year") or match.group("year2"))
            try:
                return date(
                    year, month, day
                ), f"the text gives the date: {match.group()}"
            except ValueError:
                continue
        match = re.search(
            r"\b(second|third|fourth|fifth|sixth) day on (" + "|".join(WEEKDAYS) + r")",
            text,
        )
        if match is not None:
            weekday = WEEKDAYS.index(match.group(2))
            back = (self.today.weekday() - weekday) % 7
            day = self.today - timedelta(days=back)
            return day, (
                f"the text says it is the {match.group(1)} day on {match.group(2)}; "
                f"the week is not in the text, so this is the last {match.group(2)} "
                "before the import: check it"
            )
        return None, ""

    # -- defects -------------------------------------------------------------------

    def _defects(self, paragraphs: list[str]) -> list[Defect]:
        defects = []
        for text in paragraphs:  # a correction's passage lies in one paragraph
            for match in re.finditer(
                r"(?:\S+\s+){0,3}\S*\S(?: \.)+(?=\s|$)|(?:\S+\s+){0,3}\S+\. \.", text
            ):
                passage = match.group()
                defects.append(
                    Defect(
                        passage,
                        re.sub(r"\.?(?: \.)+$", ".", passage).replace(". .", "."),
                        "stray ' .' after a sentence",
                    )
                )
            garbled = r"(?:\S+\s+){0,2}\S*[a-z]\. (?:of|and|the|to|in|on|for)\b [a-z]+"
            for match in re.finditer(garbled, text):
                defects.append(
                    Defect(
                        match.group(),
                        "",
                        "a sentence runs on after a full stop: a "
                        "garbled phrase, probably from machine translation",
                    )
                )
        for line in self.contribution_lines:
            if re.search(r"\bcontributed report\b(?!ing)", line):
                defects.append(
                    Defect(
                        line,
                        line.replace("contributed report", "contributed reporting"),
                        "'contributed report' should read 'contributed reporting'",
                    )
                )
        for entity in self.entities.values():
            if entity.kind != "person" or not entity.honorifics:
                continue
            gender = self._gender(entity) or self._known_gender(entity)
            wrong = {"male": {"Ms.", "Mrs.", "Miss."}, "female": {"Mr."}}.get(
                gender, set()
            )
            for honorific in entity.honorifics & wrong:
                surname = entity.name.split()[-1]
                right = "Mr." if gender == "male" else "Ms."
                defects.append(
                    Defect(
                        f"{honorific} {surname}",
                        f"{right} {surname}",
                        f"'{honorific} {surname}': {entity.name} is referred to as "
                        f"{'he' if gender == 'male' else 'she'} elsewhere",
                    )
                )
        return defects

    def _known_gender(self, entity: Entity) -> str | None:
        """He or she, from the honorifics of the names the archive holds."""
        if entity.known_id is None:
            return None
        used = self.known.honorifics({entity.known_id}).get(entity.known_id, set())
        if "Mr." in used and not used & {"Ms.", "Mrs."}:
            return "male"
        if used & {"Ms.", "Mrs."} and "Mr." not in used:
            return "female"
        return None

    def _gender(self, entity: Entity) -> str | None:
        """He or she, from pronouns right after the person is named alone."""
        male = female = 0
        for (index, start), found in self.span_entity.items():
            if found is not entity:
                continue
            paragraph = self.paragraphs[index]
            s_start, s_end = _sentence_around(paragraph, start)
            tail = paragraph[start:s_end]
            others = [
                e
                for (i, s), e in self.span_entity.items()
                if i == index
                and s_start <= s < s_end
                and e.kind == "person"
                and e is not entity
            ]
            if others:
                continue
            male += len(MALE.findall(tail))
            female += len(FEMALE.findall(tail))
        male += entity.pronouns.count("he")
        female += entity.pronouns.count("she")
        if male > female:
            return "male"
        if female > male:
            return "female"
        return None


MODIFIER = re.compile(
    r"^\S+-(?:occupied|installed|backed|controlled|led|held|appointed)$"
)


def _split_title(span: t.Span) -> list[t.Span]:
    """ "Energy Agency Director General Rafael Grossi": a group, then a person;
    "Russian-occupied Zaporizhzhia": a modifier, then a name."""
    words = span.text.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead] in STOPWORDS:
        lead += 1
    if lead and MODIFIER.match(words[lead]):
        offset = len(" ".join(words[:lead])) + 1
        rest = t.Span(
            " ".join(words[lead:]), span.start + offset, span.end, False, span.paragraph
        )
        return _split_title(rest)
    if words and MODIFIER.match(words[0]):
        if len(words) == 1:
            return []
        offset = len(words[0]) + 1
        rest = t.Span(
            " ".join(words[1:]), span.start + offset, span.end, False, span.paragraph
        )
        return _split_title(rest)
    for i in range(1, len(words) - 1):
        person = [w for w in words[i:] if w not in TITLE_WORDS]
        is_person = 2 <= len(person) <= 4 and not any(
            w in ORG_WORDS or w in {"of", "for", "the"} for w in person
        )
        if words[i] in TITLE_WORDS and words[i - 1] not in TITLE_WORDS and is_person:
            offset = len(" ".join(words[:i])) + 1
            left = t.Span(
                " ".join(words[:i]),
                span.start,
                span.start + offset - 1,
                span.sentence_start,
                span.paragraph,
            )
            right = t.Span(
                " ".join(words[i:]),
                span.start + offset,
                span.end,
                False,
                span.paragraph,
            )
            return [left, right]
    return [span]


def _quoted(paragraph: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, words, closed) of each quotation in `paragraph`."""
    found = []
    for match in re.finditer(r"“([^”]*)(”|$)|\"([^\"]*)(\"|$)", paragraph):
        words = (match.group(1) if match.group(1) is not None else match.group(3)) or ""
        closed = bool(match.group(2) or match.group(4))
        found.append((match.start(), match.end(), words.strip(" ,"), closed))
    return found


def _sentence_around(paragraph: str, position: int) -> tuple[int, int]:
    for start, end in t.sentences(paragraph):
        if start <= position < end:
            return start, end
    return 0, len(paragraph)


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _credit_parts(line: str) -> list[str]:
    return [p for p, _ in _credit_roles(line)]


def _credit_roles(line: str) -> list[tuple[str, str]]:
    """ "X/Y, via Z": X originated it, agency Y took it, Z distributes it."""
    line = line.strip().rstrip(".")
    distributor = None
    match = re.search(r",?\s+via\s+(.+)$", line)
    if match:
        distributor = match.group(1).strip()
        line = line[: match.start()]
    match = re.match(r"^(.+?)\s+for\s+(.+)$", line)
    if match and "/" not in line:
        parts = [match.group(1), match.group(2)]
    else:
        parts = [p.strip() for p in line.split("/") if p.strip()]
    roles = []
    if len(parts) == 1:
        roles.append((parts[0], "agency" if distributor is None else "originator"))
    elif parts:
        roles.append((parts[0], "originator"))
        roles.extend((p, "agency") for p in parts[1:])
    if distributor:
        roles.append((distributor, "distributor"))
    return roles


def _same_org(name: str, other: str) -> bool:
    """ "Russian Defense Ministry" and "Ministry of Defense of Russia"."""

    def bag(text):
        words = set(re.findall(r"[A-Za-z]+", text.lower())) - {"of", "the", "for"}
        return {w[:5] for w in words}

    a, b = bag(name), bag(other)
    return len(a) >= 2 and a == b
