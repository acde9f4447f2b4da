"""Links from an update to the persons, organizations and places it names.

Each link carries a copy of its update's `published_at` so that "this person's
updates, newest first, in a date range" is one index range scan on
(person, published_at) instead of a join over every update the person appears in
(DESIGN.md §7). services.save_update keeps the copy in step.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import ProvenanceModel


class Rel(models.TextChoices):
    ABOUT = "about", "about"
    MENTIONS = "mentions", "mentions"


class DatedByUpdate(models.Model):
    """A record that carries a copy of its update's `published_at`.

    The copy lets "this person's items in a date range" be an index range scan on
    (person, published_at); services.save_update keeps it in step.
    """

    published_at = models.DateTimeField(editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.published_at = self.update.published_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "published_at"}
        super().save(*args, **kwargs)


class MentionBase(DatedByUpdate, ProvenanceModel):
    update = models.ForeignKey("items.Update", on_delete=models.CASCADE)
    rel = models.CharField(max_length=10, choices=Rel.choices, default=Rel.MENTIONS)
    as_written = models.CharField(
        max_length=300, blank=True, help_text='The form in the text: "Mr. Girkin".'
    )

    class Meta:
        abstract = True


class PersonMention(MentionBase):
    """A person an update is about or mentions."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="mentions"
    )

    history = HistoricalRecords(excluded_fields=["version", "published_at"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        default_related_name = "person_mentions"
        indexes = [
            models.Index(
                fields=["person", "-published_at", "update"],
                name="items_personmention_timeline",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "person"],
                name="%(app_label)s_%(class)s_unique_update_person",
                violation_error_message="This person is already linked to the update.",
            )
        ]

    def __str__(self):
        return f"{self.person} in {self.update_id}"


class OrganizationMention(MentionBase):
    """An organization an update is about or mentions."""

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, related_name="mentions"
    )

    history = HistoricalRecords(excluded_fields=["version", "published_at"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        default_related_name = "organization_mentions"
        indexes = [
            models.Index(
                fields=["organization", "-published_at", "update"],
                name="items_orgmention_timeline",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "organization"],
                name="%(app_label)s_%(class)s_unique_update_org",
                violation_error_message="This organization is already linked "
                "to the update.",
            )
        ]

    def __str__(self):
        return f"{self.organization} in {self.update_id}"


class PlaceMention(MentionBase):
    """A place an update is about or mentions."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="mentions"
    )

    history = HistoricalRecords(excluded_fields=["version", "published_at"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        default_related_name = "place_mentions"
        indexes = [
            models.Index(
                fields=["place", "-published_at", "update"],
                name="items_placemention_timeline",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "place"],
                name="%(app_label)s_%(class)s_unique_update_place",
                violation_error_message="This place is already linked to the update.",
            )
        ]

    def __str__(self):
        return f"{self.place} in {self.update_id}"
