from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from newsarchive.public import PublicQuerySet
from newsarchive.records import ProvenanceModel

# Each ancestor's id takes this many zero-padded digits in `Place.path`. Digits only,
# fixed width: a subtree is then a plain range of strings, ordered the same under
# every collation, so one B-tree index answers it on SQLite and PostgreSQL alike.
PATH_STEP = 10

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", "A Wikidata item id looks like Q159."
)


def path_step(pk: int) -> str:
    return str(pk).zfill(PATH_STEP)


def subtree_bounds(prefix: str) -> tuple[str, str]:
    """The half-open string range holding every path that starts with `prefix`."""
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return prefix, upper


def normalize_name(name: str) -> str:
    """The form in which names are compared: spaces collapsed, ends trimmed.

    Case is handled in SQL with LOWER(), which the functional name indexes hold;
    `name__lower` compiles to that (see newsarchive.records).
    """
    return " ".join(name.split())


class PlaceQuerySet(PublicQuerySet):
    def inside(self, place: "Place", *, include_self: bool = True) -> "PlaceQuerySet":
        """The places within `place`, at any depth: one range scan of the path index."""
        within = self._under(place.descendant_prefix)
        if include_self:
            within |= models.Q(pk=place.pk)
        return self.filter(within)

    def under_prefix(self, prefix: str) -> "PlaceQuerySet":
        """Places whose path starts with `prefix`, as an index range scan."""
        return self.filter(self._under(prefix))

    @staticmethod
    def _under(prefix: str) -> models.Q:
        low, high = subtree_bounds(prefix)
        return models.Q(path__gte=low, path__lt=high)

    def named(self, name: str, *, aliases=None) -> "PlaceQuerySet":
        """Places whose canonical name or any alias is `name`, ignoring case.

        `aliases` (a PlaceAlias queryset) narrows the aliases that count: for the
        public, the ones it may see.
        """
        # LOWER() on both sides, not Python's lower(): SQLite's LOWER() folds ASCII
        # letters only, so "Харків" is found as written there (any case on
        # PostgreSQL), where a Python-lowered "харків" would match nothing.
        return self._name_matches("lower", Lower(Value(normalize_name(name))), aliases)

    def search(self, text: str, *, aliases=None) -> "PlaceQuerySet":
        """Places whose name or any alias contains `text` (admin search)."""
        return self._name_matches("icontains", normalize_name(text), aliases)

    def _name_matches(self, lookup: str, value: str, aliases) -> "PlaceQuerySet":
        # A UNION of two index scans, not an OR (see people.models.NamedQuerySet).
        condition = {f"name__{lookup}": value}
        canonical = Place.objects.filter(**condition).order_by().values("pk")
        aliases = PlaceAlias.objects.all() if aliases is None else aliases
        aliased = aliases.filter(**condition).order_by().values("place")
        return self.filter(pk__in=canonical.union(aliased))


class Place(ProvenanceModel):
    """A location the archive's items happen in or mention, in a hierarchy.

    Belgorod is in Belgorod Oblast, which is in Russia. A place is not an
    organization that governs it (that is people.Organization).
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", "country"
        REGION = "region", "region"
        DISTRICT = "district", "district"
        CITY = "city", "city"
        TOWN = "town", "town"
        VILLAGE = "village", "village"
        AREA = "area", "area"
        OTHER = "other", "other"

    name = models.CharField(max_length=200, help_text="The name readers expect.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The place this one lies in. Empty for countries.",
    )
    # Zero-padded ids of every ancestor, root first ("" for a root). Derived from
    # `parent` by save() and services.move_place; never edited by hand.
    path = models.CharField(max_length=200, editable=False, db_index=True, default="")
    country_code = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters, e.g. RU.")],
        help_text="ISO 3166-1 alpha-2, for countries: RU, UA.",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    iso_code = models.CharField(
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", "e.g. RU-BEL.")],
        help_text="ISO 3166-2, for a first-level subdivision: RU-BEL, UA-14.",
    )
    geonames_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_id_validator]
    )

    history = HistoricalRecords(excluded_fields=["path", "version"])
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="places_place_name_lower")]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="%(app_label)s_%(class)s_unique_iso_code",
                violation_error_message="Another place has this ISO 3166-2 code.",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="A place cannot lie inside itself.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="country", parent__isnull=False),
                name="%(app_label)s_%(class)s_country_has_no_parent",
                violation_error_message="A country does not lie inside another place.",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="%(app_label)s_%(class)s_coordinates_in_range",
                violation_error_message="Latitude and longitude go together, "
                "within ±90 and ±180.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.parent.descendant_prefix if self.parent_id else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk is not None and (
            parent.pk == self.pk
            or path_step(self.pk) in _steps(parent.descendant_prefix)
        ):
            raise ValidationError(
                {"parent": f"{parent} lies inside {self}, so it cannot contain it."}
            )
        if self.kind == self.Kind.COUNTRY:
            raise ValidationError(
                {"parent": "A country does not lie inside another place."}
            )

    @property
    def descendant_prefix(self) -> str:
        """The path every place inside this one starts with."""
        return self.path + path_step(self.pk)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(step) for step in _steps(self.path)]

    def ancestors(self) -> list["Place"]:
        """This place's ancestors, nearest first, in one query."""
        if hasattr(self, "_ancestors"):
            return self._ancestors
        ids = self.ancestor_ids
        by_id = Place.objects.in_bulk(ids)
        return [by_id[pk] for pk in reversed(ids) if pk in by_id]

    def full_path(self) -> str:
        """Belgorod → Belgorod Oblast → Russia."""
        return " → ".join(str(place) for place in [self, *self.ancestors()])


def _steps(path: str) -> list[str]:
    return [path[i : i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]


class PlaceAlias(ProvenanceModel):
    """Another name a place goes by: "Belgorod region" for Belgorod Oblast."""

    class Kind(models.TextChoices):
        SHORT_FORM = "short_form", "short form"
        LOCAL_NAME = "local_name", "local name"
        TRANSLITERATION = "transliteration", "transliteration"
        FORMER_NAME = "former_name", "former name"
        DESCRIPTIVE = "descriptive", "descriptive form"
        MISSPELLING = "misspelling", "misspelling"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.SHORT_FORM
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "place aliases"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "place",
                name="%(app_label)s_%(class)s_unique_name_per_place",
                violation_error_message="This place already has that alias.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # On an admin add page the place is set but not saved yet (see Alias.clean).
        cached = self.place_id or PlaceAlias.place.is_cached(self)
        place = self.place if cached else None
        if place is None:
            return
        if place.name.lower() == self.name.strip().lower():
            raise ValidationError({"name": "This is already the canonical name."})
        if place.pk is None:
            return
        # See people.Alias.clean: the LOWER(name) constraint is checked here too.
        same = PlaceAlias.objects.filter(
            place_id=self.place_id, name__lower=self.name.strip().lower()
        ).exclude(pk=self.pk)
        if same.exists():
            raise ValidationError({"name": "This place already has that alias."})


def attach_ancestors(places: list[Place]) -> None:
    """Load the ancestors of all `places` in one query, for full_path() on each."""
    ids = {pk for place in places for pk in place.ancestor_ids}
    by_id = Place.objects.in_bulk(ids) if ids else {}
    for place in places:
        place._ancestors = [
            by_id[pk] for pk in reversed(place.ancestor_ids) if pk in by_id
        ]


class GazetteerLoad(models.Model):
    """One completed `load_gazetteer`: which sources and options, and when.

    A later run with the same fingerprint has nothing to add, so it stops at
    once instead of rebuilding 40,000 entries to find that out (`make run`
    runs it on every start).
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=300)
    places = models.PositiveIntegerField(help_text="Gazetteer places held then.")
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.description
