from .counts import (
    FacetCount,
    FacetRecount,
    OrganizationDayCount,
    PersonDayCount,
    UpdateFacets,
    UpdateWordCount,
)
from .credits import Contribution, Credit
from .events import Event, EventActor, EventReport, ReportedFigure
from .involvement import OrganizationInvolvement, PersonInvolvement
from .media import Media
from .mentions import OrganizationMention, PersonMention, PlaceMention
from .quotes import Quote
from .review import Correction, VerificationNote
from .stories import Story, Update

__all__ = [
    "Contribution",
    "Correction",
    "Credit",
    "Event",
    "EventActor",
    "EventReport",
    "FacetCount",
    "FacetRecount",
    "Media",
    "OrganizationDayCount",
    "OrganizationInvolvement",
    "OrganizationMention",
    "PersonDayCount",
    "PersonInvolvement",
    "PersonMention",
    "PlaceMention",
    "Quote",
    "ReportedFigure",
    "Story",
    "Update",
    "UpdateFacets",
    "UpdateWordCount",
    "VerificationNote",
]
