"""Where a text happens: places from the gazetteer, and new ones it names."""

import re

from rapidfuzz import fuzz, process

from . import text as t
from .proposals import UNSEEN, Defect, Entity
from .vocabulary import (
    FACILITY,
    SETTLEMENT_CUE,
    STOPWORDS,
)

REGION_AFTER = re.compile(
    r"^(?:[’']s)?\s+(?:regions?|oblast|province|area|(?:regional\s+)?governor)\b|"
    # "Zaporizhzhia, Donetsk and Luhansk regions": each one named in the list.
    r"^(?:,\s+[A-Z][\w’'-]+)*,?\s+and\s+[A-Z][\w’'-]+\s+(?:regions|oblasts|provinces)\b"
)
GENERIC_REGION = re.compile(r"\s+(?:Oblast|Krai|Region|Province|Autonomous Okrug)$")
REGION_BEFORE = re.compile(
    r"\b(?:(?:region|province|oblast)s? of|governor of)\s+(?:the\s+)?"
    # "the oblasts of Kherson, Zaporizhzhia, Donetsk and Luhansk"
    r"(?:[A-Z][\w’'-]+,\s+)*(?:[A-Z][\w’'-]+,?\s+and\s+)?$",
    re.I,
)


def _sounds(name: str) -> str:
    """A name as it sounds, for misspellings: "Crasanodar" as "krasanodar"."""
    name = name.lower()
    name = re.sub(r"c(?=[aoukr]|$)", "k", name)
    return name.replace("ck", "k").replace("y", "i").replace("ph", "f")


class PlaceRules:
    """Part of the analysis (importer.analysis), sharing its state."""

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
        # "the region of Bryansk", "Kiev area", "Kiev's governor": the oblast.
        if REGION_AFTER.match(after) or REGION_BEFORE.search(before):
            # By the name as written, else by the canonical name of the city
            # it names ("Kiev" is Kyiv: Kyiv Oblast).
            region = self._region_named(core) or next(
                filter(None, (self._region_named(c["name"]) for c in candidates or [])),
                None,
            )
            if region is not None:
                return self._place_entity(region, core, span)
            if not candidates and len(core) >= 4 and " " not in core:
                region = self._misspelt_region(core)
                if region is not None:
                    return self._place_entity(region, core, span)
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

    def _regions(self) -> list[dict]:
        if getattr(self, "known_regions", None) is None:
            self.known_regions = self.known.regions()
        return self.known_regions

    def _region_named(self, name: str) -> dict | None:
        lower = name.lower()
        found = [r for r in self._regions() if lower in map(str.lower, r["names"])]
        if len(found) > 1:
            # Kyiv is a region of its own, beside Kyiv Oblast: "Kiev's governor"
            # and "the Kiev area" are the oblast's.
            found = [r for r in found if GENERIC_REGION.search(r["name"])]
        return found[0] if len(found) == 1 else None

    def _misspelt_region(self, written: str) -> dict | None:
        """The region a machine-translated name misspells ("Briansak" for
        Bryansk, "Crasanodar" for Krasnodar), when one is clearly closest:
        linked, and proposed as a text defect for the curator to check."""
        names = {
            (index, name): _sounds(name)
            for index, region in enumerate(self._regions())
            for name in region["names"]
        }
        best = process.extract(_sounds(written), names, scorer=fuzz.ratio, limit=10)
        if not best or best[0][1] < 80:
            return None
        index = best[0][2][0]
        rivals = [score for _, score, (i, _) in best if i != index]
        if rivals and rivals[0] > best[0][1] - 10:
            return None
        region = self._regions()[index]
        stem = GENERIC_REGION.sub("", region["name"])
        self.misspelt.append(
            Defect(written, stem, f"a misspelt place name: {region['name']}?")
        )
        return region

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
                first_seen=(span.paragraph, span.start) if span else UNSEEN,
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
            for ancestor in entity.ancestors:
                self._context_place(ancestor)

    def _context_place(self, place: dict) -> Entity:
        """The archive's `place` (as Known gives it) where it is only where
        something is, a parent or a role's place, not a mention of its own."""
        key = ("place", f"#{place['id']}")
        if key not in self.entities:
            entity = Entity(
                kind="place", name=place["name"], known_id=place["id"], context=True
            )
            entity.ancestors = place.get("ancestors", [])
            self.entities[key] = entity
        return self.entities[key]
