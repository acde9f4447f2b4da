"""Who says what: quotations, their speakers and channels."""

import re

from . import text as t
from .proposals import UNSEEN, Entity, QuoteProposal
from .vocabulary import (
    ADDRESSED,
    DOCUMENT,
    MEMBER,
    SAID,
    VIDEO,
)

# A work's title in quotation marks is nobody's words.
TITLED = re.compile(r"\b(?:titled|entitled|headlined)\s*[“\"]?$")


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
            last_end = 0
            cursor = 0
            for start, end, words, _closed in fragments:
                # Attributions between quotes still move "the last speaker".
                self._note_speakers(index, paragraph, cursor, start)
                cursor = end
                if _a_name(words):
                    continue  # the 55th artillery brigade “Zaporizka Sich”
                if TITLED.search(paragraph, 0, start):
                    continue  # "This article titled “...” was written by": a title
                speaker, description = self._speaker(index, paragraph, start, end)
                if len(words.split()) < 2 and not (
                    speaker is not None
                    and _a_word(words)
                    and CALLED_AS.search(paragraph, 0, start)
                ):
                    # One word is a quote only as what someone called a thing
                    # ("described the strike as “abominable”"); "showed
                    # “shock”" or "had “liberated”" is a word the writer marks.
                    continue
                channel = self._channel(index, paragraph, start, end)
                # Attributed on its own ("“...,” he said"): a quote apart.
                attributed = speaker is not None and self._attributed_after(
                    paragraph, end
                )
                # "“...,” he wrote" of no person the text names: nobody's.
                unnamed_he = speaker is None and HE_SAID.match(paragraph, end)
                if TERMED.search(paragraph, 0, start):
                    # "an invasion that it calls a “special military operation”":
                    # a name for a thing, nobody's words.
                    speaker, description, unnamed_he = None, "", True
                elif (
                    speaker is None
                    and not description
                    and self._marked(paragraph, start, end)
                ):
                    unnamed_he = True  # the writer's marked phrase, nobody's quote
                if speaker is None and not description and not unnamed_he:
                    if last is not None:
                        speaker, description = last.speaker, last.description
                    elif previous_open is not None and start == 0:
                        speaker = previous_open.speaker
                        description = previous_open.description
                if (
                    last is not None
                    and (speaker, description) == (last.speaker, last.description)
                    and (
                        _split_sentence(paragraph, last_end, start)
                        or (
                            (speaker is not None or description)
                            and words[:1].isupper()
                            and not (attributed and last.attributed)
                        )
                    )
                ):
                    # A speaker's quoted sentence joins their quote before it
                    # in the paragraph, and so does the rest of a sentence
                    # split by its attribution; phrases quoted within one
                    # sentence are each their own: “many mistakes” and
                    # “deceived Russia” are two.
                    last.text += " " + words
                    last_end = end
                    continue
                if previous_open is not None and start == 0 and last is None:
                    previous_open.text += " " + words
                    last = previous_open
                    last_end = end
                    continue
                if speaker is None and not description and not unnamed_he:
                    speaker = self.last_speaker
                last = QuoteProposal(
                    words, speaker, description, channel, index, attributed=attributed
                )
                last_end = end
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
        # A headline quoting the story's words ("“We really need this aid”:
        # Ukraine's intelligence chief ...") gives them again, unattributed.
        attributed = {_key(q.text) for q in quotes if q.speaker is not None}
        return [
            q for q in quotes if q.speaker is not None or _key(q.text) not in attributed
        ]

    def _note_speakers(self, index: int, paragraph: str, start: int, end: int):
        segment = paragraph[start:end]
        for match in re.finditer(rf"\b(?:{SAID}|{ADDRESSED})\b", segment):
            # "..., said Ivan Fomin" names the speaker after the verb; "told
            # AFP" names who listened.
            entity = None
            if match.group() != "told":
                entity = self._entity_after(index, start + match.end(), within=3)
            if entity is None:
                entity = self._subject_before(index, start + match.start(), start)
                if entity is not None and self._a_member(index, entity, match):
                    # Someone of theirs spoke, whose name the text does not give.
                    self.last_speaker = None
                    continue
            if entity is not None and entity.kind != "place":
                self.last_speaker = entity
                if entity.kind == "person":
                    self.last_person = entity

    @staticmethod
    def _attributed_after(paragraph: str, end: int) -> bool:
        """Whether a verb of saying follows the quote in its sentence."""
        return bool(
            re.match(rf"^[\s,.!?”\"’']*[^“”\"]{{0,80}}?\b{SAID}\b", paragraph[end:])
        )

    def _a_member(self, index: int, entity: Entity, verb: re.Match) -> bool:
        """Whether the group before `verb` only says whom its speaker is with."""
        if entity.kind != "organization":
            return False
        paragraph = self.paragraphs[index]
        s_start = t.sentence_around(paragraph, verb.start())[0]
        named = [
            at
            for (where, at), e in self.span_entity.items()
            if where == index and e is entity and s_start <= at
        ]
        return bool(named) and bool(MEMBER.search(paragraph, s_start, min(named)))

    def _headline_speaker(self, index: int, paragraph: str) -> Entity | None:
        """ "Teen who escaped Mariupol: “...”", a post's headline: the speaker
        it describes is the person the post then opens with."""
        headline = HEADLINE_QUOTE.match(paragraph)
        if not headline or index + 1 >= len(self.paragraphs):
            return None
        # "Zelensky: “...”" names its speaker (a headline's words are no spans).
        described = headline.group("who").strip().lower()
        if described in self.by_form and self.by_form[described].kind != "place":
            return self.by_form[described]
        if any(
            where == index and e.kind != "place"
            for (where, _), e in self.span_entity.items()
        ):
            return None
        opening = self.span_entity.get((index + 1, 0))
        return opening if opening is not None and opening.kind == "person" else None

    def _speaker(self, index, paragraph, start, end):
        s_start, s_end = t.sentence_around(paragraph, start)
        # A quotation of several sentences is attributed after its last one.
        s_end = max(s_end, t.sentence_around(paragraph, max(start, end - 1))[1])
        after = paragraph[end:s_end]
        # "‘Without electricity or without them?’- Zelensky": a headline's
        # attribution after a dash.
        dashed = re.match(
            r"^[\s,.!?”\"’']*[-–—]\s*"
            r"(?P<who>[A-Za-z][\w’'.-]*(?:\s+[A-Za-z][\w’'.-]*){0,3})\s*$",
            after,
        )
        if dashed is not None:
            entity = self._entity_after(index, end + dashed.start("who"), within=3)
            if entity is None:  # a headline's names are not read: by surname
                who = dashed.group("who").lower()
                entity = next(
                    (
                        e
                        for e in self.entities.values()
                        if e.kind == "person" and e.name.lower().split()[-1] == who
                    ),
                    None,
                )
            if entity is not None and entity.kind != "place":
                return entity, ""
            return None, dashed.group("who")  # named, if not as a person we know
        # "..." he said / Gladkov wrote / said Ivan Fomin / according to X
        match = re.match(
            rf"^[\s,.!?”\"’']*(?:(?:as\s+)?(?P<pron>he|she|they|it)\s+{SAID}|"
            # "said the Russian defence ministry": a body named after "the".
            rf"(?!told\b)(?P<verb>{SAID})\s+(?:the\s+)?(?P<who>[A-Z])|"
            # "said one local resident who gave her name as Irina"
            rf"(?!told\b){SAID}\s+(?P<desc>(?:one|a|an|another)\s[^,.;“”\"]{{0,80}})|"
            rf"(?P<np>[a-z\d][\w -]{{0,40}}?)\s+{SAID}\b|"
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
            if match.group("desc"):
                desc = match.group("desc")
                entity = self._entity_after(
                    index, end + match.start("desc"), within=len(desc)
                )
                if entity is not None and entity.kind == "person":
                    return entity, ""
                return None, re.split(r"\s+(?:who|which|that)\b", desc)[0].strip()
            if match.group("np"):
                # ", acting governor Alexei Smirnov said": the name before the verb.
                named = self._subject_before(index, end + match.end(), end)
                if named is not None:
                    return named, ""
                return self._nominal(match.group("np"), (index, start))
            if match.group(0) == "" or match.group(0).strip(" ,.!?”\"’'") == "":
                entity = self._entity_after(index, end + match.end())
                tail = paragraph[end + match.end() : s_end]
                if entity is not None and SPOKESMAN_OF.match(tail):
                    # "“...,” Vladimir Putin’s spokesman said": the spokesman,
                    # the person last named but Putin.
                    person = self._person_before(index, start)
                    return (person if person is not entity else None), ""
                if entity is not None and re.search(rf"^[^.]*?\b{SAID}\b", tail):
                    return entity, ""
        # "... a “large-scale fire” in the region, the military administration
        # wrote": the attribution closes the sentence the quote is in.
        trailing = re.search(
            rf",\s+(?P<np>[^,;“”\"]{{1,60}}?)\s+{SAID}\b[^“”\"]*$", after
        )
        if trailing is not None:
            named = self._subject_before(
                index, end + trailing.end("np"), end + trailing.start("np")
            )
            if named is not None:
                return named, ""
        described = re.match(r"^[\s,.!?”\"’']*(the\s+[\w-]+)", after)
        if described and THE_PERSON.match(described.group(1)):
            # "“...,” the 29-year-old, who declined to give his last name,
            # told AFP": the person the text was telling of.
            person = self._person_before(index, start)
            if person is not None:
                return person, ""
        according = re.search(r"[Aa]ccording to (?:the )?", paragraph[s_start:s_end])
        if according is not None:
            entity = self._entity_after(index, s_start + according.end())
            if entity is not None:
                return entity, ""
        found = self._before_quote(index, paragraph, s_start, start)
        if found == (None, ""):
            headline = self._headline_speaker(index, paragraph)
            if headline is not None:
                return headline, ""
            source = self._source_line(index, paragraph)
            if source is not None:
                return source, ""
        return found

    def _source_line(self, index: int, paragraph: str) -> Entity | None:
        """ "Source: Zelenskyy on Telegram" ... "Quote: “...”" (Ukrainska
        Pravda's template): the quote is the source's."""
        if not paragraph.startswith("Quote:"):
            return None
        for back in range(index - 1, max(-1, index - 4), -1):
            if self.paragraphs[back].startswith("Source:"):
                named = [
                    (at, e)
                    for (where, at), e in self.span_entity.items()
                    if where == back and e.kind != "place"
                ]
                return min(named, key=lambda item: item[0])[1] if named else None
        return None

    def _marked(self, paragraph: str, start: int, end: int) -> bool:
        """A few words in quotation marks inside a sentence that says nothing
        of anyone speaking ("passing around vodka “to relax and destress”")."""
        s_start, s_end = t.sentence_around(paragraph, start)
        sentence = paragraph[s_start:s_end]
        inside = paragraph[start:end]
        return (
            len(inside.split()) <= 6
            and bool(re.search(r"\w", paragraph[s_start:start]))
            and not re.search(rf"\b{SAID}\b|\b[Aa]ccording to\b", sentence)
        )

    def _before_quote(self, index, paragraph, s_start, start):
        """The speaker of "X said that ... “...”": the subject of the verb."""
        before = paragraph[s_start:start]
        verbs = list(re.finditer(rf"\b{SAID}\b", before))
        if verbs:
            verb = verbs[-1]
            head = before[: verb.start()]
            described = INDEFINITE.search(head)
            if (
                described
                and self._subject_before(
                    index, s_start + verb.start(), s_start + described.start(1)
                )
                is None
            ):
                # "A senior Ukrainian official said it was an “open question”":
                # someone the text does not name.
                return None, described.group(1).strip()
            pron = re.search(r"\b(he|she|they)\s*$", head)
            if pron:
                return self._pronoun(pron.group(1), index, start), ""
            nominal = re.search(r"\b(the (?:[A-Z][a-z]+ )?[a-z]+)\b[^,]*$", head)
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
        if pronoun == "it":  # "“...,” it said": the group that spoke last
            last = self.last_speaker
            return last if last is not None and last.kind == "organization" else None
        persons = [
            (at, entity)
            for (paragraph, at), entity in self.span_entity.items()
            if paragraph == index and at < start and entity.kind == "person"
        ]
        if persons:
            found = min(persons, key=lambda item: item[0])[1]
        else:
            found = self.last_person or self.last_speaker
        if found is None or found.kind != "person":
            return None  # "he" is nobody's group
        # "“...,” he said" of someone is evidence of how the text sees them.
        found.pronouns.append(pronoun)
        return found

    def _nominal(self, phrase: str, where: tuple[int, int] = UNSEEN):
        """ "the group" is the last group named; "one man" is a description."""
        phrase = phrase.strip()
        if DOCUMENT.match(phrase) and self.last_speaker is not None:
            return self.last_speaker, ""  # "the post reads": its author's
        noun = phrase.split()[-1] if phrase.split() else ""
        if phrase.split()[0] in ("the", "that") and noun:
            # "the defense department": a ministry of defense named before.
            heads = {noun.capitalize(), *NOUN_SYNONYMS.get(noun, ())}
            modifiers = [w for w in phrase.split()[1:-1] if w not in ("the", "that")]
            orgs = [
                e
                for e in self.entities.values()
                if e.kind == "organization"
                and e.first_seen < where
                and (noun in e.nouns or any(h in e.name for h in heads))
                and all(_in_name(m, e.name) for m in modifiers)
            ]
            # "the military" is an army before a ministry of defence.
            first_choice = NOUN_SYNONYMS.get(noun, ())[:2]
            preferred = [e for e in orgs if any(h in e.name for h in first_choice)]
            if preferred and noun == "military":
                orgs = preferred
            if orgs:
                return max(orgs, key=lambda e: e.first_seen), ""
            if noun in ("group", "ministry", "army", "agency", "military", "legion"):
                return None, ""
        if re.match(r"^(?:one|a|an|another|some|two|several)\b", phrase):
            return None, phrase
        if THE_PERSON.match(phrase):
            person = self._person_before(*where)
            if person is not None:
                return person, ""
        return None, ""

    def _subject_before(self, index: int, position: int, floor: int) -> Entity | None:
        """The person (else group) named last before `position` in its sentence."""
        text = self.paragraphs[index]
        found = [
            (start, entity)
            for (paragraph, start), entity in self.span_entity.items()
            if paragraph == index
            and floor <= start < position
            and entity.kind != "place"
            and not _bracketed(text, start)
        ]
        if not found:
            return None
        # Skip names inside an appositive (", a military blogger and ... ,").
        persons = [(s, e) for s, e in found if e.kind == "person"]
        pool = persons or found
        first = min(pool, key=lambda item: item[0])
        last = max(pool, key=lambda item: item[0])
        between = text[first[0] : position]
        if re.search(r"^\S[^,]*,\s+(?:a|an|the)\b", between):
            return first[1]
        return _head_of(text, pool, last)[1]

    def _entity_after(
        self, index: int, position: int, within: int = 40
    ) -> Entity | None:
        for (paragraph, start), entity in sorted(self.span_entity.items()):
            near = paragraph == index and position <= start <= position + within
            if near and entity.kind != "place":
                return entity
        return None

    def _channel(self, index: int, paragraph: str, start: int, end: int) -> str:
        s_start, s_end = t.sentence_around(paragraph, start)
        # A quotation of several sentences is attributed after its last one.
        s_end = max(s_end, t.sentence_around(paragraph, max(start, end - 1))[1])
        sentence = paragraph[s_start:s_end]
        # The sentence itself, else what the paragraph said before the quote
        # ("X said on Telegram that ... “...,” Mr. X said").
        for text in (sentence, paragraph[:s_start]):
            channel = self._channel_in(text)
            if channel:
                return channel
        # A quote opening a paragraph after "shared a video": read in the video.
        if index > 0 and start == 0 and VIDEO.search(self.paragraphs[index - 1]):
            return "video"
        return ""


# What "the department" or "the military" may stand for, in an organization's name.
NOUN_SYNONYMS = {
    "department": ("Ministry", "Department"),
    "ministry": ("Ministry", "Department"),
    "military": ("Armed Forces", "Army", "Ministry of Defence", "Ministry of Defense"),
}


def _key(words: str) -> str:
    return " ".join(re.findall(r"\w+", words.lower()))


def _head_of(text: str, pool: list, named: tuple) -> tuple:
    """ "The State Special Transport Service of the Ministry of Defense": the
    service, which the ministry's name only qualifies."""
    for start, entity in sorted(pool, key=lambda item: -item[0]):
        if start >= named[0]:
            continue
        at = start + len(re.match(r"(?:[Tt]he\s+)?", text[start:]).group())
        for form in sorted({entity.name, *entity.forms}, key=len, reverse=True):
            if text.startswith(form, at) and re.fullmatch(
                r"\s+(?:of|for)\s+(?:the\s+)?", text[at + len(form) : named[0]]
            ):
                return _head_of(text, pool, (start, entity))
        break
    return named


def _in_name(word: str, name: str) -> bool:
    """ "defense" is in "Ministry of Defence of the Russian Federation"."""
    spelled = {
        word,
        word.replace("defense", "defence"),
        word.replace("defence", "defense"),
    }
    return any(w.lower() in name.lower() for w in spelled)


def _bracketed(paragraph: str, start: int) -> bool:
    """ "(Reuters) -", "/TASS/": the agency that carries the story, not a speaker."""
    return start > 0 and paragraph[start - 1] in "(/"


HE_SAID = re.compile(rf"[\s,.!?”\"’']*(?:he|she)\s+{SAID}\b")
# A definite description of someone already named: "the 29-year-old".
THE_PERSON = re.compile(
    r"^the\s+(?:\d+-year-old|man|woman|soldier|officer|commander|resident|"
    r"pensioner|teenager|mother|father|volunteer|medic|"
    # "the Ukrainian leader", "the Russian president": the one named before.
    r"(?:[A-Z][a-z]+\s+)?(?:leader|president|premier|prime minister))\b"
)
# A post's headline made of a description and a quote.
HEADLINE_QUOTE = re.compile(r"^(?P<who>[^“”\"]{3,80}):\s*[“\"][^“”\"]+[”\"]\s*$")

SPOKESMAN_OF = re.compile(
    r"^[^’'.]{1,40}[’']s\s+(?:spokes(?:man|woman|person)|press secretary|aide|"
    r"advis[eo]r)\b"
)
# "what it calls a “special military operation”", "the so-called “...”".
TERMED = re.compile(
    r"\b(?:calls?|called|dubbed|terms?|termed|so-called|known\s+as)\s+"
    r"(?:it\s+|them\s+)?(?:an?\s+|the\s+|its\s+)?$"
)
# "A senior Ukrainian official", ", one resident": someone described.
INDEFINITE = re.compile(
    r"(?:^|,\s*)((?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]everal|[Ss]ome)\s+[^,]{1,60}?)\s*$"
)
CALLED_AS = re.compile(
    r"\b(?:described|called|branded|denounced|labelled|labeled)\b[^.“”\"]{0,80}"
    r"\bas\s+$"
)


def _a_name(words: str) -> bool:
    """“Zaporizka Sich”, “Seventy-ninth”: a name in quotation marks."""
    parts = words.split()
    return (
        0 < len(parts) <= 3
        and all(w[:1].isupper() for w in parts)
        and not (words.rstrip().endswith((".", "!", "?", ",")))
    )


def _a_word(words: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z-]+[,.!?]?", words.strip()))


def _split_sentence(paragraph: str, last_end: int, start: int) -> bool:
    """Two quotations are one sentence split by its attribution: the first
    ends in a comma (“We are not here,” he said, “to fight”) and only the
    attribution stands between them."""
    first = paragraph[:last_end].rstrip("”\"’' ")
    between = paragraph[last_end:start]
    return first.endswith(",") and len(between) <= 60 and "." not in between
