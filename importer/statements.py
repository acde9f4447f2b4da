"""Reported speech: who said what, and where, when no quotation marks are used.

"Gladkov wrote on Telegram that two houses were damaged" is a statement by
Gladkov, on Telegram, whose words are "two houses were damaged". Wire copy is
mostly written this way, so "who said what, where" must read it as well as
quotations. Only a named speaker (a person or an organization, or "he" or "it"
standing for one) makes a statement: "officials said" names nobody.
"""

import re

from . import text as t
from .proposals import Entity, QuoteProposal
from .vocabulary import SAID, channel_in

REPORTING = (
    r"(?:said|says|say|wrote|writes|told|reported|reports|stated|states|claimed|"
    r"claims|"
    r"announced|announces|added|adds|noted|notes|warned|warns|confirmed|confirms|"
    r"posted|insisted|maintained|acknowledged|conceded|underlined|stressed|"
    r"called for|calls for)"
)
VERB = re.compile(rf"\b(?P<verb>{REPORTING})\b")
# What may stand between the verb and the words reported: to whom, when, where
# ("told reporters on Wednesday", "wrote on Telegram", "said in a statement").
TOLD = re.compile(
    r"^\s+(?:reporters|journalists|(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
    r"(?=[\s,])"
)
BETWEEN = re.compile(
    r"^(?:\s*,?\s+(?:on|in|late on|early on|earlier on|at|via|during|through|to)\s+"
    r"[^,;]{0,50}?(?=\s+that\b|\s*,|$)"
    r"|\s+(?:earlier|later|overnight|today|yesterday|on \w+day|late on \w+day))*"
    r"\s*,?\s*(?:that\s+)?"
)
# "..., Gladkov said on Wednesday." / "..., said Serhiy Popko." / "...,
# according to governor Ruslan Kravchenko."
TRAILING = re.compile(
    # "..., the governor of the Kherson region, Oleksandr Prokudin, wrote": a
    # speaker with a name in apposition.
    rf",\s+(?:(?P<before>[^,]{{1,90}}?(?:,\s+[^,]{{1,60}}?,)?)\s+(?:has\s+|have\s+)?"
    rf"{REPORTING}\b[^,]{{0,60}}"
    rf"|{REPORTING}\s+(?P<after>[^,]{{1,90}})"
    r"|according to (?P<source>[^,]{1,120})(?:,[^“”\"]*)?)\.?$"
)
PARTICIPLE = re.compile(r"^\s*(?:speaking|writing|talking|addressing)\b")
# "KYIV (Reuters) -", "MOSCOW (Sputnik) -": the dateline is not what was said.
# "KIEV, June 20 (Xinhua) --": with its day, and two hyphens for a dash.
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]+(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}\s*)?(?:\([^)]*\))?\s*"
    r"(?:--|[-—–])\s*"
)
LEADING = re.compile(r"^According to (?P<source>[^,]{1,120}),\s+(?P<clause>\S.*)$")
QUOTE_MARKS = re.compile(r"[“”\"]")
MIN_WORDS = 3
# "Additionally, it is now impossible to count ...": the connective is the
# writer's, not the speaker's.
CONNECTIVE = re.compile(
    r"^(?:additionally|also|however|meanwhile|moreover|furthermore|in addition|"
    r"at the same time|separately),\s+",
    re.IGNORECASE,
)
# "Earlier in the day he said that ...": when, before who.
WHEN_WORDS = {
    "earlier", "later", "then", "also", "meanwhile", "overnight", "separately",
    "on", "in", "at", "during", "by", "after", "before",
}  # fmt: skip
PRONOUNS = {"he", "she", "it", "they"}
# "..., according to the official." / "according to reports from the
# governor": the person last speaking, named by office.
BY_OFFICE = re.compile(
    r"^(?:(?:reports|a statement|a post) (?:from|by) )?(?:the )?(?:official|"
    r"governor|mayor|minister|spokes(?:man|woman|person)|president|commander|"
    r"head|chief|regional leader)$|^(?:him|her)$",
    re.IGNORECASE,
)
# '"...," Golubev wrote, adding that there were no casualties.'
ADDING = re.compile(
    r"[”\"]\s*(?P<who>[^,“”\"]{1,60}?)\s+(?:said|wrote|told [^,“”\"]{1,30}|"
    r"posted|added),\s+adding that\s+(?P<clause>[^“”\"]+)$"
)


class StatementRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _usual_channels(self, said: list[QuoteProposal]) -> None:
        """Where a speaker speaks, for words the text gives no channel of: the
        channel a sentence naming them gives ("Speaking to channel ATV, Peskov
        said ...", "Source: Zhyvytskyy on Telegram")."""
        usual: dict[int, str] = {}
        for (index, at), entity in sorted(self.span_entity.items()):
            if entity.kind == "place" or id(entity) in usual:
                continue
            paragraph = self.paragraphs[index]
            s_start, s_end = t.sentence_around(paragraph, at)
            sentence = paragraph[s_start:s_end]
            # Where they said something, not a photo's caption ("X in an
            # interview with Ukrinform, Dec. 13"): a sentence that speaks.
            speaks = VERB.search(sentence) or re.search(
                rf"\b{SAID}\b|\bSpeaking\b|^Source:", sentence
            )
            channel = self._channel_in(sentence) if speaks else ""
            # A tweet is one post, not where someone usually speaks.
            if channel and channel != "social_media":
                usual[id(entity)] = channel
        for proposal in said:
            if not proposal.channel and proposal.speaker is not None:
                proposal.channel = usual.get(id(proposal.speaker), "")

    def _statements(self) -> list[QuoteProposal]:
        found = []
        self.last_speaker = None  # "it said": the group that spoke last
        # "G7 leaders have described the strike as “abominable”. They say ...":
        # whoever a paragraph's quotation is of spoke last too.
        quoted = {q.paragraph: q.speaker for q in self.quotes if q.speaker is not None}
        for index, paragraph in enumerate(self.paragraphs):
            for start, end in t.sentences(paragraph):
                sentence = paragraph[start:end]
                statement = self._statement(index, paragraph, start, sentence)
                if statement is not None:
                    found.append(statement)
                    self.last_speaker = statement.speaker
            if index in quoted and not (found and found[-1].paragraph == index):
                self.last_speaker = quoted[index]
        return found

    def _statement(self, index, paragraph, start, sentence) -> QuoteProposal | None:
        body = sentence.rstrip(" .")
        channel = self._channel_in(sentence)
        adding = ADDING.search(body)
        if adding:
            speaker = self._named_in(
                index, start, adding.start("who"), adding.end("who")
            ) or self._pronoun_speaker(adding.group("who"), index, start)
            return self._proposal(speaker, adding.group("clause"), channel, index)
        leading = LEADING.match(body)
        if leading:
            speaker = self._named_in(
                index, start, leading.start("source"), leading.end("source")
            )
            return self._proposal(speaker, leading.group("clause"), channel, index)
        # "Gladkov wrote on Telegram that ...": a short subject naming someone.
        for verb in VERB.finditer(body):
            subject = body[: verb.start()]
            floor = 0
            if len(subject.split()) > 8:
                # "Speaking to channel ATV on Wednesday, Peskov said ...": the
                # subject follows the last comma; "Sir Jeremy Fleming, speaking
                # during a visit to Australia said ...": it comes before it.
                floor = subject.rfind(",") + 1
                if PARTICIPLE.match(subject[floor:]):
                    floor = 0
                    subject = subject[: subject.rfind(",")]
                else:
                    subject = subject[floor:]
            if len(subject.split()) > 8:
                break  # the verb of a subordinate clause, far from its subject
            if QUOTE_MARKS.search(subject):
                # "“That's nothing special,” Svitlana said dismissively as ...":
                # the words are the quotation's (importer.quotes), not what follows.
                return None
            speaker = self._named_in(index, start, floor, verb.start())
            if speaker is None and floor and subject.split() in (["but"], ["and"]):
                # "Zelensky stopped short of ..., but called for ...": the
                # sentence's own subject, which opens it.
                speaker = self._opening_subject(index, start, floor)
            if speaker is None:
                speaker = self._pronoun_speaker(subject, index, start)
            if speaker is None:
                continue
            rest = body[verb.end() :]
            listener = TOLD.match(rest) if verb.group() == "told" else None
            if listener:  # "told Reuters": whom, not what
                rest = rest[listener.end() :]
            that = re.search(r"\bthat\s+", rest[:60])
            clause = rest[that.end() :] if that else rest[BETWEEN.match(rest).end() :]
            # "said on social media: “According to ...": a quotation, which
            # importer.quotes reads, after a colon.
            if re.match(r"^[^“”\"]{0,30}:\s*[“\"]", clause) or clause.lstrip(
                " ,:"
            ).startswith(("“", '"')):
                return None
            proposal = self._proposal(speaker, clause, channel, index)
            if proposal is not None:
                return proposal
            break  # "..., mayor Vitali Klitschko said": the words came before
        if QUOTE_MARKS.search(sentence):
            return None
        trailing = TRAILING.search(body)
        if trailing:
            group = next(g for g in ("before", "after", "source") if trailing.group(g))
            # "according to the Russian-installed head of ..., Alexei Kulemzin":
            # the name may follow the source's description.
            end = trailing.end() if group == "source" else trailing.end(group)
            speaker = self._named_in(index, start, trailing.start(group), end)
            if speaker is None and trailing.group("before"):
                speaker = self._pronoun_speaker(trailing.group("before"), index, start)
            source = (trailing.group("source") or "").strip()
            if speaker is None and BY_OFFICE.match(source):
                last = self.last_speaker
                speaker = last if last is not None and last.kind == "person" else None
            clause = DATELINE.sub("", body[: trailing.start()])
            return self._proposal(speaker, clause, channel, index)
        return None

    def _proposal(self, speaker, clause, channel, index) -> QuoteProposal | None:
        clause = CONNECTIVE.sub("", clause.strip(" ,;:"))
        if speaker is None or len(clause.split()) < MIN_WORDS:
            return None
        return QuoteProposal(clause, speaker, "", channel, index, reported=True)

    def _channel_in(self, text: str) -> str:
        return channel_in(text, self.place_words)

    def _opening_subject(self, index: int, offset: int, end: int) -> Entity | None:
        """The person or group a sentence opens with ("Ukrainian President
        Zelensky stopped ..."): named within its first few words."""
        opening = [
            (at, entity)
            for (paragraph, at), entity in self.span_entity.items()
            if paragraph == index
            and offset <= at < offset + end
            and entity.kind != "place"
            and len(self.paragraphs[index][offset:at].split()) <= 3
        ]
        return min(opening, key=lambda item: item[0])[1] if opening else None

    def _named_in(self, index: int, offset: int, start: int, end: int) -> Entity | None:
        """The person (else group) named last in body[start:end]."""
        inside = [
            (at, entity)
            for (paragraph, at), entity in self.span_entity.items()
            if paragraph == index
            and offset + start <= at < offset + end
            and entity.kind != "place"
        ]
        persons = [item for item in inside if item[1].kind == "person"]
        pool = persons or inside
        return max(pool, key=lambda item: item[0])[1] if pool else None

    def _pronoun_speaker(self, subject: str, index: int, start: int) -> Entity | None:
        """ "he said": the person last speaking; "it"/"the ministry": the group."""
        words = subject.strip().split()
        if (
            2 <= len(words) <= 6
            and words[0].lower() in WHEN_WORDS
            and words[-1].lower() in PRONOUNS
        ):
            words = words[-1:]
        if len(words) != 1 and not (len(words) == 2 and words[0].lower() == "the"):
            return None
        word = words[-1].lower()
        if word in ("he", "she"):
            found = self._pronoun(word, index, start)
            return found if found is not None and found.kind == "person" else None
        if word in ("it", "they") or len(words) == 2:
            last = self.last_speaker
            if last is not None and last.kind == "organization":
                return (
                    last
                    if word in ("it", "they")
                    else self._nominal(subject.strip().lower(), (index, start))[0]
                )
        return None
