"""Photo captions with their credit lines, and contributor lines."""

import re

from rapidfuzz import fuzz

from . import text as t
from .institutions import institution_named
from .proposals import ContributionProposal, CreditProposal, Entity, MediaProposal
from .vocabulary import (
    FEATURE_WORDS,
    ORG_WORDS,
    PERSON_TITLES,
)

# Each kind of contributor line, and the role of each group of names in it.
CONTRIBUTOR_LINES = [
    (t.CONTRIBUTOR_LINE, [("names", "contributor")]),
    (t.REPORTING_BY, [("names", "contributor"), ("editors", "editor")]),
    (t.BYLINE, [("names", "author")]),
    (t.PROVIDED_BY, [("names", "contributor")]),
    (t.POST_STAMP, [("names", "author")]),
    (t.WRITTEN_BY, [("names", "author")]),
    (t.SHIFTS, [("names", "author")]),
    (t.AUTHOR_BIO, [("names", "author")]),
]
# What each part of a sign-off makes its names. Wire copy separates who
# reported from who wrote: the writer is the author, reporters contribute (as
# the project's fixtures were keyed).
SIGN_OFF_ROLES = {
    "additional reporting": "contributor",
    "reporting": "contributor",
    "writing": "author",
    "compiled": "author",
    "research": "contributor",
    "fact-checking": "contributor",
    "editing": "editor",
    "translated": "translator",
    "translation": "translator",
}


class CreditRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _media(self) -> list[MediaProposal]:
        media = []
        for caption in self.captions:
            if any(_same_caption(caption.text, earlier.caption) for earlier in media):
                continue  # a copy of the page gives one photo's caption twice
            credits = []
            roles = credit_roles(caption.credit_line)
            for position, (as_written, role) in enumerate(roles):
                before_agency = (
                    position == 0 and len(roles) > 1 and roles[1][1] == "agency"
                )
                party = self._party(as_written, before_agency=before_agency)
                if party.kind == "person" and role in ("originator", "agency"):
                    role = "photographer"  # a person behind the camera
                elif party.kind == "organization" and role == "photographer":
                    role = "originator"  # "Photograph: Future Publishing"
                elif (
                    party.kind == "organization"
                    and role == "agency"
                    and len(roles) == 1
                    and not AGENCY_WORDS.intersection(
                        re.findall(r"[\w-]+", f"{as_written} {party.name}")
                    )
                ):
                    role = "originator"  # "(Pic. Ukraine Ministry of Foreign Affairs)"
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
        # "Ukraine Ministry of Foreign Affairs": the country's name as its adjective.
        institution = institution_named(as_written) or institution_named(
            COUNTRY_FIRST.sub(lambda m: COUNTRY_ADJECTIVES[m.group()], as_written)
        )
        if institution is not None:  # "Ministry of Defense of Russia/EPA"
            return self._entity("organization", institution, as_written)
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
                if entity.kind == "organization" and same_org(entity.name, as_written):
                    entity.add_form(as_written)
                    return entity
        if known is not None and known.kind == "organization":
            known.add_form(as_written)
            return known
        return self._entity("organization", as_written, as_written)

    def _org_like_credit(self, text: str) -> bool:
        return bool(re.search(r"\b(?:of|for|the)\b", text))

    def _contributors(self, paragraph: str, following: str = "") -> bool:
        """A line that credits who wrote the update, not part of its text."""
        if any(pattern.match(paragraph) for pattern, _ in CONTRIBUTOR_LINES):
            byline = t.BYLINE.match(paragraph)
            # A long "By ..." line is a sentence, unless it is only names
            # ("By A, B, C, D and E, CNN").
            return not (
                byline
                and len(paragraph.split()) > 12
                and not t.NAMES_LINE.match(_names_of(byline.group("names")))
            )
        if t.SIGN_OFF.match(paragraph):
            return True
        names = t.NAMES_LINE.match(paragraph)
        if names is None:
            return False
        # Names alone: reporters when a role line follows, or when two are
        # joined ("X and Y"), or written in capitals, or when the page's date
        # comes right after them ("Iryna BalachukWednesday, 31 May 2023, 18:43",
        # a byline over its time), and none is a place.
        joined = " and " in paragraph or ", " in paragraph
        shouting = paragraph.isupper() and len(paragraph.split()) <= 3
        if not (
            t.ROLE_LINE.match(following)
            or joined
            or shouting
            or self._dated_byline(paragraph)
        ):
            return False
        return all(
            self._person_shaped(name.split())
            and not any(w in ORG_WORDS or w in FEATURE_WORDS for w in name.split())
            for name in split_names(paragraph)
        )

    def _dated_byline(self, paragraph: str) -> bool:
        at = self.raw.find(paragraph)
        if at < 0:
            return False
        after = self.raw[at + len(paragraph) : at + len(paragraph) + 80]
        return bool(t.DATE_LINE.match(after.lstrip().split("\n", 1)[0]))

    def _contributions(self) -> list[ContributionProposal]:
        for name in self.reported_from:  # "contributed reporting from Kyiv."
            candidates = self.known_places.get(name.lower())
            if candidates:
                countries = [c for c in candidates if c["kind"] == "country"]
                choice = (countries or [self._largest(candidates)])[0]
                self._place_entity(choice, name, None)
        found = []
        for line in self.contribution_lines:
            for name, role in contributor_names(line):
                if name.isupper() and " " in name:  # "STANISLAV POHORILOV"
                    name = name.title()
                kind = "organization" if self._org_like_name(name) else "person"
                party = self._entity(kind, name, name)
                if any(f.party is party and f.role == role for f in found):
                    continue  # a names line, then the author's box: one author
                found.append(ContributionProposal(party, role, line))
            outlet = byline_outlet(line)
            if outlet:  # "By A and B, CNN": the outlet is named, as a body
                self._entity("organization", outlet, outlet)
        return found

    def _org_like_name(self, name: str) -> bool:
        """ "Reporting by Reuters": a news organization credited for reporting."""
        lower = name.lower()
        return (
            lower in self.known_orgs
            or any(w in ORG_WORDS for w in name.split())
            or len(name.split()) == 1
            or lower.startswith(("the ", "our "))
        )


def contributor_names(line: str) -> list[tuple[str, str]]:
    """(name, role) of each person a contributor line credits."""
    parts = list(t.SIGN_OFF_PART.finditer(line))
    if parts:
        found = []
        for part, following in zip(parts, [*parts[1:], None], strict=True):
            end = following.start() if following else len(line)
            names = line[part.end() : end].strip(" ;,.()")
            role = SIGN_OFF_ROLES[part.group("what").lower()]
            found.extend((name, role) for name in split_names(names))
        return found
    if t.NAMES_LINE.match(line) and not t.BYLINE.match(line):
        return [(name, "author") for name in split_names(line)]
    for pattern, roles in CONTRIBUTOR_LINES:
        match = pattern.match(line)
        if match is not None:
            return [
                (name, role)
                for group, role in roles
                for name in split_names(_names_of(match.group(group) or ""))
            ]
    return []


def byline_outlet(line: str) -> str | None:
    """The outlet a byline's writers write for: "By A, B and C, CNN"."""
    byline = t.BYLINE.match(line)
    if byline is None:
        return None
    names = byline.group("names").strip()
    persons = _names_of(names)
    if persons == names:
        return None
    return names[len(persons) :].strip(" ,") or None


def _names_of(names: str) -> str:
    """ "A, B and C, CNN": the persons; the outlet is the page's, no author."""
    persons = _without_outlet(names)
    return persons if persons != names and t.NAMES_LINE.match(persons) else names


def _without_outlet(names: str) -> str:
    """ "A, B and C, CNN": the names, without the outlet they write for."""
    return re.sub(r",\s*(?:[A-Z]{2,}|[A-Z][\w.-]+)$", "", names.strip())


def split_names(text: str) -> list[str]:
    # "Tom Ambrose (now) and Samantha Lock (earlier)": the asides are not names.
    text = re.sub(r"\s*\([^()]*\)", "", text)
    parts = re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", text.strip())
    # "Reporting by X in Kyiv and Y in Washington": where each reported from.
    parts = [re.sub(r"\s+in(?:\s+[A-Z][\w’'.-]*)*$", "", p.strip()) for p in parts]
    return [p.strip() for p in parts if p.strip()]


def credit_parts(line: str) -> list[str]:
    return [p for p, _ in credit_roles(line)]


def _same_caption(text: str, other: str) -> bool:
    """One photo's caption written twice, the second perhaps shorter."""
    return (
        fuzz.partial_ratio(text.lower(), other.lower()) >= 90
        and min(len(text), len(other)) >= 40
    )


COUNTRY_FIRST = re.compile(r"^(?:Ukraine|Russia)\b")
COUNTRY_ADJECTIVES = {"Ukraine": "Ukrainian", "Russia": "Russian"}
# Who takes and sells pictures: a lone credit naming one is the agency; any
# other body (a ministry, a president's office) released its own picture.
AGENCY_WORDS = {
    "AFP", "AP", "EPA", "EFE", "Reuters", "Getty", "Shutterstock", "Alamy", "Sputnik",
    "TASS", "Anadolu", "Xinhua", "Ukrinform", "Interfax", "RIA", "Zuma", "Bloomberg",
    "Images", "Press", "Photo", "Photos", "News", "Agency", "Pool", "Pressphoto",
}  # fmt: skip


PICTURE_LIBRARIES = {"Shutterstock", "Alamy", "Getty Images"}
PLATFORM_NAMES = {"Telegram", "Facebook", "Twitter", "X", "Instagram", "YouTube"}
_AGENCY_WORDS_LOWER = {w.lower() for w in AGENCY_WORDS}


def _an_agency(part: str) -> bool:
    """ "REUTERS", "EPA-EFE": a part of a credit line naming a wire or library."""
    return any(w.lower() in _AGENCY_WORDS_LOWER for w in re.findall(r"\w+", part))


def credit_roles(line: str) -> list[tuple[str, str]]:
    """ "X/Y, via Z": X originated it, agency Y took it, Z distributes it."""
    line = line.strip().rstrip(".")
    # "Photo by X/EPA-EFE/Shutterstock (13384842c) A handout photo ...": a
    # picture library's credit, its item number, then its own caption.
    line = re.sub(r"^(?:photo(?:graph)?|picture|image)\s+by\s+", "", line, flags=re.I)
    number = re.search(r"\s*\((?=[\w-]*\d)[\w-]{5,}\)", line)
    if number:
        line = line[: number.start()]
    # "AP Photo/Rodrigo Abd": the agency's photographer.
    match = re.match(r"^([A-Z][\w ]{0,30}?) Photo\s*/\s*(.+)$", line)
    if match:
        return [(match.group(2).strip(), "photographer"), (match.group(1), "agency")]
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
    if len(parts) == 2 and parts[1] in PLATFORM_NAMES and distributor is None:
        # "Governor Ivan Fedorov/Telegram": his picture, posted on Telegram.
        return [(OFFICE_BEFORE_NAME.sub("", parts[0]), "originator")]
    # "REUTERS/Viacheslav Ratynskyi": a wire's photographer, the wire first.
    if len(parts) == 2 and _an_agency(parts[0]) and not _an_agency(parts[1]):
        return [(parts[1], "photographer"), (parts[0], "agency")]
    # ".../EPA-EFE/Shutterstock": a picture library at the end sells it on.
    if len(parts) >= 3 and distributor is None and parts[-1] in PICTURE_LIBRARIES:
        distributor = parts.pop()
    roles = []
    if len(parts) == 1:
        roles.append((parts[0], "agency" if distributor is None else "originator"))
    elif parts:
        roles.append((parts[0], "originator"))
        roles.extend((p, "agency") for p in parts[1:])
    if distributor:
        roles.append((distributor, "distributor"))
    # "(Governor Ivan Fedorov/Telegram)": the person, without their office.
    return [(OFFICE_BEFORE_NAME.sub("", party), role) for party, role in roles]


OFFICE_BEFORE_NAME = re.compile(rf"^{PERSON_TITLES}\s+(?=[A-Z][a-z]+\s+[A-Z])")


def same_org(name: str, other: str) -> bool:
    """ "Russian Defense Ministry" and "Ministry of Defense of Russia"."""

    def bag(text):
        words = set(re.findall(r"[A-Za-z]+", text.lower())) - {"of", "the", "for"}
        return {w[:5] for w in words}

    a, b = bag(name), bag(other)
    return len(a) >= 2 and a == b
