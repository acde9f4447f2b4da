"""Likely text defects: what a curator would correct."""

import re

from . import text as t
from .proposals import Defect, Entity
from .vocabulary import (
    FEMALE,
    MALE,
)


class DefectRules:
    """Part of the analysis (importer.analysis), sharing its state."""

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
        honored = [
            e for e in self.entities.values() if e.kind == "person" and e.honorifics
        ]
        known = self.known.honorifics({e.known_id for e in honored if e.known_id})
        for entity in honored:
            gender = self._gender(entity) or _known_gender(known.get(entity.known_id))
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

    def _gender(self, entity: Entity) -> str | None:
        """He or she, from pronouns right after the person is named alone."""
        male = female = 0
        for (index, start), found in self.span_entity.items():
            if found is not entity:
                continue
            paragraph = self.paragraphs[index]
            s_start, s_end = t.sentence_around(paragraph, start)
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


def _known_gender(used: set[str] | None) -> str | None:
    """He or she, from the honorifics of the names the archive holds."""
    used = used or set()
    if "Mr." in used and not used & {"Ms.", "Mrs."}:
        return "male"
    if used & {"Ms.", "Mrs."} and "Mr." not in used:
        return "female"
    return None
