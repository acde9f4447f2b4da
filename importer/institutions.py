"""The war's main institutions under their usual names, and military units.

"Defense Ministry", "Russian Ministry of Defense" and "Ministry of Defense" in a
Russian context are one body, which the archive holds as "Ministry of Defence
of the Russian Federation": proposing each form as a new organization would
fill the archive with duplicates. importer/data/institutions.json lists each
institution's forms: its `aliases` name it alone, its `generic` forms ("the
army") only beside its country ("Ukraine's army", "the army of Ukraine").

Units are named by number and kind, often in lower case: "the 68th Separate
Airborne Brigade", "the 127th territorial defense brigade", "Battlegroup Yug",
"the Vostok group of forces".
"""

import json
import re
from functools import cache
from pathlib import Path

from . import text as t
from .proposals import Entity
from .vocabulary import SAID

DATA = Path(__file__).parent / "data" / "institutions.json"
COUNTRY_CUES = {
    # "Ukraine Ministry of Foreign Affairs": the country's name as a modifier.
    "Russia": r"Russian|Russia[’']s|Moscow[’']s|Russia",
    "Ukraine": r"Ukrainian|Ukraine[’']s|Kyiv[’']s|Kiev[’']s|Ukraine",
    "United Kingdom": r"British|Britain[’']s|UK|U\.K\.|UK[’']s",
    "France": r"French|France[’']s|France",
}
COUNTRY_AFTER = {
    "Russia": r"of (?:Russia|the Russian Federation)",
    "Ukraine": r"of Ukraine",
    "United Kingdom": r"of (?:Britain|the United Kingdom|the UK)",
    "France": r"of France",
}
UNIT = re.compile(
    r"\b(?P<number>\d{1,3}(?:st|nd|rd|th))\s+(?P<words>(?:[A-Za-z-]+\s+){0,5}?)"
    r"(?P<kind>brigade|battalion|regiment|division|corps|squadron|flotilla|"
    r"unit|post|army)\b",
    re.IGNORECASE,
)
# A unit known by its name: "the Svoboda Battalion", "the Kastus Kalinouski
# Regiment"; and Russia's military districts.
NAMED_UNIT = re.compile(
    r"\b(?!The\b)(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?P<kind>Battalion|Regiment|Brigade|Legion)\b"
)
UNIT_WORDS = {
    "Separate", "Assault", "Mechanized", "Mechanised", "Airborne", "Marine",
    "Infantry", "Tank", "Artillery", "Rifle", "Guards", "Motorized", "Mountain",
    "Territorial", "Defense", "Defence", "Special", "Operations", "Presidential",
    "International", "National", "Foreign", "Volunteer", "Russian", "Ukrainian",
    "Belarusian", "Georgian", "Chechen", "Polish", "Air", "Naval", "Border",
}  # fmt: skip
MILITARY_DISTRICT = re.compile(
    r"\b(?:Western|Southern|Eastern|Central|Northern|Leningrad|Moscow)\s+"
    r"Military\s+District\b"
)
BATTLEGROUP = re.compile(
    r"\b(?:[Bb]attlegroup\s+(?P<a>[A-Z][a-z]+)|(?:[Gg]roup\s+(?:of\s+forces\s+)?)"
    r"[“\"]?(?P<b>[A-Z][a-z]+)[”\"]?|(?P<c>[A-Z][a-z]+)\s+group(?:\s+of\s+forces)?)\b"
)
BATTLEGROUP_NAMES = {"Vostok", "Zapad", "Yug", "Sever", "Tsentr", "Dnepr", "Dnipro"}
PART_OF = re.compile(
    r"\s+(?:[a-z]+\s+){0,2}(?:office|agency|mission|commission|department|"
    r"committee|programme|program|fund|directorate)\b"
)
SMALL = {"of", "and", "the", "for", "named", "after"}
PRESS_SERVICE = re.compile(r"\s+(?:press service|Press Service)\b")
# A generic form used as an adjective names no body: "Ukrainian military
# infrastructure", "a local Ukrainian military official".
ATTRIBUTIVE = re.compile(
    r"\s+(?:official|officials|infrastructure|facility|facilities|target|targets|"
    r"equipment|command|leadership|administration|administrations|intelligence|"
    r"expert|experts|analyst|analysts|source|sources|base|bases|aid|assistance|"
    r"personnel|hardware|vehicles?|convoy|operations?|spokesman|spokesperson|"
    r"chief|chiefs|commanders?|units?|bloggers?|historian|installations?|sites?|"
    r"objects?|aircraft|helicopters?|positions?|hospital|court|exercises?)\b"
)
# "KYIV (Reuters) -", "MOSCOW, May 30 (Reuters) -": where the story was filed.
DATELINE_CITY = re.compile(
    # "KYIV (Reuters) -", "Kyiv — An overnight Russian air strike ..."
    r"^(?:[A-Z][A-Z’' -]+(?=\s*[,(/—–-])|[A-Z][a-z]+(?=\s+[—–]\s))"
)
MILITARY_ADMINISTRATION = re.compile(
    r"(?:\b(?P<place>[A-Z][\w’'-]+)\s+)?(?:(?P<level>regional|oblast|city)\s+)?"
    r"military administration\b"
)


def _press_service_end(paragraph: str, end: int) -> int:
    """ "Russian Defense Ministry Press Service": the ministry speaking."""
    found = PRESS_SERVICE.match(paragraph, end)
    return found.end() if found else end


@cache
def institutions() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["institutions"]


@cache
def _patterns():
    """(compiled alias pattern, form -> institutions) for alone and generic forms."""
    alone, generic = {}, {}
    for record in institutions():
        for form in [record["name"], *record["aliases"]]:
            alone.setdefault(form.lower(), []).append(record)
        for form in record["generic"]:
            generic.setdefault(form.lower(), []).append(record)

    def compiled(forms):
        ordered = sorted(forms, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, ordered))
        return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)

    return compiled(alone), alone, compiled(generic), generic


def institution_named(form: str) -> str | None:
    """The canonical name of the institution `form` names alone, if any."""
    records = _patterns()[1].get(form.strip().lower())
    return records[0]["name"] if records else None


def title_case(text: str) -> str:
    words = text.split()
    return " ".join(
        w if w.lower() in SMALL and i else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


class InstitutionRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _find_institutions(self) -> None:
        """(paragraph, start) -> (end, canonical name, form) of each institution
        or unit the text names."""
        alone_re, alone, generic_re, generic = _patterns()
        self.institution_at: dict[tuple[int, int], tuple[int, str, str]] = {}
        uncued = []  # generic forms with no country beside them
        for index, paragraph in enumerate(self.paragraphs):
            found = []
            for match in alone_re.finditer(paragraph):
                form, start = match.group(), match.start()
                records = alone[form.lower()]
                written = {f for r in records for f in [r["name"], *r["aliases"]]}
                if form.startswith("the ") and form[4:] in written:
                    # "the Kyiv Independent": listed as "The Kyiv Independent".
                    form, start = form[4:], start + 4
                # An acronym or one word as listed; longer forms in any case
                # that starts with a capital ("Russian defence ministry").
                if form not in written and (" " not in form or not form[0].isupper()):
                    continue
                if PART_OF.match(paragraph, match.end()):
                    continue  # "the United Nations humanitarian office": another body
                end = _press_service_end(paragraph, match.end())
                found.append((start, end, records[0]["name"], form))
            for match in generic_re.finditer(paragraph):
                if ATTRIBUTIVE.match(paragraph, match.end()):
                    continue  # "Ukrainian military infrastructure"
                record = self._country_of(
                    paragraph, match, generic[match.group().lower()]
                )
                if record is not None:
                    start, form = self._with_country(paragraph, match)
                    end = _press_service_end(paragraph, match.end())
                    found.append((start, end, record["name"], paragraph[start:end]))
                elif match.group()[0].isupper():
                    uncued.append((index, match))
            for match in UNIT.finditer(paragraph):
                name = title_case(match.group().strip())
                found.append((match.start(), match.end(), name, match.group()))
            for match in NAMED_UNIT.finditer(paragraph):
                if not set(match.group("name").split()) & UNIT_WORDS:
                    found.append(
                        (match.start(), match.end(), match.group(), match.group())
                    )
            for match in MILITARY_DISTRICT.finditer(paragraph):
                found.append((match.start(), match.end(), match.group(), match.group()))
            for match in BATTLEGROUP.finditer(paragraph):
                word = match.group("a") or match.group("b") or match.group("c")
                if word in BATTLEGROUP_NAMES:
                    found.append(
                        (
                            match.start(),
                            match.end(),
                            f"Battlegroup {word}",
                            match.group(),
                        )
                    )
            self._place_institutions(index, found)
        # "the MoD" alone, in a text that named the Russian one: that one.
        named = {name for _, name, _ in self.institution_at.values()}
        for index, match in uncued:
            records = generic[match.group().lower()]
            meant = [r["name"] for r in records if r["name"] in named]
            if len(meant) == 1:
                self._place_institutions(
                    index, [(match.start(), match.end(), meant[0], match.group())]
                )

    def _place_institutions(self, index: int, found: list[tuple]) -> None:
        # The longest match wins where two overlap.
        for start, end, name, form in sorted(found, key=lambda f: (f[0], -f[1])):
            if any(
                s <= start < e
                for (i, s), (e, _, _) in self.institution_at.items()
                if i == index
            ):
                continue
            self.institution_at[(index, start)] = (end, name, form)

    def _military_administrations(self) -> None:
        """ "the military administration wrote", "Zaporizhzhia’s regional
        military administration", "the city military administration's chief":
        Ukraine's wartime administration of the region (or city) the text names
        there, as "Ternopil Oblast Military Administration"."""
        for index, paragraph in enumerate(self.paragraphs):
            for match in MILITARY_ADMINISTRATION.finditer(paragraph):
                place = None
                if match.group("place"):
                    written = re.sub(r"[’']s$", "", match.group("place"))
                    place = self._named(written, "head")
                if place is None:
                    place = self._place_before(
                        t.Span("", match.start(), match.end(), False, index)
                    )
                if place is None or place.kind != "place":
                    continue
                if match.group("level") == "city":
                    name = f"{place.name} City Military Administration"
                else:
                    name = f"{self._territory(place).name} Military Administration"
                entity = self._entity("organization", name, name)
                at = match.start()
                if (index, at) in self.span_entity and match.group("place"):
                    # "Donetsk regional military administration": the place
                    # keeps its name's place; the body starts after it.
                    at = match.end("place") + 1
                self.span_entity.setdefault((index, at), entity)

    def _speaking_by_dateline(self) -> None:
        """ "the air force said" in a story filed from Kyiv: Ukraine's. A body
        that speaks under its generic name alone belongs to the country the
        dateline puts the story in, when that country has one by that name."""
        country = self._dateline_country()
        if country is None:
            return
        _, _, generic_re, generic = _patterns()
        for index, paragraph in enumerate(self.paragraphs):
            for match in generic_re.finditer(paragraph):
                if (index, match.start()) in self.span_entity or not re.match(
                    rf"\s+{SAID}\b", paragraph[match.end() :]
                ):
                    continue
                if not re.search(r"\bthe\s+$", paragraph[: match.start()]):
                    continue
                records = generic[match.group().lower()]
                meant = [r["name"] for r in records if r["country"] == country]
                if len(meant) == 1:
                    entity = self._entity("organization", meant[0], match.group())
                    self.span_entity[(index, match.start())] = entity

    def _dateline_country(self) -> str | None:
        for index, paragraph in enumerate(self.paragraphs[:3]):
            if not DATELINE_CITY.match(paragraph):
                continue
            place = self.span_entity.get((index, 0))
            if place is None or place.kind != "place":
                return None
            if place.place_kind == "country" and not place.ancestors:
                return place.name
            countries = [a["name"] for a in place.ancestors if a["kind"] == "country"]
            return countries[0] if countries else None
        return None

    def _country_of(self, paragraph: str, match, records: list[dict]) -> dict | None:
        before = paragraph[max(0, match.start() - 40) : match.start()]
        after = paragraph[match.end() : match.end() + 40]
        for record in records:
            country = record["country"]
            if country in COUNTRY_CUES and re.search(
                rf"(?:{COUNTRY_CUES[country]})\s+(?:[a-z]+\s+)?$", before
            ):
                return record
            if country in COUNTRY_AFTER and re.match(
                rf"^\s+{COUNTRY_AFTER[country]}\b", after
            ):
                return record
        return None

    def _with_country(self, paragraph: str, match) -> tuple[int, str]:
        """Where the form starts with its country word: "Russian Defense Ministry"."""
        cue = re.search(
            r"([A-Z][\w.]*(?:[’']s)?\s+(?:[a-z]+\s+)?)$", paragraph[: match.start()]
        )
        start = cue.start() if cue else match.start()
        if cue and re.search(r"[’']s\s+(?:[a-z]+\s+)?$", cue.group(1)):
            # "France's foreign ministry": France is named, as a place.
            start = match.start()
        return start, paragraph[start : match.end()]

    def _institution_names(self) -> set[str]:
        return {name.lower() for _, name, _ in self.institution_at.values()}

    def _institution(self, index: int, start: int, end: int) -> Entity | None:
        """The institution a span of text [start, end) is part of, if any."""
        for (i, s), (e, name, form) in self.institution_at.items():
            if i == index and s < end and start < e:
                return self._entity("organization", name, form)
        return None
