"""Who says what: quotations, their speakers and channels."""

import re

from . import text as t
from .proposals import Entity, QuoteProposal
from .vocabulary import (
    CHANNELS,
    SAID,
    VIDEO,
)


class QuoteRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _quotes(self) -> list[QuoteProposal]:
        quotes: list[QuoteProposal] = []
        self.last_speaker: Entity | None = None
        self.last_person: Entity | None = None
        previous_open = None  # a quote left open at the end of the last paragraph
        for index, paragraph in enumerate(self.paragraphs):
            fragments = t.quoted(paragraph)
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
        sentence = t.sentence_around(paragraph, start)
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
                and (noun in e.nouns or noun.capitalize() in e.name)
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
        s_start, s_end = t.sentence_around(paragraph, start)
        sentence = paragraph[s_start:s_end]
        # The sentence itself, else what the paragraph said before the quote
        # ("X said on Telegram that ... “...,” Mr. X said").
        for text in (sentence, paragraph[:s_start]):
            for pattern, channel in CHANNELS:
                if pattern.search(text):
                    return channel
        # A quote opening a paragraph after "shared a video": read in the video.
        if index > 0 and start == 0 and VIDEO.search(self.paragraphs[index - 1]):
            return "video"
        return ""
