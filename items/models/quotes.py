from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from items.search import matching_condition
from newsarchive.records import ProvenanceModel, uid_field

from .mentions import DatedByUpdate
from .stories import UpdateItemQuerySet


class QuoteQuerySet(UpdateItemQuerySet):
    def matching(self, text: str):
        """Quotes whose own words match `text` (full text, items.search)."""
        return self.filter(matching_condition(text, self.model, using=self.db))


class Quote(DatedByUpdate, ProvenanceModel):
    """Words an update attributes to a speaker, with where they were said.

    The speaker is a person, an organization (a group's Telegram statement) or, when
    nobody is identified, a description ("a Belgorod resident reading a statement in
    a video"). At least one of the three is set.
    """

    class Channel(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        VIDEO = "video", "video"
        STATEMENT = "statement", "statement"
        INTERVIEW = "interview", "interview"
        SOCIAL_MEDIA = "social_media", "social media"
        PRESS_CONFERENCE = "press_conference", "press conference"
        TELEVISION = "television", "television"
        OTHER = "other", "other"

    uid = uid_field()
    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField()
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
    )
    speaker_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For an unnamed speaker: "
        '"a Belgorod resident reading a statement in a video".',
    )
    channel = models.CharField(
        max_length=20,
        choices=Channel.choices,
        blank=True,
        help_text="Where it was said; empty when the text does not say.",
    )
    reported = models.BooleanField(
        default=False,
        help_text="Reported speech, without quotation marks: “Gladkov wrote on "
        "Telegram that two houses were damaged” is his statement, in the "
        "update's words, not his.",
    )
    said_on = models.DateField(null=True, blank=True)
    event = models.ForeignKey(
        "items.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The event the words are about.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["version", "published_at"])
    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["update", "position", "id"]
        indexes = [
            models.Index(fields=["person", "said_on"]),
            models.Index(fields=["organization", "said_on"]),
            models.Index(
                fields=["person", "-published_at", "update"],
                name="items_quote_person_timeline",
            ),
            models.Index(
                fields=["organization", "-published_at", "update"],
                name="items_quote_org_timeline",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False)
                | models.Q(organization__isnull=False)
                | ~models.Q(speaker_description=""),
                name="%(app_label)s_%(class)s_has_speaker",
                violation_error_message="A quote needs a speaker: a person, an "
                "organization or a description.",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def spoken_on(self):
        """The day the words were said: `said_on`, else the update's day."""
        return self.said_on or self.update.published_at.date()

    @property
    def speaker(self):
        return self.person or self.organization or self.speaker_description

    def clean(self):
        super().clean()
        if not (self.person_id or self.organization_id or self.speaker_description):
            raise ValidationError(
                {
                    "speaker_description": "Name the speaker: a person, an "
                    "organization, or a description of who spoke."
                }
            )
