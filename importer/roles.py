"""The roles a text gives the persons it names, proposed as affiliations.

"Kremlin spokesman Dmitry Peskov", "Russian President Vladimir Putin",
"Vyacheslav Gladkov, the governor of Belgorod Oblast": each says what someone
was on the day of the update, and where or for whom (an organization, or a
place for an office over a territory). The importer proposes one affiliation
per person and role; the archive's own affiliations are reused when one
matches (importer.services).
"""

import re

from . import text as t
from .locations import GENERIC_REGION
from .proposals import Entity, RoleProposal
from .vocabulary import CALENDAR, STOPWORDS

# The nouns a role ends in. "chief of staff" and "head of state" are one role.
HEAD = (
    r"chief of staff|head of state|secretary-general|spokes(?:man|woman|person)|"
    r"governor|president|"
    r"prime minister|minister|mayor|head|chief|commander|commander-in-chief|leader|"
    r"chair(?:man|woman)?|director|secretary|ambassador|advis[eo]r|aide|envoy|"
    r"general|colonel|lieutenant-colonel|lieutenant-general|analyst|researcher|"
    r"correspondent|photographer|reporter|editor|prosecutor|ombuds(?:man|woman)|"
    r"speaker|lawmaker|official|officer|blogger|sergeant|ensign|lieutenant|"
    r"major|captain|pilot|patriarch|chancellor|premier|senator|commissioner|"
    r"coordinator|founder|co-founder|expert|professor|economist|historian|"
    r"journalist|deputy|monarch|king|queen|pope|marshal|admiral|resident|owner|"
    r"volunteer|soldier|medic|doctor|nurse|teacher|farmer|driver|engineer"
)
# Words that belong to the role ("deputy prime minister", "defense minister").
MODIFIER = (
    r"deputy|vice|acting|former|first|prime|foreign|defen[cs]e|interior|finance|"
    r"economy|health|justice|energy|press|military|presidential|senior|chief|"
    r"top|retired|diplomatic|international|security|war|political|"
    r"foreign-policy|national|emergency|veteran|junior|executive|general|"
    r"commanding|supreme|paramilitary|regional|local|city|district|shop|"
    r"another|(?:\d+-year-old)"
)
HEAD_LAST = re.compile(rf"(?i:\b(?:{HEAD}))\s+$")
TITLE = rf"(?i:(?:(?:{MODIFIER})\s+){{0,3}}(?:{HEAD}))"
CAPITAL = r"[A-Z][\w’'.-]*"
# What a role is of, before it: "Kremlin", "Ukraine’s", "Russian" (never "The").
# A word of a role ("Defense", "Minister") is never where it is held.
PLAIN = rf"(?!(?i:{MODIFIER}|{HEAD})\b){CAPITAL}"
WHERE = rf"(?P<where>(?!(?:The|A|An)\b)(?:{PLAIN}\s+){{0,2}}{PLAIN})"
# Before a name: "Kremlin spokesman ", "Ukraine’s Defense Minister ",
# "the region's governor ", "Governor ".
BEFORE = re.compile(
    rf"(?:{WHERE}\s+|\b(?:the|a|an)\s+)?"
    rf"(?<![\w-])(?P<title>{TITLE})\s+$"
)
# After a name: ", the Kremlin's spokesman," / ", the governor of Belgorod
# Oblast," / ", a Russia analyst at the Center for European Policy Analysis".
# "of the so-called Donetsk People’s Republic (DPR)": what a role is of is the
# name it ends in.
OF = (
    rf"(?:\s+(?:of|for|at|in|with)\s+(?:[^,.;“”]{{0,60}}?\s+)??"
    rf"(?P<of>{CAPITAL}(?:\s+(?:of\s+|for\s+|the\s+)*{CAPITAL})*)(?:\s+\([A-Z]+\))?"
    # "of Zaporizhzhia’s regional military administration": the words after.
    r"(?P<tail>(?:\s+[a-z][\w-]*){0,4})?)?"
)
# Before a name set off by commas: "Ukraine’s presidential chief of staff,
# Andriy Yermak, said"; "Russian defence minister, Sergei Shoigu, said".
BEFORE_COMMA = re.compile(
    rf"(?:{WHERE}\s+|\b(?:the|a|an)\s+)?"
    rf"(?<![\w-])(?P<title>{TITLE}){OF},\s+$"
)
# Before a name, with what it is of: "President of Ukraine Volodymyr
# Zelenskyy", "Minister of Foreign Affairs Dmytro Kuleba".
BEFORE_OF = re.compile(
    rf"(?<![\w-])(?P<title>{TITLE})\s+of\s+(?:the\s+)?"
    # "the new Head of the Odesa Oblast Military Administration - Oleh Kiper"
    rf"(?P<of>{CAPITAL}(?:\s+(?:of\s+|the\s+)*{CAPITAL}){{0,4}})\s+(?:[-–—]\s+)?$"
)
# Lower case, what it is of named within: "the head of the Donetsk regional
# military administration Vadym Filashkin", "the Russian-appointed head of the
# region, Denis Pushilin," (the region named before).
BEFORE_OF_NAMED = re.compile(
    rf"(?<![\w-])(?P<title>{TITLE})\s+of\s+(?:the\s+)?"
    r"(?P<of>[\w’'-]+(?:\s+[\w’'-]+){0,5}?)\s*(?:[-–—,]\s*)?$"
)
# "Valeri Paditel, who heads the border guards in the Donetsk region,".
WHO_HEADS = re.compile(
    r"^,\s+who\s+(?P<verb>heads|leads|runs|chairs|commands)\s+(?:the\s+)?"
    r"(?P<of>[^,.;]{1,80})"
)
AFTER = re.compile(
    # ", the Odesa region governor,": where, with its region word.
    rf"^,\s+(?:(?:the|a|an)\s+)?(?:{WHERE}(?P<region>\s+(?:region|oblast))?\s+|"
    rf"[\w\s-]{{0,40}}?[’']s\s+)?"
    rf"(?P<title>{TITLE}){OF}"
    r"(?=\s*(?:[,.;]|$|\s+(?:said|says|told|wrote|added|has|had|is|was)\b))"
)
# The places a country's people are called by, for "Russian President".
DEMONYMS = {
    "russian": "Russia", "ukrainian": "Ukraine", "belarusian": "Belarus",
    "american": "United States", "u.s.": "United States", "us": "United States",
    "british": "United Kingdom", "french": "France", "german": "Germany",
    "polish": "Poland", "chinese": "China", "turkish": "Turkey", "iranian": "Iran",
    "israeli": "Israel", "hungarian": "Hungary", "georgian": "Georgia",
    "moldovan": "Moldova", "lithuanian": "Lithuania", "latvian": "Latvia",
    "estonian": "Estonia", "finnish": "Finland", "swedish": "Sweden",
    "italian": "Italy", "spanish": "Spain", "dutch": "Netherlands",
    "canadian": "Canada", "japanese": "Japan", "indian": "India",
    "north korean": "North Korea", "south korean": "South Korea",
    "romanian": "Romania", "slovak": "Slovakia", "czech": "Czechia",
    "kazakh": "Kazakhstan", "azerbaijani": "Azerbaijan", "armenian": "Armenia",
    "qatari": "Qatar", "saudi": "Saudi Arabia", "emirati": "United Arab Emirates",
}  # fmt: skip
_DEMONYM = re.compile(
    r"\b(" + "|".join(re.escape(d) for d in DEMONYMS) + r")\b", re.IGNORECASE
)
# Roles whose first words say what they study, not where they are held.
SUBJECT_ROLES = {
    "analyst", "expert", "researcher", "correspondent", "editor", "reporter",
    "professor", "historian", "economist", "fellow", "journalist", "blogger",
}  # fmt: skip
# Offices over a territory: their place is a region or country, not a city.
TERRITORIAL = {"governor"}
LOWER_FIRST = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def head_of(title: str) -> str:
    """The role's noun, as roles are compared: "Defence Minister" and "defense
    minister" alike, "spokesperson" for any spokesman."""
    title = title.lower().replace("defence", "defense")
    title = re.sub(r"spokes(?:man|woman)", "spokesperson", title)
    found = re.search(rf"(?:{HEAD})$", title)
    if found is None:
        # "Minister of Foreign Affairs": the noun before what it is of.
        found = re.search(rf"(?:{HEAD})(?=\s+of\b)", title)
    return found.group() if found else title.split()[-1]


class RoleRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _role_names(self) -> set[str]:
        """Names to ask the archive for: the countries demonyms stand for."""
        text = "\n".join(self.paragraphs)
        return {DEMONYMS[word.lower()].lower() for word in _DEMONYM.findall(text)}

    def _roles(self) -> list[RoleProposal]:
        spans = {(s.paragraph, s.start): s for s in self.spans}
        found: dict[tuple[int, str], RoleProposal] = {}
        for (index, start), entity in sorted(self.span_entity.items()):
            span = spans.get((index, start))
            if entity.kind != "person" or span is None:
                continue
            for role in self._roles_at(entity, span):
                key = (id(entity), head_of(role.title))
                earlier = found.get(key)
                if earlier is None:
                    found[key] = role
                elif earlier.where is None and role.where is not None:
                    earlier.where = role.where
        return list(found.values())

    def _roles_at(self, person: Entity, span: t.Span) -> list[RoleProposal]:
        paragraph = self.paragraphs[span.paragraph]
        s_start, _ = t.sentence_around(paragraph, span.start)
        _core, _honorifics, title_inside = self._candidates(span)
        before = paragraph[s_start : span.start]
        if title_inside:
            before = f"{before}{title_inside} "
        roles = []
        match = BEFORE.search(before)
        after = paragraph[span.end :]
        if match is None and re.match(r"\s*(?:[,.;]|$)", after):
            match = BEFORE_COMMA.search(before)
        if match is None:
            match = BEFORE_OF.search(before)
        if match is None:
            named = self._role_of_named(person, before, span, s_start)
            if named is not None:
                roles.append(named)
        while match:
            roles.append(self._role(person, match, span))
            # "Defense Ministry Spokesman Lieutenant-General": an office, a rank.
            before = before[: match.start("title")]
            match = BEFORE.search(before) if HEAD_LAST.search(before) else None
        match = AFTER.match(paragraph[span.end :])
        if match:
            roles.append(self._role(person, match, span))
        heads = WHO_HEADS.match(paragraph[span.end :])
        if heads and not match:
            where = self._entity_in(
                span.paragraph, span.end + heads.start("of"), span.end + heads.end("of")
            )
            title = "commander" if heads.group("verb") == "commands" else "head"
            roles.append(
                RoleProposal(
                    person, title, where, heads.group().strip(" ,"), span.paragraph
                )
            )
        return [role for role in roles if role is not None]

    def _role_of_named(self, person, before: str, span: t.Span, s_start: int):
        """ "the head of the Donetsk regional military administration X": the
        role of the organization or place named in the words after "of"."""
        match = BEFORE_OF_NAMED.search(before)
        if match is None:
            return None
        title = " ".join(match.group("title").split())
        if re.fullmatch(r"(?i)region|oblast|province", match.group("of")):
            where = self._place_before(span, below_country=True)
            where = self._territory(where) if where is not None else None
        else:
            start = s_start + match.start("of")
            where = self._entity_in(span.paragraph, start, s_start + match.end("of"))
        if where is None:
            return None
        return RoleProposal(
            person=person,
            title=_house_style(title),
            where=where,
            as_written=" ".join(match.group().strip(" ,-–—").split()),
            paragraph=span.paragraph,
        )

    def _entity_in(self, index: int, start: int, end: int) -> Entity | None:
        """The organization (else place) named first in paragraph[start:end],
        when the words open with it: in "the border guards in the Donetsk
        region", Donetsk is where they are, not what is headed."""
        opening = start + len(
            re.match(r"(?:[\w’'-]+\s+)?", self.paragraphs[index][start:end]).group()
        )
        inside = [
            entity
            for (where, at), entity in sorted(self.span_entity.items())
            if where == index and start <= at <= opening and entity.kind != "person"
        ]
        orgs = [e for e in inside if e.kind == "organization"]
        return (orgs or inside or [None])[0]

    def _role(self, person: Entity, match: re.Match, span: t.Span):
        title = " ".join(match.group("title").split())
        where_text = match.groupdict().get("of") or match.groupdict().get("where")
        if where_text and HEAD_LAST.search(where_text + " "):
            where_text = None  # "Spokesman Lieutenant-General": a role, not a where
        if (
            match.groupdict().get("of")
            and match.groupdict().get("where")
            and head_of(title) in SUBJECT_ROLES
        ):
            # "a Russia analyst at the Center ...": the first words say of what.
            title = f"{match.group('where')} {title}"
        if title in {"General", "Chief", "Head", "Major"} and not where_text:
            return None  # capitalized alone, a word of a name ("Major Tom")
        where = self._role_place(where_text, title) if where_text else None
        if where is not None and "region" in (match.groupdict().get("tail") or ""):
            where = self._territory(where)  # "Zaporizhzhia’s regional ..."
        if where is None and head_of(title) in TERRITORIAL:
            # "In Kursk, the Russian region’s governor": the place named before.
            where = self._place_before(span, below_country=True)
            where = self._territory(where) if where is not None else None
        return RoleProposal(
            person=person,
            title=_house_style(title),
            where=where,
            as_written=" ".join(match.group().strip(" ,").split()),
            paragraph=span.paragraph,
        )

    def _role_place(self, text: str, title: str) -> Entity | None:
        """The organization or place a role is of, among what the text names
        or, for a country's demonym, what the archive holds."""
        text = re.sub(r"[’']s?$", "", LOWER_FIRST.sub("", text.strip()))
        words = text.split()
        # "Tuesday Kremlin": a day or a word of grammar is not part of the name.
        while len(words) > 1 and (words[0] in CALENDAR or words[0] in STOPWORDS):
            words.pop(0)
        return self._named(" ".join(words), title)

    def _place_before(self, span: t.Span, below_country=False) -> Entity | None:
        """The last place named in the sentence before `span`; with
        `below_country`, the last below a country, if any ("In the Zaporizhzhia
        region in southeast Ukraine, governor Ivan Fedorov": Zaporizhzhia)."""
        paragraph = self.paragraphs[span.paragraph]
        s_start, _ = t.sentence_around(paragraph, span.start)
        places = [
            entity
            for (index, start), entity in sorted(self.span_entity.items())
            if index == span.paragraph
            and s_start <= start < span.start
            and entity.kind == "place"
        ]
        if below_country:
            places = [p for p in places if p.place_kind != "country" and p.ancestors]
        return places[-1] if places else None

    def _named(self, text: str, title: str) -> Entity | None:
        lower = text.lower()
        entity = self.by_form.get(lower)
        if entity is None:
            entity = next(
                (
                    e
                    for e in self.entities.values()
                    if lower in {f.lower() for f in [e.name, *e.forms]}
                ),
                None,
            )
        if entity is None:
            country = DEMONYMS.get(lower)
            candidates = self.known_places.get((country or text).lower(), [])
            choice = next(
                (c for c in candidates if c["kind"] in ("country", "region")), None
            )
            if choice is None:
                return None
            entity = self._context_place(choice)
        if entity.kind == "place" and head_of(title) in TERRITORIAL:
            entity = self._territory(entity)
        return entity if entity.kind != "person" else None

    def _territory(self, place: Entity) -> Entity:
        """A governor's place is the region a city named for it lies in."""
        if place.known_id is None or not place.ancestors:
            return place
        kinds = {a["kind"] for a in place.ancestors}
        if "region" not in kinds or GENERIC_REGION.search(place.name):
            return place
        region = next(a for a in place.ancestors if a["kind"] == "region")
        return self._context_place(region)


def _house_style(title: str) -> str:
    """Roles are written in lower case ("spokesman", "defense minister"), as
    the archive's affiliations are, but for a name inside one ("Russia
    analyst"). "regional" and "local" say where, which the role's place holds."""
    words = [
        word if word[0].isupper() and not _ROLE_WORD.fullmatch(word) else word.lower()
        for word in title.split()
    ]
    while len(words) > 1 and (
        words[0] in {"regional", "local", "city", "district", "another"}
        or re.match(r"\d+-year-old$", words[0])
    ):
        words.pop(0)
    return " ".join(words)


_ROLE_WORD = re.compile(rf"(?i:{HEAD}|{MODIFIER}|of|staff)")
