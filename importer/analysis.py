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
)
from .quotes import QuoteRules

__all__ = [
    "Analysis",
    "ContributionProposal",
    "CreditProposal",
    "Defect",
    "Entity",
    "Known",
    "MediaProposal",
    "QuoteProposal",
    "analyze",
]


def analyze(text: str, *, known: Known | None = None, today: date | None = None):
    return _Analyzer(text, known or Known(), today or date.today()).run()


class _Analyzer(NameRules, PlaceRules, QuoteRules, CreditRules, DateRules, DefectRules):
    def __init__(self, text: str, known: Known, today: date):
        self.raw = text
        self.known = known
        self.today = today
        self.entities: dict[tuple[str, str], Entity] = {}
        self.by_form: dict[str, Entity] = {}  # lowercased form -> entity

    # -- the pipeline ------------------------------------------------------------

    def run(self) -> Analysis:
        title, paragraphs, removed = t.split_lines(self.raw)
        self.title = title
        self.captions = []
        self.contribution_lines = []
        self.paragraphs = []
        for index, paragraph in enumerate(paragraphs):
            if self._contributors(paragraph):
                self.contribution_lines.append(paragraph)
                continue
            text, caption = t.split_caption(paragraph, index)
            if caption is not None:
                self.captions.append(caption)
            self.paragraphs.append(text)
        self.spans = [
            span
            for index, paragraph in enumerate(self.paragraphs)
            for span in t.name_spans(paragraph, index)
        ]
        self._ask_archive()
        self._classify()
        self.contributions = self._contributions()
        self.media = self._media()
        self.quotes = self._quotes()
        self._place_parents()
        published_on, reason = self._date()
        return Analysis(
            title=title,
            body="\n\n".join(paragraphs),
            removed=removed,
            entities=list(self.entities.values()),
            quotes=self.quotes,
            media=self.media,
            contributions=self.contributions,
            defects=self._defects(paragraphs),
            published_on=published_on,
            date_reason=reason,
        )
