from .credits import Contribution, Credit
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
    "Media",
    "OrganizationInvolvement",
    "OrganizationMention",
    "PersonInvolvement",
    "PersonMention",
    "PlaceMention",
    "Quote",
    "Story",
    "Update",
    "VerificationNote",
]
