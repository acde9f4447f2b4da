"""Abstract bases that every curated record of the archive shares."""

import uuid

from django.db import models
from django.db.models.functions import Lower


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """A record that curators edit, guarded by optimistic locking.

    Every save of an existing row bumps `version`; an edit form carries the version it
    was opened at and is refused when the row has moved on (see
    `newsarchive.versioning.VersionedModelForm`), so two curators cannot silently
    overwrite each other.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self.version += 1
            # A stored record is only ever updated: a save that finds its row gone
            # (merged or deleted meanwhile) fails instead of inserting it again.
            if not kwargs.get("force_insert"):
                kwargs["force_update"] = True
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)


def is_curator(user) -> bool:
    """Curators (staff) see drafts and updates in review; everyone else does not."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


class Method(models.TextChoices):
    CURATOR = "curator", "curator"
    IMPORTER = "importer", "importer"


class ProvenanceModel(VersionedModel):
    """A link or fact that records how it came to be.

    Importer proposals start unconfirmed; a curator's confirmation flips
    `is_confirmed`, so reviewers can find what nobody has checked yet.
    """

    method = models.CharField(
        max_length=16, choices=Method.choices, default=Method.CURATOR
    )
    is_confirmed = models.BooleanField(
        default=True,
        help_text="Unticked for importer proposals that no curator has checked yet.",
    )

    class Meta:
        abstract = True


class DatePrecision(models.TextChoices):
    """How much of a stored date or time is known."""

    YEAR = "year", "year"
    MONTH = "month", "month"
    DAY = "day", "day"
    MINUTE = "minute", "minute"


# `name__lower="..."` compiles to LOWER(name) = '...', the expression the functional
# name indexes are built on, on SQLite and PostgreSQL alike.
models.CharField.register_lookup(Lower)


def uid_field():
    """A record's identity across archives: dumps match items by it, not by id.

    Ids are this database's; a dump loaded into another archive must recognize
    the update it already holds (entities are matched by slug instead).
    """
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
