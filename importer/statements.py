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
from .vocabulary import ADDRESSED, DOCUMENT, SAID, channel_in

REPORTING = (
    r"(?:said|says|say|wrote|writes|told|reported|reports|stated|states|claimed|"
    r"claims|"
    r"announced|announces|added|adds|noted|notes|warned|warns|confirmed|confirms|"
    r"posted|insisted|maintained|acknowledged|conceded|underlined|stressed|"
    r"emphasized|emphasised|believes|indicated|informs|informed|mentioned|"
    r"called for|calls for|called on|calls on|urged|urges)"
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
    # ('..., “in several areas,” Podolyak wrote': after a quotation's comma.)
    rf",[”\"]?\s+(?:(?!according to\b)"
    rf"(?P<before>[^,]{{1,120}}?(?:,\s+[^,]{{1,60}}?,)?)\s+(?:has\s+|have\s+)?"
    # "..., the statement read": a document speaks for whoever issued it;
    # "..., he continued": the speaker goes on.
    rf"(?:{REPORTING}|read|reads|continued)\b[^,]{{0,60}}"
    rf"|{REPORTING}\s+(?P<after>[^,]{{1,90}})"
    r"|according to (?P<source>[^,]{1,120})(?:,[^“”\"]*)?)"
    # "..., he continued, without giving details.": what the writer adds.
    r"(?:,\s+(?:without|declining|refusing|citing)\b[^“”\"]*)?\.?$"
)
# "..., he said." / "..., Marochko said.": an attribution closing the sentence.
ATTRIBUTED_AFTER = re.compile(
    rf",\s+(?:he|she|they|it|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+{REPORTING}"
    r"(?:\s+(?:on|in)\s+[^,]{1,30})?$"
)
AGENCY_TAIL = re.compile(
    r",\s+(?:(?:writes|reports|informs)\s+[A-Z][\w-]+|(?:an?\s+)?[A-Z][\w-]+"
    r"(?:\s+correspondent)?\s+(?:reports|writes))$"
)
# "The enemy, he said, actively used ...": the speaker set off in the middle.
ASIDE = re.compile(
    r"^[A-Z][^,]{2,60},\s+(?P<who>he|she|they|it|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
    r"\s+(?:said|says|added|noted|stressed|wrote),\s+\S"
)
# What may stand between "said" and its "that": to whom, when, where.
BEFORE_THAT = re.compile(
    r"\s*(?:(?:on|in|at|to|via|during|through|from|late|early|earlier|later|"
    r"overnight|today|yesterday|last|this|as early as|[A-Z][a-z]+day)\b[^,]*?|"
    r"(?:to\s+)?(?:reporters|journalists))?\s*,?\s*"
)
STRAY_COMMA = re.compile(
    r"(\b[A-Z][\w’'-]+),(\s+(?:has\s+)?(?:said|says|wrote|told|added)\b[^,]*)$"
)
PARTICIPLE = re.compile(r"^\s*(?:speaking|writing|talking|addressing)\b")
# "KYIV (Reuters) -", "MOSCOW (Sputnik) -": the dateline is not what was said.
# "KIEV, June 20 (Xinhua) --": with its day, and two hyphens for a dash.
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]+(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}\s*)?(?:\([^)]*\))?\s*"
    r"(?:--|[-—–])\s*"
)
LEADING = re.compile(r"^[Aa]ccording to (?P<source>[^,]{1,120}),\s+(?P<clause>\S.*)$")
QUOTE_MARKS = re.compile(r"[“”„‘\"]")
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
OFFICES = {
    "governor", "mayor", "minister", "spokesman", "spokeswoman", "spokesperson",
    "president", "head", "chief", "commander", "official",
}  # fmt: skip
WHO_SAID = {"said", "says", "told", "wrote", "added", "stated", "warned", "noted"}
LATER = {"later", "also", "then", "earlier", "previously", "again", "further"}
# "..., according to the official." / "according to reports from the
# governor": the person last speaking, named by office.
BY_OFFICE = re.compile(
    r"^(?:(?:reports|a statement|a post) (?:from|by) )?(?:the )?(?:official|"
    r"governor|mayor|minister|spokes(?:man|woman|person)|president|commander|"
    r"head|chief|regional leader)$|^(?:him|her)$",
    re.IGNORECASE,
)
# "..., the statement read, adding that ...", "X told the channel that ...,
# and said ...": a second clause of the same speaker's.
FURTHER = re.compile(
    r",\s+(?:adding|clarifying|noting|stressing|explaining|insisting|warning)"
    r"(?:\s+that)?\s+(?!to\b)"
    r"|,?\s+and\s+(?:said|added|noted|warned|stressed)(?:\s+that)?\s+"
)
# "The ministry reported this, ...": the words are the sentence before.
THIS = re.compile(r"^(?:this|it)\b(?:\s+(?:on|in|via|at|to)\s+[^,]{0,40}?)?\s*(?:,|$)")
# "This was reported by X", "The relevant statement was made by X on
# Telegram": the words are the sentences before (Ukrainian agencies' copy).
PASSIVE = re.compile(
    r"^(?:This|That|It|The\s+(?:relevant\s+|corresponding\s+)?(?:statement|"
    r"information|report|announcement))\s+(?:was|has\s+been|is)\s+(?:made|"
    r"reported|stated|announced|said|posted|published|written|shared)\s+by\s+"
    r"(?P<who>[^,]+)"
)
# "by UNN with reference to the General Staff": who spoke, not who passed it on.
REFERENCE = re.compile(r"\b(?:with reference to|citing|quoting)\s+")
# "A reminder that, according to the General Staff, ...": the writer's
# words before the reported ones (agency copy, and its machine translations).
REMINDER = re.compile(
    r"^(?:(?:as\s+a\s+|a\s+)?reminder|recall|we\s+remind\s+you|it\s+should\s+be"
    r"\s+recalled)\s+that,?\s+",
    re.IGNORECASE,
)
# "According to preliminary information, ... . ..., Marochko said.": the
# source is named by the paragraph's next statement.
UNNAMED = re.compile(
    r"^(?:(?:the\s+)?(?:preliminary|initial|early|latest|updated|available)\s+)?"
    r"(?:information|data|reports?|estimates?|figures)$",
    re.IGNORECASE,
)
# A few words in quotation marks inside reported speech ('put out a
# "large-scale fire"'): a phrase marked, not a quotation of its own.
SCARE = re.compile(r"[“\"]([^“”\"]{1,40})[”\"]")
# Words that may join the names of one long subject ("The State Special
# Transport Service of the Ministry of Defense of Ukraine").
JOINING = {"the", "of", "'s", "’s"}
# '"...," Golubev wrote, adding that there were no casualties.'
ADDING = re.compile(
    # '"...", Vitali Klitschko said on Telegram, adding that ...'; "..., also
    # reporting a fire in a hotel".
    r"[”\"],?\s*(?P<who>[^,“”\"]{1,60}?)\s+(?:said|wrote|told|posted|added)"
    r"(?:\s+[^,“”\"]{1,40})?,\s+(?:also\s+)?(?:adding|reporting|saying|noting)"
    r"(?:\s+that)?\s+(?P<clause>[^“”\"]+)$"
)


def _partly_quoted(body: str) -> bool:
    """ "Ukraine's armed forces are launching counteroffensives “in several
    areas,” Podolyak wrote": reported speech that quotes a part of the words."""
    first = QUOTE_MARKS.search(body)
    # A sentence that closes a quotation begun before it ("... (My) child was
    # so frightened,” Irina said") is the quotation's.
    opening = (
        first is not None
        and first.group() in '“"'
        and body[first.start() - 1 : first.start()] in ("", " ")
        and body[first.end() : first.end() + 1].isalnum()
    )
    return opening and len(body[: first.start()].split()) >= 4


def _marked(match: re.Match) -> str:
    """A phrase in quotation marks that is no quotation: a few words, not its
    own sentence."""
    words = match.group(1)
    return match.group() if len(words.split()) > 4 or words[-1:] in ".,!?" else words


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
                rf"\b{SAID}\b|\bSpeaking\b|^Source:|\b{ADDRESSED}\b",
                sentence,
            )
            channel = self._channel_in(sentence) if speaks else ""
            # A tweet is one post, not where someone usually speaks.
            if channel and channel != "social_media":
                usual[id(entity)] = channel
        for proposal in said:
            if not proposal.channel and proposal.speaker is not None:
                proposal.channel = usual.get(id(proposal.speaker), "")

    def _statements(self) -> list[QuoteProposal]:
        found = self.found_statements = []
        self.last_speaker = None  # "it said": the group that spoke last
        self.last_person = None  # "he said": as the text goes, not as quotes left it
        # "G7 leaders have described the strike as “abominable”. They say ...":
        # whoever a paragraph's quotation is of spoke last too.
        quoted = {q.paragraph: q.speaker for q in self.quotes if q.speaker is not None}
        for index, paragraph in enumerate(self.paragraphs):
            pending = []  # clauses whose source the paragraph names later
            loose = []  # sentences no one is said to have said, so far
            for start, end in t.sentences(paragraph):
                sentence = paragraph[start:end]
                leading = LEADING.match(sentence.rstrip(" ."))
                if leading and UNNAMED.match(leading.group("source").strip()):
                    pending.append(leading.group("clause"))
                    continue
                said = self._sentence_statements(index, paragraph, start, sentence)
                if not said:
                    if not QUOTE_MARKS.search(sentence):
                        loose.append(sentence.rstrip(" ."))
                    continue
                if ATTRIBUTED_AFTER.search(sentence.rstrip(" .")):
                    # "In Zhuravlyovka, drones dropped seven explosives. In
                    # addition, a drone hit a building, he said.": the paragraph
                    # is his.
                    pending.extend(DATELINE.sub("", s) for s in loose)
                loose = []
                for statement in said:
                    for clause in pending:
                        earlier = self._proposal(
                            statement.speaker, clause, statement.channel, index
                        )
                        if earlier is not None:
                            found.append(earlier)
                    pending = []
                    found.append(statement)
                    self.last_speaker = statement.speaker
                    if statement.speaker.kind == "person":
                        self.last_person = statement.speaker
            if index in quoted and not (found and found[-1].paragraph == index):
                self.last_speaker = quoted[index]
                if quoted[index].kind == "person":
                    self.last_person = quoted[index]
        return found

    def _sentence_statements(self, index, paragraph, start, sentence):
        """A sentence's statements: one, or two where the speaker goes on
        (", adding that ..."), or the sentence before it ("X reported this")."""
        reminder = REMINDER.match(sentence)
        if reminder:
            start, sentence = start + reminder.end(), sentence[reminder.end() :]
        passive = PASSIVE.match(sentence)
        if passive:
            return self._passive(index, start, passive)
        further = FURTHER.search(sentence)
        if further and not ADDING.search(sentence.rstrip(" .")):
            head = self._statement(index, paragraph, start, sentence[: further.start()])
            if head is not None:
                rest = sentence[further.end() :].rstrip(" .")
                more = None
                # What follows may be a quotation, which importer.quotes reads.
                if not rest.startswith(("“", '"', "‘")):
                    more = self._proposal(head.speaker, rest, head.channel, index)
                return [head] if more is None else [head, more]
        statement = self._statement(index, paragraph, start, sentence)
        return [] if statement is None else [statement]

    def _passive(self, index: int, start: int, passive: re.Match) -> list:
        who_start, who_end = passive.span("who")
        reference = REFERENCE.search(passive.group("who"))
        if reference:
            who_start += reference.end()
        speaker = self._named_in(index, start, who_start, who_end)
        if speaker is None:
            return []
        channel = self._channel_in(passive.group())
        return [
            proposal
            for before in self._sentences_before(index, start)
            if (proposal := self._anaphoric(speaker, before, channel, index))
        ]

    def _anaphoric(self, speaker, before: str, channel: str, index: int):
        """The sentence before, as `speaker`'s words, unless it quotes or is
        someone's statement already."""
        words = DATELINE.sub("", before.rstrip(" ."))
        said = {f.text for f in self.found_statements}
        if QUOTE_MARKS.search(before) or words in said:
            return None
        return self._proposal(speaker, words, channel, index)

    def _sentences_before(self, index: int, start: int) -> list[str]:
        """The sentences before the one at paragraph `index`, offset `start`,
        in its paragraph, or else the whole paragraph before it."""
        paragraph = self.paragraphs[index]
        before = [paragraph[s:e] for s, e in t.sentences(paragraph) if e <= start]
        if before or index == 0:
            return before
        previous = self.paragraphs[index - 1]
        return [previous[s:e] for s, e in t.sentences(previous)]

    def _statement(self, index, paragraph, start, sentence) -> QuoteProposal | None:
        body = sentence.rstrip(" .")
        # "..., reported on Monday in Telegram, writes UNN": the agency passing
        # it on is not the speaker.
        body = AGENCY_TAIL.sub("", body)
        channel = self._channel_in(sentence)
        aside = ASIDE.match(body)
        if aside and not QUOTE_MARKS.search(body):
            # "The enemy, he said, actively used ...": the words around him.
            speaker = self._named_in(
                index, start, aside.start("who"), aside.end("who")
            ) or self._pronoun_speaker(aside.group("who"), index, start)
            if speaker is not None:
                return self._proposal(speaker, body, channel, index)
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
            if speaker is None and DOCUMENT.match(leading.group("source")):
                speaker = self.last_speaker
            if speaker is None and leading.group("source").strip() in ("him", "her"):
                speaker = self.last_person  # "According to him, ..."
            return self._proposal(speaker, leading.group("clause"), channel, index)
        # "Gladkov wrote on Telegram that ...": a short subject naming someone.
        for verb in VERB.finditer(body):
            subject = body[: verb.start()]
            floor = 0
            if len(subject.split()) > 8:
                # "Speaking to channel ATV on Wednesday, Peskov said ...": the
                # subject follows the last comma; "Sir Jeremy Fleming, speaking
                # during a visit to Australia said ...": it comes before it.
                # ("..., General Sergei Surovikin, told": the comma closing an
                # apposition is not where the subject starts.)
                floor = subject.rstrip(" ,").rfind(",") + 1
                if PARTICIPLE.match(subject[floor:]):
                    floor = 0
                    subject = subject[: subject.rfind(",")]
                else:
                    subject = subject[floor:]
            named = None
            if len(subject.split()) > 8:
                named = self._whole_name(index, start + floor, subject)
                if named is None:
                    break  # the verb of a subordinate clause, far from its subject
            if QUOTE_MARKS.search(subject):
                # "“That's nothing special,” Svitlana said dismissively as ...":
                # the words are the quotation's (importer.quotes), not what
                # follows; unless the sentence only quotes a part of them.
                if _partly_quoted(body):
                    break
                return None
            if subject.split()[-1:] == ["who"] and verb.group() not in WHO_SAID:
                continue  # "who posted photographs on Telegram": a deed, not words
            speaker = named or self._named_in(index, start, floor, verb.start())
            if speaker is None and floor and re.match(r"\s*(?:the|a|an)\s", subject):
                # "Speaking at a briefing, Dmitry Peskov, the spokesman of the
                # Russian President, said": the name before its apposition.
                head = body[: floor - 1].rstrip(" ,")
                speaker = self._named_in(index, start, head.rfind(",") + 1, floor)
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
            if (
                that
                and (
                    # "said, “It's difficult to imagine that ...": a quotation's
                    # "that"; "said X but that Y": the second clause's; "said it
                    # hit a plant that was used ...": a relative clause's.
                    QUOTE_MARKS.search(rest[: that.start()])
                    or re.search(r"\b(?:but|and|so)\s+$", rest[: that.start()])
                    or re.match(r"\s*(?:it|he|she|they|we|I|there)\b", rest)
                    # "said the facilities that were hit had ...", "said Russia
                    # fired missiles that ...": a noun's "that", not the clause's.
                    or (
                        verb.group() != "told"
                        and not BEFORE_THAT.fullmatch(rest[: that.start()])
                    )
                )
            ):
                that = None
            clause = rest[that.end() :] if that else rest[BETWEEN.match(rest).end() :]
            if THIS.match(clause.strip()):
                before = self._sentences_before(index, start)
                if before:
                    return self._anaphoric(speaker, before[-1], channel, index)
                return None
            # "said on social media: “According to ...": a quotation, which
            # importer.quotes reads, after a colon.
            if re.match(r"^[^“”\"]{0,30}:\s*[“\"]", clause) or clause.lstrip(
                " ,:"
            ).startswith(("“", '"', "‘")):
                return None
            proposal = self._proposal(speaker, clause, channel, index)
            if proposal is not None:
                return proposal
            break  # "..., mayor Vitali Klitschko said": the words came before
        if QUOTE_MARKS.search(SCARE.sub(_marked, body)) and not _partly_quoted(body):
            return None
        # "..., governor Oleksandr Prokudin, said.": a stray comma after a name.
        body = STRAY_COMMA.sub(r"\1\2", body)
        trailing = TRAILING.search(body)
        if trailing:
            group = next(g for g in ("before", "after", "source") if trailing.group(g))
            # "according to the Russian-installed head of ..., Alexei Kulemzin":
            # the name may follow the source's description.
            end = trailing.end(group)
            if group == "source" and len(body[end : trailing.end()].split()) <= 6:
                end = trailing.end()
            speaker = self._named_in(index, start, trailing.start(group), end)
            if speaker is None and trailing.group("before"):
                speaker = self._pronoun_speaker(trailing.group("before"), index, start)
            source = (trailing.group("source") or "").strip()
            before = (trailing.group("before") or "").strip()
            if DOCUMENT.match(source or before):
                speaker = speaker or self.last_speaker
                if re.search(r"\b(?:statement|readout|communiqu)", source or before):
                    channel = channel or "statement"
            if speaker is None and BY_OFFICE.match(source):
                speaker = self.last_person
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

    def _whole_name(self, index: int, offset: int, subject: str) -> Entity | None:
        """The group a long subject names when it is nothing but names ("The
        State Special Transport Service of the Ministry of Defense of
        Ukraine"): the first of them, the one the rest qualify."""
        paragraph = self.paragraphs[index]
        left = list(subject)
        first = None
        for (where, at), entity in sorted(self.span_entity.items()):
            if where != index or not offset <= at < offset + len(subject):
                continue
            at += len(re.match(r"(?:[Tt]he\s+)?", paragraph[at:]).group())
            forms = [
                f for f in [entity.name, *entity.forms] if paragraph.startswith(f, at)
            ]
            if not forms:
                return None
            first = first or entity
            for i in range(at - offset, at - offset + len(max(forms, key=len))):
                if i < len(left):
                    left[i] = " "
        if first is None or first.kind == "place":
            return None
        return (
            first if all(w.lower() in JOINING for w in "".join(left).split()) else None
        )

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
        subject = subject.split(",")[-1]  # "In a statement, the military"
        if DOCUMENT.match(subject.strip()):
            return self.last_speaker
        words = subject.strip().split()
        if words == ["who"]:
            # "..., António Guterres, who said ...": the one just named.
            return self._named_in(index, start, 0, len(self.paragraphs[index]) - start)
        while len(words) > 1 and words[-1].lower() in LATER:
            words = words[:-1]  # "He later said"
        if 3 <= len(words) <= 4 and words[0].lower() == "the":
            # "the military administration wrote": the one named before; "the
            # regional governor reported": the person who spoke last.
            found = self._nominal(subject.strip().lower(), (index, start))[0]
            if found is not None and found.kind == "organization":
                return found
            if words[-1].lower() in OFFICES:
                return self.last_person
            return None
        if (
            len(words) == 2
            and words[0].lower() == "the"
            and words[1].lower() in OFFICES
        ):
            # "Two people were injured, the governor said": as for "the regional
            # governor", the person who spoke last.
            return self.last_person
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
