from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import ProvenanceModel

from .mentions import DatedByUpdate
from .stories import UpdateItemQuerySet


class OneParty(models.Model):
    """A record that names one party, its `person` or its `organization`: a
    photo's credit, or a contribution to an update. `noun` names it in messages.
    (Each declares the two keys itself, for their reverse names.)"""

    noun = "A record"

    class Meta:
        abstract = True

    @property
    def party(self):
        return self.person or self.organization

    def clean(self):
        super().clean()
        if self.person_id and self.organization_id:
            raise ValidationError(
                {
                    "organization": f"{self.noun} names one party: clear the "
                    "person or the organization."
                }
            )
        if not (self.person_id or self.organization_id):
            raise ValidationError(
                {
                    "person": f"{self.noun} names a party: choose a person or an "
                    "organization."
                }
            )


def one_party(noun: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(person__isnull=False, organization__isnull=True)
        | models.Q(person__isnull=True, organization__isnull=False),
        name="%(app_label)s_%(class)s_one_party",
        violation_error_message=f"{noun} names exactly one party: "
        "a person or an organization.",
    )


class Credit(OneParty, ProvenanceModel):
    """One party named in a media item's credit line, in one role.

    "Ministry of Defense of Russia/EPA, via Shutterstock" is three Credits on one Media.
    """

    class Role(models.TextChoices):
        ORIGINATOR = "originator", "originator"
        PHOTOGRAPHER = "photographer", "photographer"
        AGENCY = "agency", "agency"
        DISTRIBUTOR = "distributor", "distributor"
        OTHER = "other", "other"

    noun = "A credit"

    media = models.ForeignKey(
        "items.Media", on_delete=models.CASCADE, related_name="credits"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credits",
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credits",
    )
    as_written = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["media", "position", "id"]
        constraints = [one_party("A credit")]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"


class Contribution(OneParty, DatedByUpdate, ProvenanceModel):
    """A person or organization credited for the update itself.

    "Andrew E. Kramer contributed reporting" is one Contribution; so is "Some
    information for this story was provided by Reuters", with Reuters as the party.
    """

    class Role(models.TextChoices):
        AUTHOR = "author", "author"
        CONTRIBUTOR = "contributor", "contributor"
        EDITOR = "editor", "editor"
        TRANSLATOR = "translator", "translator"

    noun = "A contribution"

    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="contributions"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    as_written = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["version", "published_at"])
    objects = UpdateItemQuerySet.as_manager()

    class Meta:
        ordering = ["update", "id"]
        indexes = [
            models.Index(
                fields=["person", "-published_at", "update"],
                name="items_contrib_person_timeline",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "person", "role"],
                name="%(app_label)s_%(class)s_unique_role",
                violation_error_message="This person already has this role "
                "on the update.",
            ),
            models.UniqueConstraint(
                fields=["update", "organization", "role"],
                name="%(app_label)s_%(class)s_unique_org_role",
                violation_error_message="This organization already has this role "
                "on the update.",
            ),
            one_party("A contribution"),
        ]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"
