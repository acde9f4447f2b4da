from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import ProvenanceModel, VersionedModel, uid_field


class VerificationNote(ProvenanceModel):
    """What is known about whether a claim in an update, quote or media item holds.

    The importer proposes one, unconfirmed, where the text says a claim is
    unverified ("could not independently verify", "purporting to show")."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "unverified"
        CLAIM = "claim", "claim by a party"
        CONFIRMED = "confirmed", "confirmed"
        DISPUTED = "disputed", "disputed"

    uid = uid_field()
    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="verification_notes"
    )
    quote = models.ForeignKey(
        "items.Quote",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verification_notes",
    )
    media = models.ForeignKey(
        "items.Media",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verification_notes",
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField()

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["update", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quote__isnull=True) | models.Q(media__isnull=True),
                name="%(app_label)s_%(class)s_one_subject",
                violation_error_message="A note concerns the update, one quote or "
                "one media item, not both.",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.note[:50]}"

    def clean(self):
        super().clean()
        if self.quote_id and self.media_id:
            raise ValidationError(
                {"media": "A note concerns one quote or one media item, not both."}
            )
        for subject in ("quote", "media"):
            target = getattr(self, subject)
            if (
                target is not None
                and self.update_id
                and target.update_id != self.update_id
            ):
                raise ValidationError(
                    {subject: f"This {subject} is in another update."}
                )


class Correction(VersionedModel):
    """A fix to an update's text: what it said, what it should say, and why.

    Applying it (services.apply_correction) changes the update's body; its
    original_text stays as received.
    """

    class Status(models.TextChoices):
        OPEN = "open", "open"
        APPLIED = "applied", "applied"

    # How an explanation starts when the importer proposed the correction: such a
    # correction is a decision still owed before its update is published.
    PROPOSED_NOTE = "Proposed by the importer:"

    uid = uid_field()
    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="corrections"
    )
    original = models.TextField(help_text="The passage as it stands in the body.")
    corrected = models.TextField(blank=True, help_text="What it should read.")
    explanation = models.TextField(blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["update", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", applied_at__isnull=True)
                | models.Q(status="applied", applied_at__isnull=False),
                name="%(app_label)s_%(class)s_applied_has_date",
                violation_error_message="An applied correction records when it "
                "was applied.",
            ),
            models.CheckConstraint(
                condition=~models.Q(original=""),
                name="%(app_label)s_%(class)s_has_original",
            ),
        ]

    def __str__(self):
        return f"{self.original[:30]} → {self.corrected[:30]}"
