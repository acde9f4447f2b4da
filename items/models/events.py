"""Events: incidents as curators establish them, and the figures claimed about them.

An event is coded the way conflict-event datasets code one (ACLED's codebook):
a kind from a fixed taxonomy, dates with their precision, a place with its
precision, and actors in roles. Unlike those datasets it keeps every number that
anyone claimed, with its claimant and the update reporting it, side by side: a
governor's "two injured" and a ministry's "no casualties" are two figures, and
that difference is what a fact-checker comes for. docs/events.md documents the
taxonomy.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import DatePrecision, ProvenanceModel, uid_field

from .credits import OneParty, one_party


class Category(models.TextChoices):
    """ACLED's event types, which group the kinds below."""

    BATTLES = "battles", "battles"
    REMOTE_VIOLENCE = "remote_violence", "explosions/remote violence"
    VIOLENCE_AGAINST_CIVILIANS = (
        "violence_against_civilians",
        "violence against civilians",
    )
    PROTESTS = "protests", "protests"
    STRATEGIC = "strategic_developments", "strategic developments"


# Each kind, with the ACLED event type it belongs to. The kinds are this war's:
# ACLED's sub-event types, split where the war's coverage splits them (drones
# and missiles are reported, and counted, apart).
KINDS = {
    "drone_strike": ("drone strike", Category.REMOTE_VIOLENCE),
    "missile_strike": ("missile strike", Category.REMOTE_VIOLENCE),
    "shelling": ("shelling or artillery", Category.REMOTE_VIOLENCE),
    "airstrike": ("airstrike", Category.REMOTE_VIOLENCE),
    "infrastructure_strike": ("strike on infrastructure", Category.REMOTE_VIOLENCE),
    "sabotage_explosion": ("sabotage or explosion", Category.REMOTE_VIOLENCE),
    "air_defence_interception": (
        "air-defence interception",
        Category.REMOTE_VIOLENCE,
    ),
    "ground_assault": ("ground assault", Category.BATTLES),
    "cross_border_raid": ("cross-border raid", Category.BATTLES),
    "territory_change": ("territory changes hands", Category.BATTLES),
    "attack_on_civilians": ("attack on civilians", Category.VIOLENCE_AGAINST_CIVILIANS),
    "protest": ("protest", Category.PROTESTS),
    "arrests": ("arrests", Category.STRATEGIC),
    "political_development": ("political development", Category.STRATEGIC),
    "agreement": ("agreement or exchange", Category.STRATEGIC),
    "other": ("other", Category.STRATEGIC),
}


# An event is dated to the day at best: a raid lasts days, a strike is reported by day.
EVENT_DATE_PRECISIONS = [
    choice for choice in DatePrecision.choices if choice[0] != DatePrecision.MINUTE
]


class EventQuerySet(PublicQuerySet):
    def overlapping(self, start=None, end=None):
        """Events under way at some time in [start, end] (either end open).

        An event without an end is one day long.
        """
        condition = Q()
        if end is not None:
            condition &= Q(started_on__lte=end)
        if start is not None:
            condition &= Q(ended_on__gte=start) | Q(
                ended_on__isnull=True, started_on__gte=start
            )
        return self.filter(condition)


class Event(ProvenanceModel):
    """One incident: what happened, when, where, and who took part."""

    Kind = models.TextChoices(
        "Kind", [(k.upper(), (k, label)) for k, (label, _) in KINDS.items()]
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"

    class LocationPrecision(models.TextChoices):
        # ACLED's geo-precision 1, 2 and 3.
        EXACT = "exact", "exact place"
        NEAR = "near", "near the place"
        REGION = "region", "somewhere in the region"

    uid = uid_field()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    summary = models.TextField(blank=True, help_text="The archive's own words.")
    started_on = models.DateField()
    ended_on = models.DateField(
        null=True, blank=True, help_text="Empty for an event of one day."
    )
    date_precision = models.CharField(
        max_length=8,
        choices=EVENT_DATE_PRECISIONS,
        default=DatePrecision.DAY,
        help_text="How much of the dates is known.",
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    location_precision = models.CharField(
        max_length=8,
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    updates = models.ManyToManyField(
        "items.Update", through="EventReport", related_name="events", blank=True
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["-started_on", "-id"], name="items_event_newest"),
            models.Index(fields=["place", "-started_on"], name="items_event_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def category(self) -> str:
        return KINDS[self.kind][1] if self.kind in KINDS else ""

    def clean(self):
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "An event cannot end before it starts."})


class EventReport(ProvenanceModel):
    """An update reports an event. The importer proposes these, unconfirmed."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reports")
    update = models.ForeignKey(
        "items.Update", on_delete=models.CASCADE, related_name="event_reports"
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["event", "update"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "event"],
                name="%(app_label)s_%(class)s_unique_update_event",
                violation_error_message="This update already reports the event.",
            )
        ]

    def __str__(self):
        return f"update {self.update_id} reports {self.event}"


class EventActor(OneParty, ProvenanceModel):
    """A person or organization that took part in an event, in one role."""

    noun = "An actor"

    class Role(models.TextChoices):
        CARRIED_OUT = "carried_out", "carried out"
        CLAIMED = "claimed", "claimed responsibility"
        TARGETED = "targeted", "targeted"
        RESPONDED = "responded", "responded"
        ACCUSED = "accused", "accused by another party"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actors")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_roles",
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_roles",
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            one_party("An actor"),
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="%(app_label)s_%(class)s_unique_person_role",
                violation_error_message="This person already has this role.",
            ),
            models.UniqueConstraint(
                fields=["event", "organization", "role"],
                name="%(app_label)s_%(class)s_unique_org_role",
                violation_error_message="This organization already has this role.",
            ),
        ]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"


class ReportedFigure(ProvenanceModel):
    """A number someone claimed about an event: "two people were injured,
    the governor said" is 2 injured, claimed by the governor, on that day."""

    class Quantity(models.TextChoices):
        KILLED = "killed", "killed"
        INJURED = "injured", "injured"
        MISSING = "missing", "missing"
        DETAINED = "detained", "detained"
        EVACUATED = "evacuated", "evacuated"
        ATTACKS = "attacks", "attacks"
        DRONES_LAUNCHED = "drones_launched", "drones launched"
        DRONES_SHOT_DOWN = "drones_shot_down", "drones shot down"
        MISSILES_LAUNCHED = "missiles_launched", "missiles launched"
        MISSILES_SHOT_DOWN = "missiles_shot_down", "missiles shot down"
        BUILDINGS_DAMAGED = "buildings_damaged", "buildings damaged"
        INFRASTRUCTURE_DAMAGED = "infrastructure_damaged", "infrastructure damaged"
        VEHICLES_DESTROYED = "vehicles_destroyed", "vehicles destroyed"
        OTHER = "other", "other"

    uid = uid_field()
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    quantity = models.CharField(max_length=24, choices=Quantity.choices)
    value_low = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The number, or the low end of a range; empty for words "
        'alone ("a large number").',
    )
    value_high = models.PositiveIntegerField(
        null=True, blank=True, help_text='The high end of a range ("20 to 30").'
    )
    as_written = models.CharField(
        max_length=300, help_text='The claim as the text gives it: "two people".'
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_claimed",
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_claimed",
    )
    claimed_on = models.DateField(null=True, blank=True)
    # Deleting an update keeps the claims curators recorded from it.
    update = models.ForeignKey(
        "items.Update",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        help_text="The update that reports the claim.",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["event", "quantity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_high__isnull=True)
                | Q(value_low__isnull=False, value_high__gte=F("value_low")),
                name="%(app_label)s_%(class)s_range_in_order",
                violation_error_message="A range runs from its low value up to its "
                "high value.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(organization__isnull=True),
                name="%(app_label)s_%(class)s_one_claimant",
                violation_error_message="A figure has one claimant: a person or "
                "an organization.",
            ),
        ]

    def __str__(self):
        return f"{self.get_quantity_display()}: {self.as_written}"

    @property
    def claimant(self):
        return self.person or self.organization

    def clean(self):
        super().clean()
        if self.person_id and self.organization_id:
            raise ValidationError(
                {
                    "organization": "A figure has one claimant: clear the person or "
                    "the organization."
                }
            )
        if self.value_high is not None and (
            self.value_low is None or self.value_high < self.value_low
        ):
            raise ValidationError(
                {"value_high": "A range runs from its low value up to its high value."}
            )
