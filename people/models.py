from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import DatePrecision, ProvenanceModel, uid_field
from places.models import normalize_name, wikidata_id_validator


class NamedQuerySet(PublicQuerySet):
    """Lookups shared by persons and organizations, which both carry aliases."""

    def named(self, name: str, *, aliases=None):
        """Records whose canonical name or any alias is `name`, ignoring case.

        `aliases` (an Alias queryset) narrows the aliases that count: for the
        public, the ones it may see.
        """
        return self._name_matches("lower", normalize_name(name).lower(), aliases)

    def search(self, text: str, *, aliases=None):
        """Records whose canonical name or any alias contains `text` (admin search)."""
        return self._name_matches("icontains", normalize_name(text), aliases)

    def _name_matches(self, lookup: str, value: str, aliases):
        # One query: a UNION of a lookup on the records and one on their aliases,
        # each answered by its own index (LOWER(name); trigrams on PostgreSQL). An
        # OR of the two would make PostgreSQL scan the table instead.
        owner = self.model._meta.model_name  # "person" or "organization"
        canonical = self.model._default_manager.filter(**{f"name__{lookup}": value})
        aliases = Alias.objects.all() if aliases is None else aliases
        aliased = aliases.filter(
            **{f"name__{lookup}": value, f"{owner}__isnull": False}
        )
        return self.filter(
            pk__in=canonical.order_by()
            .values("pk")
            .union(aliased.order_by().values(owner))
        )


class Person(ProvenanceModel):
    """A human being named in the archive, under one canonical name.

    Other spellings and pseudonyms are Aliases; roles are Affiliations.
    """

    name = models.CharField(
        max_length=200, help_text='Canonical name, e.g. "Dmitry S. Peskov".'
    )
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_id_validator]
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="people_person_name_lower")]

    def __str__(self):
        return self.name

    def names(self) -> list[str]:
        """Every name this person goes by, canonical first: one indexed query."""
        return [self.name, *self.aliases.values_list("name", flat=True)]

    def roles_on(self, day) -> list[str]:
        """Roles held on `day`, from (prefetched) affiliations: "spokesman, Kremlin"."""
        return [a.role_label for a in self.affiliations.all() if a.held_on(day)]


class Organization(ProvenanceModel):
    """A government body, armed group, agency, company or other organized party."""

    class Kind(models.TextChoices):
        GOVERNMENT_BODY = "government_body", "government body"
        MILITARY = "military", "military"
        ARMED_GROUP = "armed_group", "armed group"
        THINK_TANK = "think_tank", "think tank"
        CIVIL_SOCIETY = "civil_society_group", "civil society group"
        NEWS_AGENCY = "news_agency", "news agency"
        MEDIA_DISTRIBUTOR = "media_distributor", "media distributor"
        NEWS_PUBLISHER = "news_publisher", "news publisher"
        COMPANY = "company", "company"
        OTHER = "other", "other"

    name = models.CharField(
        max_length=200,
        help_text='Canonical name, e.g. "Security Council of Russia".',
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="The country whose body this is, if any.",
    )
    based_in = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="based_organizations",
        help_text="Where its seat is: Washington for a think tank there.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_id_validator]
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="people_org_name_lower")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": "An organization cannot be part of itself."}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def names(self) -> list[str]:
        return [self.name, *self.aliases.values_list("name", flat=True)]


class Alias(ProvenanceModel):
    """Another name a person or organization is written under.

    "Igor Strelkov" for Igor Girkin; "Russian Defense Ministry" for the Ministry of
    Defence of the Russian Federation. Exactly one of person and organization is set.
    """

    class Kind(models.TextChoices):
        SHORT_FORM = "short_form", "short form"
        PSEUDONYM = "pseudonym", "pseudonym"
        TRANSLITERATION = "transliteration", "transliteration"
        FORMER_NAME = "former_name", "former name"
        ABBREVIATION = "abbreviation", "abbreviation"
        MISSPELLING = "misspelling", "misspelling"
        OTHER_FORM = "other_form", "other form"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aliases",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.SHORT_FORM
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, organization__isnull=True)
                | models.Q(person__isnull=True, organization__isnull=False),
                name="%(app_label)s_%(class)s_one_owner",
                violation_error_message="An alias belongs to exactly one person "
                "or one organization.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "person",
                name="%(app_label)s_%(class)s_unique_name_per_person",
                violation_error_message="This person already has that alias.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "organization",
                name="%(app_label)s_%(class)s_unique_name_per_org",
                violation_error_message="This organization already has that alias.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def owner(self):
        return self.person or self.organization

    def clean(self):
        super().clean()
        # The owner objects, not their ids: on an admin add page the alias row is
        # checked while its person is still unsaved (set, but with no id yet).
        if self.person is not None and self.organization is not None:
            raise ValidationError(
                {
                    "organization": "An alias belongs to one owner: clear the person "
                    "or the organization."
                }
            )
        owner = self.owner
        if owner is None:
            raise ValidationError({"person": "Choose the person or organization."})
        if owner.name.lower() == self.name.strip().lower():
            raise ValidationError({"name": "This is already the canonical name."})
        if owner.pk is None:
            return
        # The unique constraint is on LOWER(name); an admin inline leaves the owner
        # out of the form's constraint checks, so the rule is checked here as well.
        same = Alias.objects.filter(
            name__lower=self.name.strip().lower(),
            **{owner._meta.model_name: owner},
        ).exclude(pk=self.pk)
        if same.exists():
            raise ValidationError({"name": f"{owner} already has that alias."})


class AffiliationQuerySet(PublicQuerySet):
    def active_on(self, day):
        """Affiliations held on `day`; an open start or end counts as held."""
        return self.filter(
            models.Q(started_on__isnull=True) | models.Q(started_on__lte=day),
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day),
        )


class Affiliation(ProvenanceModel):
    """A role a person held for a time: Kremlin spokesman, governor of Belgorod Oblast.

    A role with a jurisdiction instead of an organization (a governor) names the
    place. Open dates mean "not known to have started/ended".
    """

    uid = uid_field()
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations"
    )
    title = models.CharField(max_length=200, help_text='e.g. "spokesman", "governor".')
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
    )
    jurisdiction = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
        help_text="For offices over a territory: Belgorod Oblast for its governor.",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the start and end dates is known.",
    )
    # Lazy reference: people/ never imports items/.
    source = models.ForeignKey(
        "items.Update",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stated_affiliations",
        help_text="The update that states this role.",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["person", "started_on", "id"]
        indexes = [
            models.Index(fields=["organization", "title"]),
            models.Index(fields=["jurisdiction", "title"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="An affiliation cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.role_label}"

    @property
    def role_label(self) -> str:
        """ "spokesman, Kremlin"; "governor, Belgorod Oblast"; "military blogger"."""
        where = self.organization or self.jurisdiction
        return self.title + (f", {where}" if where else "")

    def held_on(self, day) -> bool:
        """Whether the role was held on `day`; open dates count as held."""
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": "An affiliation cannot end before it starts."}
            )
