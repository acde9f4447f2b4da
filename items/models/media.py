from django.db import models
from simple_history.models import HistoricalRecords

from items.search import matching_condition
from newsarchive.records import VersionedModel, uid_field

from .stories import UpdateItemQuerySet


class MediaQuerySet(UpdateItemQuerySet):
    def with_credits(self):
        return self.prefetch_related(
            "credits__person", "credits__organization"
        ).select_related("place")

    def matching(self, text: str):
        """Media whose caption or credit line matches `text` (full text)."""
        return self.filter(matching_condition(text, self.model, using=self.db))


class Media(VersionedModel):
    """A photo, video, graphic or audio clip attached to an update.

    `credit_line` is kept exactly as printed; its parties are the Credits.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", "photo"
        VIDEO = "video", "video"
        GRAPHIC = "graphic", "graphic"
        AUDIO = "audio", "audio"

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", "unverified"
        CLAIM = "claim", "claim by a party"
        VERIFIED = "verified", "verified"

    uid = uid_field()
    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    caption = models.TextField(blank=True)
    credit_line = models.CharField(
        max_length=500,
        blank=True,
        help_text='Exactly as printed: "Ministry of Defense of Russia/EPA, via '
        'Shutterstock".',
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="media",
    )
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    url = models.URLField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = MediaQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "media"
        ordering = ["update", "position", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.caption[:50]}"
