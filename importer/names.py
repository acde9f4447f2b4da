"""Who and what a text names: persons and organizations, their aliases."""

import re

from . import text as t
from .credits import contributor_names, credit_parts
from .proposals import Entity
from .roles import DEMONYMS, HEAD
from .vocabulary import (
    ALIAS_CUE,
    CALENDAR,
    CHANNEL_NAMES,
    DEMONYM,
    DIRECTIONS,
    EVENT_WORDS,
    FEATURE_WORDS,
    FOLLOWED_BY_ROLE,
    GENERIC_BODIES,
    MODIFIER,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_APPOSITIVE,
    ORG_BEFORE,
    ORG_INTRODUCED,
    ORG_NAMES,
    ORG_WORDS,
    PERSON_TITLES,
    SPEAKS,
    STOPWORDS,
    TITLE_WORDS,
)

TITLE_ONLY = re.compile(
    r"^(?:[A-Z][a-z]+\s+)?(?:President|Prime Minister|Premier|Chancellor|King|"
    r"Pope|Patriarch)$"
)
# An office before what it is of: "Head of the ...", "Deputy Chief of ...".
OFFICE_OF = re.compile(
    r"^(?:(?:First|Deputy|Acting|Vice)\s+)*(?:Head|Chief|Chairman|Chairwoman|Chair|"
    r"Commander|Director|Governor|Secretary|Spokesman|Spokeswoman|Spokesperson|"
    r"Minister|Leader)\s+of\s+(?:the\s+)?(?P<body>[A-Z].+)$"
)

PERSON_TITLE = re.compile(rf"{PERSON_TITLES}$")


# Aircraft and weapons by model: "SU-27", "S-300", "Tu-95", "MiG-29", "Ka-52".
WEAPON = re.compile(r"^[A-Z][A-Za-z]{0,3}-\d{1,3}[A-Z]{0,2}$")
# The endings of East Slavic (and Armenian) surnames.
SURNAME = re.compile(
    r"[a-z](?:sky|skyi|skyy|skiy|ski|enko|chuk|chuck|yuk|iuk|ov|ova|ev|eva|yov|in|"
    r"ina|yn|yan|vich|ych|ko|ak|iy|yi)$"
)
NAMED_AS = re.compile(
    r"\b(?:gave (?:his|her|their) (?:first )?name as|identified (?:only )?as|"
    r"(?:first )?name (?:only )?as|called (?:him|her)self)\s+$"
)
ROLE_NOUN_BEFORE = re.compile(rf"\b(?:{HEAD})\s+$")


class NameRules:
    """Part of the analysis (importer.analysis), sharing its state."""

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
        # Each span whole and in the pieces _classify will cut it into ("Prime
        # Minister of Qatar Mohammed bin ...": Qatar).
        self.pieces = [
            p for s in self.spans for q in split_title(s) for p in split_calendar(q)
        ]
        for span in [*self.spans, *self.pieces]:
            core, _, _ = self._candidates(span)
            if core:
                names.add(core.lower())
                names.add(span.text.lower())
                if core.split()[0] in DIRECTIONS:  # "Eastern Ukraine": Ukraine
                    names.add(core.split(" ", 1)[-1].lower())
                paragraph = self.paragraphs[span.paragraph]
                after = paragraph[span.end : span.end + 12]
                word = re.match(r"\s+(region|oblast|province|district)\b", after)
                if word:
                    names.add(f"{core} {word.group(1)}".lower())
        for caption in self.captions:
            names |= {p.strip().lower() for p in credit_parts(caption.credit_line)}
        for line in self.contribution_lines:  # "Andrew E. Kramer contributed ..."
            names |= {name.lower() for name, _ in contributor_names(line)}
        self.reported_from = [
            match.group(1)
            for line in self.contribution_lines
            for match in re.finditer(r"\bfrom ([A-Z][\w’' -]+?)\.?\)?$", line)
        ]
        names |= {name.lower() for name in self.reported_from}
        names |= self._institution_names()
        names |= self._role_names()
        self.known_places = self.known.places(names)
        self.known_persons = self.known.persons(names)
        self.known_orgs = self.known.organizations(names)
        surnames = set()
        for span in self.spans:
            words = self._candidates(span)[0].split()
            if words and words[-1][0].isupper() and words[-1] not in STOPWORDS:
                surnames.add(words[-1].lower())
        self.similar_persons = self.known.persons_by_surname(surnames)

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
        self.spans = self.pieces  # cut by _ask_archive
        self.spans = self._institution_spans()
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

    def _institution_spans(self) -> list[t.Span]:
        """Spans in an institution's or unit's name are that organization (what
        runs on past its name is a span of its own); names no span covers ("the
        127th territorial defense brigade") are placed too, for who said what."""
        spans = []
        covered = set()
        for span in self.spans:
            entity = self._institution(span.paragraph, span.start, span.end)
            if entity is None:
                spans.append(span)
                continue
            key = next(
                (i, s)
                for (i, s), (e, _, _) in self.institution_at.items()
                if i == span.paragraph and s < span.end and span.start < e
            )
            covered.add(key)
            self.span_entity.setdefault(key, entity)
            end = self.institution_at[key][0]
            self._with_nouns(entity, t.Span(span.text, key[1], end, False, key[0]))
            # "The State Special Transport Service of the Ministry of Defense":
            # what comes before it is a name of its own too, when the text
            # names it alone as well ("Border Academy of the FSB" is one).
            head = self.paragraphs[span.paragraph][span.start : key[1]]
            head_end = span.start + len(
                re.sub(r"\s+(?:of|for|at|in)(?:\s+the)?\s*$", "", head).rstrip()
            )
            named = re.sub(r"^[Tt]he\s+", "", head[: head_end - span.start])
            if (
                head_end < key[1]
                and len(named.split()) >= 2
                and sum(p.count(named) for p in self.paragraphs) >= 2
            ):
                spans.append(
                    t.Span(
                        head[: head_end - span.start],
                        span.start,
                        head_end,
                        span.sentence_start,
                        span.paragraph,
                    )
                )
            rest = self.paragraphs[span.paragraph][end : span.end]
            # "Svoboda Battalion of the Ukrainian National Guard": what runs on
            # may be another institution (named below), or "of ..." a name.
            lead = re.match(r"\s*(?:of\s+(?:the\s+)?)?", rest).end()
            offset = end + lead
            another = any(
                i == span.paragraph and s < span.end and offset < e
                for (i, s), (e, _, _) in self.institution_at.items()
                if (i, s) != key
            )
            if rest[lead:].strip() and span.end > offset and not another:
                spans.append(
                    t.Span(rest[lead:].strip(), offset, span.end, False, span.paragraph)
                )
        for (index, start), (_end, name, form) in self.institution_at.items():
            if (index, start) not in covered:
                entity = self._entity("organization", name, form)
                self.span_entity[(index, start)] = entity
        return spans

    def _context(self, span: t.Span) -> tuple[str, str]:
        paragraph = self.paragraphs[span.paragraph]
        return paragraph[: span.start], paragraph[span.end :]

    def _classify_span(self, span: t.Span) -> Entity | None:
        core, honorific, _title = self._candidates(span)
        if not core or core in CALENDAR or core in CHANNEL_NAMES:
            return None
        if core in DIRECTIONS or core in COMPASS or core in GENERIC_BODIES:
            return None  # "the West", "its Western backers": no place of the map
        words = core.split()
        if all(w in NOT_NAMES for w in words) or _a_war(words) or WEAPON.match(core):
            return None
        before, after = self._context(span)
        if len(words) > 1 and words[-1] == "I" and re.match(r"\s+[a-z]", after):
            # "Kadyrov I affirm": the pronoun of a garbled translation, no name.
            return None
        if TITLE_ONLY.match(core):
            return None  # "the spokesman of the Russian President": an office
        if re.search(r"\w-(?:made|type|class|built|based|backed|led|style)\b", core):
            return None  # "Iranian-made Shahed", "Molniya-type UAV": a kind of thing
        if re.match(r"\s+and\s+(?:[A-Z][\w-]*\s+)*(?:Day|Days)\b", after):
            return None  # "Rocket Forces and Artillery Day": a day's name
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
        if len(words) > 1 and words[0] in DIRECTIONS:
            # "Eastern Ukraine": Ukraine, in part; else nobody ("Western Allies").
            rest = " ".join(words[1:])
            start = span.end - len(rest)
            return self._place(
                rest, t.Span(rest, start, span.end, False, span.paragraph)
            )
        if len(words) > 1 and words[-1] in FEATURE_WORDS:
            return self._new_place(core, span)
        if len(words) == 1 and _a_common_noun(core, span, after):
            return None
        if any(
            w.strip("’'") in ORG_WORDS or (w.isupper() and w.title() in ORG_WORDS)
            for w in words
        ) or (len(words) > 1 and ORG_APPOSITIVE.match(after)):
            return self._org(core, span)
        if core.isupper() and 2 <= len(core.replace(".", "")) <= 6:
            return self._org(core, span)
        if len(words) > 1 and ORG_BEFORE.search(before):
            return self._org(core, span)
        if len(words) >= 2 and self._person_shaped(words):
            # "The Sergei Kotov" is a ship, not a person: people take no article.
            if re.search(r"\bthe\s+$", before) or span.text.startswith("The "):
                return None
            maybe = self._maybe(words)
            if maybe is not None:
                return self._maybe_person(maybe, core, span)
            return self._person(core, honorific, span)
        return None

    def _maybe(self, words: list[str]) -> tuple | None:
        """The one person of the archive a new name may be: the same surname
        and, for a full name, the same first initial ("Dmitri Peskov" for
        Dmitry Peskov; "Mr. Strelkov" for Igor Girkin, by his alias)."""
        candidates = self.similar_persons.get(words[-1].lower(), [])
        if len(words) > 1:
            initial = words[0][0].lower()
            candidates = [c for c in candidates if c[2][0].lower() == initial]
        return candidates[0] if len({c[0] for c in candidates}) == 1 else None

    def _maybe_person(self, candidate: tuple, form: str, span: t.Span) -> Entity:
        pk, name, _written = candidate
        entity = self.entities.get(("person", name.lower()))
        if entity is None:
            entity = Entity(kind="person", name=name, known_id=pk, maybe=True)
            entity.first_seen = (span.paragraph, span.start)
            self.entities[("person", name.lower())] = entity
        entity.add_form(form)
        self.by_form[form.lower()] = entity
        return entity

    def _org(self, core: str, span: t.Span) -> Entity:
        """An organization, with the common nouns the text calls it by. "Head
        of the Odesa Oblast Military Administration" is an office's title: the
        organization is what it is head of."""
        office = OFFICE_OF.match(core)
        if office is not None:
            core = office.group("body")
        return self._with_nouns(self._entity("organization", core, core, span), span)

    def _with_nouns(self, entity: Entity, span: t.Span) -> Entity:
        """ "the Free Russia Legion, a group of ...": how the text calls it."""
        before, after = self._context(span)
        described = ORG_APPOSITIVE.match(after)
        if described:
            entity.nouns.add(described.group(1))
        introduced = re.search(
            r"\b(?:[Aa]n?)\s+(group|organization|unit|militia|network|movement|"
            r"battalion|brigade|legion|agency)\b[^.“”]*,\s*(?:the\s+)?$",
            before,
        )
        if introduced:
            entity.nouns.add(introduced.group(1))
        return entity

    def _classify_short(self, span: t.Span) -> Entity | None:
        """One-word spans: a surname of someone named in full, or an org cue."""
        core, honorific, title = self._candidates(span)
        if not core or core in CALENDAR or core in CHANNEL_NAMES:
            return None
        if core in DIRECTIONS or core in COMPASS or core in GENERIC_BODIES:
            return None
        if core in NOT_NAMES or WEAPON.match(core):
            return None
        if core in STOPWORDS or len(core.split()) != 1:
            return None
        surname = self._by_surname(core)
        if surname is not None:
            return self._person(surname.name, honorific, span, form=core)
        # "President Putin", "Gen. Gerasimov": a person's title, like "Mr.".
        titled = title and PERSON_TITLE.search(title) and core not in ORG_WORDS
        if honorific or titled or SPEAKS.match(self._context(span)[1]):
            maybe = self._maybe([core])
            if maybe is not None:
                written = " ".join([*sorted(honorific), core])
                return self._maybe_person(maybe, written, span)
        if honorific or titled:
            return self._person(core, honorific, span)
        before, after = self._context(span)
        # "who gave her name as Irina"; "51-year-old shop owner Svitlana said".
        # "Ukraine soldier Volodymyr relishes ...": after a person's noun, a
        # word in capitals is their name.
        named_by_role = ROLE_NOUN_BEFORE.search(before) and (
            SPEAKS.match(after) or re.match(r"^\s*,|^\s+[a-z]", after)
        )
        if (NAMED_AS.search(before) or named_by_role) and not (
            core in ORG_WORDS or DEMONYM.search(core)
        ):
            return self._person(core, honorific, span)
        named = self.by_form.get(core.lower())  # "Putin", after "Ms. Putin"
        if named is not None and named.kind == "person":
            return self._person(named.name, honorific, span, form=core)
        before, after = self._context(span)
        if ORG_INTRODUCED.search(before):  # "the state nuclear company, Energoatom,"
            return self._org(core, span)
        if DEMONYM.search(core) and core not in ORG_WORDS:
            return None
        if _a_common_noun(core, span, after):
            return None
        if core not in ORG_WORDS and self._owned_by_acronym(core):
            return self._person(core, honorific, span)  # "IAEA's Grossi"
        if core in ORG_WORDS or (
            re.search(r"\bthe\s+$", before)
            and core not in TITLE_WORDS  # "said the President."
            and (FOLLOWED_BY_ROLE.match(after) or re.match(r"^[’']s\b|^[^\w\s]", after))
        ):
            return self._org(core, span)
        if FOLLOWED_BY_ROLE.match(after) and not span.sentence_start:
            return self._org(core, span)
        if ORG_APPOSITIVE.match(after) and not span.sentence_start:
            return self._org(core, span)
        # "Zelensky said", "Kyrylenko added": a surname by its ending.
        if SPEAKS.match(after) and SURNAME.search(core):
            return self._person(core, honorific, span)
        # "Unesco said": a one-word name that speaks, and is nobody's surname
        # ("the President said" is a role).
        if (
            SPEAKS.match(after)
            and not DEMONYM.search(core)
            and core.lower() not in DEMONYMS
            and core not in TITLE_WORDS
        ):
            return self._org(core, span)
        return None

    def _owned_by_acronym(self, word: str) -> bool:
        """Whether the title or text says "IAEA's Grossi" of `word`."""
        pattern = re.compile(OWNED_BY_ACRONYM.format(re.escape(word)))
        return any(pattern.search(text) for text in [self.title, *self.paragraphs])

    def _person_shaped(self, words: list[str]) -> bool:
        return person_shaped(words)

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
        s_start, _ = t.sentence_around(paragraph, span.start)
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

    def _person_before(self, index: int, start: int) -> Entity | None:
        """The person named last before `start` of paragraph `index`."""
        earlier = [
            (where, entity)
            for where, entity in self.span_entity.items()
            if entity.kind == "person" and where < (index, start)
        ]
        return max(earlier, key=lambda item: item[0])[1] if earlier else None

    def _previous_person(self, span: t.Span) -> Entity | None:
        best = self._person_before(span.paragraph, span.start)
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
        return best


def split_calendar(span: t.Span) -> list[t.Span]:
    """ "Kyiv March 6": a month or weekday ends a name."""
    words = span.text.split()
    if len(words) < 2 or not any(w in CALENDAR for w in words[1:]):
        return [span]
    pieces, offset = [], 0
    for match in re.finditer(r"\S+", span.text):
        if match.group() in CALENDAR:
            head = span.text[offset : match.start()].strip()
            if head:
                start = span.start + offset
                pieces.append(
                    t.Span(
                        head,
                        start,
                        start + len(head),
                        span.sentence_start and not offset,
                        span.paragraph,
                    )
                )
            offset = match.end()
    tail = span.text[offset:].strip()
    if tail:
        start = span.end - len(tail)
        pieces.append(t.Span(tail, start, span.end, False, span.paragraph))
    return pieces


COMPASS = {"North", "South", "East", "West", "Central"}
# What a ministry is of, ending an office before its holder's name.
OFFICE_SUBJECTS = {
    "Affairs", "Defence", "Defense", "Justice", "Health", "Interior", "Finance",
    "Economy", "Energy", "Education", "Culture", "Agriculture", "Infrastructure",
    "Development", "Integration", "Reintegration", "Territories", "Industries",
}  # fmt: skip
# Offices that are not titles before a name on their own ("Head of ...").
OFFICE_HEADS = {"Head", "Chairman", "Chairwoman", "Chair", "Leader", "Founder"}


def _a_war(words: list[str]) -> bool:
    """ "World War II", "World War Two": a war, nobody."""
    return "War" in words[:-1] and words[-1] in {"I", "II", "One", "Two"}


# A page's calls to action and labels, and the platforms news is posted on:
# capitalized, never a person.
CALLS_TO_ACTION = {
    "Follow", "Subscribe", "Join", "Read", "Watch", "Share", "Download", "Listen",
    "Donate", "Support", "Sign",
}  # fmt: skip
PLATFORMS = CHANNEL_NAMES - {"X", "Signal"}  # "Malcolm X" is a person
LABELS = {"RELEASE", "NEWS", "UPDATE", "UPDATES", "EXCLUSIVE", "OPINION", "ANALYSIS"}


def _a_common_noun(word: str, span: t.Span, after: str) -> bool:
    """ "Energy facilities in four regions": a word of ORG_WORDS opening a
    sentence before a plural is a common noun, no organization."""
    return (
        span.sentence_start
        and word in ORG_WORDS - ORG_NAMES
        and re.match(r"^\s+[a-z]+s\b", after) is not None
    )


# "IAEA's Grossi", "NATO's Stoltenberg": a body's person, by surname.
OWNED_BY_ACRONYM = r"\b[A-Z]{{2,6}}[’']s\s+{}\b"


def person_shaped(words: list[str]) -> bool:
    """Two to four capitalized words, a name's particles aside ("Mohammed bin
    Abdulrahman bin Jassim Al Thani"); not a people's name ("North Korean")."""
    named = [w for w in words if w not in NAME_PARTICLES]
    if not named or len(named) > 4 or words[0] in STOPWORDS:
        return False
    if DEMONYM.search(words[0]) or " ".join(words).lower() in DEMONYMS:
        return False
    if words[0] in COMPASS and re.search(r"(?:an|ese|ish|ic|i)$", words[-1]):
        return False  # "South African", "West African", "East Timorese"
    if words[-1] in EVENT_WORDS:
        return False  # "Victory Day", "UAV Attack"
    if words[0].lower() in DEMONYMS or words[-1] in TITLE_WORDS:
        return False  # "Dutch Minister"
    if any(any(c.isdigit() for c in w) for w in words):
        return False  # "RAF RC-135 Rivet Joint", an aircraft
    if words[0] in {"St", "St.", "Saint"}:
        return False  # "St Michael's": a church, a street, a saint
    if words[0] in CALLS_TO_ACTION or words[-1] in PLATFORMS:
        return False  # "Follow Meduza", "Local Telegram": the page, a channel
    if all(w.isupper() for w in words) and words[-1] in LABELS:
        return False  # "PRESS RELEASE": a page's label
    if words[-1] in NAME_PARTICLES or any(
        w in {"of", "for", "the", "and"} for w in words
    ):
        return False
    return all(w[0].isupper() for w in named)


def split_office_of_place(span: t.Span) -> list[t.Span] | None:
    """ "Prime Minister of Qatar Mohammed bin Abdulrahman bin Jassim Al Thani":
    the place an office is of, then the person who holds it; "Head of the
    Kharkiv Regional Military Administration Oleh Syniehubov": the body, then
    its head."""
    words = span.text.split(" ")
    if (words[0] not in TITLE_WORDS and words[0] not in OFFICE_HEADS) or (
        "of" not in words
    ):
        return None
    bodies = [i for i, w in enumerate(words) if w in ORG_WORDS]
    if bodies and bodies[-1] > words.index("of"):
        last = bodies[-1]
        if _holder(words[last + 1 :]):
            of = max(i for i, w in enumerate(words[:last]) if w == "of")
            first = of + 2 if words[of + 1] == "the" else of + 1
            return _pieces(span, words, [(first, last + 1), (last + 1, len(words))])
    if (
        words[0] in TITLE_WORDS
        and len(words) > 4
        and words[-3] in OFFICE_SUBJECTS
        and _holder(words[-2:])
    ):
        # "Minister of Foreign Affairs Dmytro Kuleba": what the office is of,
        # then its holder.
        return _pieces(span, words, [(len(words) - 2, len(words))])
    for of in [i for i, w in enumerate(words) if w == "of"][::-1]:
        first = of + 2 if of + 1 < len(words) and words[of + 1] == "the" else of + 1
        # "of the United Kingdom Rishi Sunak": two words after "the", else one.
        place_end = first + 2 if first > of + 1 else first + 1
        if not all(w[:1].isupper() for w in words[first:place_end]):
            continue
        if _holder(words[place_end:]) and not any(
            w in ORG_WORDS for w in words[place_end:]
        ):
            return _pieces(span, words, [(first, place_end), (place_end, len(words))])
    return None


def _holder(words: list[str]) -> bool:
    """Whether `words` are a person's name holding an office named before."""
    return (
        len(words) >= 2
        and person_shaped(words)
        and not any(w in TITLE_WORDS for w in words)
    )


def _pieces(span: t.Span, words: list[str], ranges) -> list[t.Span]:
    """The spans of words[a:b] for each (a, b) of `ranges`."""
    pieces = []
    for a, b in ranges:
        start = span.start + len(" ".join(words[:a])) + (1 if a else 0)
        text = " ".join(words[a:b])
        pieces.append(t.Span(text, start, start + len(text), False, span.paragraph))
    return pieces


def split_title(span: t.Span) -> list[t.Span]:
    """ "Energy Agency Director General Rafael Grossi": a group, then a person;
    "Russian-occupied Zaporizhzhia": a modifier, then a name."""
    words = span.text.split(" ")
    lead = 0  # past "The", to "Russian-occupied"
    while lead < len(words) - 1 and words[lead] in STOPWORDS:
        lead += 1
    if MODIFIER.match(words[lead]):
        if lead == len(words) - 1:
            return []
        offset = len(" ".join(words[: lead + 1])) + 1
        rest = t.Span(
            " ".join(words[lead + 1 :]),
            span.start + offset,
            span.end,
            False,
            span.paragraph,
        )
        return split_title(rest)
    office = split_office_of_place(span)
    if office is not None:
        return office
    for i in range(1, len(words) - 1):
        person = [
            w for w in words[i:] if w not in TITLE_WORDS and w not in NAME_PARTICLES
        ]
        # "Russian President Putin": one word is a name after a person's title.
        least = 1 if PERSON_TITLE.search(" ".join(words[i:-1])) else 2
        is_person = least <= len(person) <= 4 and not any(
            w in ORG_WORDS or w in {"of", "for", "the"} or w in STOPWORDS
            for w in person
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
