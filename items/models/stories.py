from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from items.search import matching_condition
from newsarchive.public import PublicQuerySet
from newsarchive.records import DatePrecision, VersionedModel, uid_field
from people.models import Organization, Person
from places.models import Place

from .mentions import OrganizationMention, PersonMention, PlaceMention

# A search term matching more entities than this is too vague to follow them all.
NAME_MATCH_LIMIT = 100


class Story(VersionedModel):
    """A page that carries updates: a live blog, or a single article."""

    class Kind(models.TextChoices):
        LIVE_BLOG = "live_blog", "live blog"
        ARTICLE = "article", "article"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.LIVE_BLOG)
    publisher = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
    )
    url = models.URLField(max_length=500, blank=True)
    language = models.CharField(
        max_length=12, default="en", help_text="BCP 47 tag: en, uk, ru."
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["title"]

    def __str__(self):
        return self.title


class UpdateItemQuerySet(PublicQuerySet):
    """Records that belong to one update (quotes, media, contributions, ...)."""


class UpdateQuerySet(PublicQuerySet):
    def published(self):
        return self.filter(status=Update.Status.PUBLISHED)

    def mentioning_name(self, term: str):
        """Updates mentioning a person, organization or place with `term` in any name.

        "Strelkov" finds the updates that mention Igor Girkin, as the admin's
        autocomplete does; a number also matches the update with that id. Names
        are resolved first, one query per kind scanning the entities (not the
        updates), at most `NAME_MATCH_LIMIT` of each kind. Then the common case, one
        kind of match, filters updates with a single IN, which PostgreSQL runs as a
        semi-join that walks the newest updates and stops at the page's end; an OR
        of three subqueries would make it gather every mention of the entity.
        """
        condition = models.Q(pk=int(term)) if term.isdigit() else models.Q()
        for mention, field, model in (
            (PersonMention, "person", Person),
            (OrganizationMention, "organization", Organization),
            (PlaceMention, "place", Place),
        ):
            matches = model.objects.search(term).order_by("pk")
            ids = list(matches.values_list("pk", flat=True)[:NAME_MATCH_LIMIT])
            if ids:
                updates = mention.objects.filter(**{f"{field}__in": ids})
                condition |= models.Q(pk__in=updates.values("update"))
        return self.filter(condition or models.Q(pk__in=[]))

    def matching(self, text: str):
        """Updates whose headline, summary, body or quotes match `text` (full text).

        Raises items.search.QueryTooLong for a query of too many words.
        """
        return self.filter(matching_condition(text, self.model, using=self.db))

    def in_place(self, place, *, include_inside: bool = True):
        """Updates that mention `place`, or (by default) any place inside it."""
        places = Place.objects.inside(place) if include_inside else [place]
        return self.filter(
            pk__in=PlaceMention.objects.filter(place__in=places).values("update")
        )


class Update(VersionedModel):
    """One dated item of a story: what happened, in the archive's words.

    `body` is the current, corrected text; `original_text` is the text as received
    and is never edited after the update is created (Corrections change `body`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        IN_REVIEW = "in_review", "in review"
        PUBLISHED = "published", "published"

    uid = uid_field()
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="updates")
    published_at = models.DateTimeField()
    date_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.MINUTE,
        help_text="How much of published_at is known; 'day' when inferred from text.",
    )
    date_reason = models.TextField(
        blank=True,
        help_text='How the date was inferred, e.g. "third day on Wednesday".',
    )
    headline = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="The archive's own words.")
    body = models.TextField(blank=True, help_text="Current, corrected text.")
    original_text = models.TextField(
        blank=True, help_text="The text as received. Never edited after creation."
    )
    topic = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=12, default="en")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    url = models.URLField(max_length=500, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="items_update_newest"),
            models.Index(
                fields=["story", "-published_at", "-id"], name="items_update_story"
            ),
            models.Index(
                fields=["status", "-published_at", "-id"], name="items_update_status"
            ),
            # The story of each public update, for the story facet, from the
            # index alone (PostgreSQL; SQLite has no INCLUDE).
            models.Index(
                fields=["status", "id"],
                include=["story"],
                name="items_update_status_story",
            ),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        stored = (
            Update.objects.filter(pk=self.pk)
            .values_list("original_text", flat=True)
            .first()
        )
        if stored is not None and stored != self.original_text:
            raise ValidationError(
                {
                    "original_text": "The original text is kept as received; "
                    "change the body or add a correction instead."
                }
            )
