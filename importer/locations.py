"""Where a text happens: places from the gazetteer, and new ones it names."""

import re

from . import text as t
from .proposals import Entity
from .vocabulary import (
    FACILITY,
    SETTLEMENT_CUE,
    STOPWORDS,
)


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
            for ancestor in entity.ancestors:
                key = ("place", f"#{ancestor['id']}")
                if key not in self.entities:
                    parent = Entity(
                        kind="place",
                        name=ancestor["name"],
                        known_id=ancestor["id"],
                        context=True,
                    )
                    self.entities[key] = parent
