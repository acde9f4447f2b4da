"""From an article's text to proposals: who and what it names, who says what,
the photo credits, contributors, the date and the likely text defects.

Pure rules over the text, plus one question to the archive (`Known`): which of
the names the text uses it already holds. Nothing here writes. The rules live in
one module per concern (names, locations, quotes, credits, dates, defects), as
parts of one analyzer that shares its reading of the text between them.
"""

from datetime import date

from . import text as t
from .credits import CreditRules
from .dates import DateRules
from .defects import DefectRules
from .events import EventRules
from .institutions import InstitutionRules
from .locations import PlaceRules
from .names import NameRules
from .proposals import (
    Analysis,
    ContributionProposal,
    CreditProposal,
    Defect,
    Entity,
    Known,
    MediaProposal,
    QuoteProposal,
    RoleProposal,
)
from .quotes import QuoteRules
from .roles import RoleRules
from .statements import StatementRules
from .verification import VerificationRules

__all__ = [
    "Analysis",
    "ContributionProposal",
    "CreditProposal",
    "Defect",
    "Entity",
    "Known",
    "MediaProposal",
    "QuoteProposal",
    "RoleProposal",
    "analyze",
]


def analyze(text: str, *, known: Known | None = None, today: date | None = None):
    return _Analyzer(text, known or Known(), today or date.today()).run()


class _Analyzer(
    InstitutionRules,
    NameRules,
    PlaceRules,
    QuoteRules,
    RoleRules,
    StatementRules,
    CreditRules,
    DateRules,
    DefectRules,
    VerificationRules,
    EventRules,
):
    def __init__(self, text: str, known: Known, today: date):
        self.raw = text
        self.known = known
        self.today = today
        self.entities: dict[tuple[str, str], Entity] = {}
        self.by_form: dict[str, Entity] = {}  # lowercased form -> entity
        self.misspelt: list[Defect] = []  # place names read as a guess

    # -- the pipeline ------------------------------------------------------------

    def run(self) -> Analysis:
        title, paragraphs, removed = t.split_lines(self.raw)
        self.title = title
        self.removed = removed
        self.captions = []
        self.contribution_lines = []
        self.paragraphs = []
        for index, paragraph in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
            if self._contributors(paragraph, following):
                self.contribution_lines.append(paragraph)
                # A syndication line quotes the article's title, whose names
                # are the article's own: it stays text as well.
                if not t.WRITTEN_BY.match(paragraph):
                    continue
            text, caption = t.split_caption(paragraph, index)
            if caption is not None:
                self.captions.append(caption)
            self.paragraphs.append(text)
        # A headline's capitals ("Ukraine Loses Over 700 Soldiers") are not names.
        self.spans = [
            span
            for index, paragraph in enumerate(self.paragraphs)
            if not t.headline_like(paragraph)
            for span in t.name_spans(paragraph, index)
        ]
        self.span_entity = {}
        self._find_institutions()
        self._ask_archive()
        self._classify()
        self._military_administrations()
        self._speaking_by_dateline()
        # Every entity's first mention, however it was found.
        for where, entity in self.span_entity.items():
            entity.first_seen = min(entity.first_seen, where)
        # Places are told things but give no interviews ("told Russia it must").
        self.place_words = frozenset(
            form.split()[0].lower()
            for entity in self.entities.values()
            if entity.kind == "place"
            for form in [entity.name, *entity.forms]
            if form.split()
        )
        self.contributions = self._contributions()
        self.media = self._media()
        self.quotes = self._quotes()
        statements = self._statements()
        self._usual_channels([*self.quotes, *statements])
        self._place_parents()
        roles = self._roles()
        kind, figures = self._event([*self.quotes, *statements])
        published_on, reason = self._date()
        return Analysis(
            title=title,
            body="\n\n".join(paragraphs),
            removed=removed,
            entities=list(self.entities.values()),
            quotes=self.quotes,
            media=self.media,
            contributions=self.contributions,
            defects=self._defects(paragraphs) + self.misspelt,
            published_on=published_on,
            date_reason=reason,
            statements=statements,
            verification=self._verification(),
            roles=roles,
            event_kind=kind,
            figures=figures,
        )
