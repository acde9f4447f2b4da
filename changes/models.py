from django.db import models

from .records import KINDS, RESOURCES, kind_of

# The history type of a record noted as it stood (changes.baseline): no change.
BASELINE = "="


class ChangeQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("txid", "id")

    def touched(self, model, since):
        """The ids of `model`'s rows changed at or after `since`: a record by
        any change to it or its parts, a part listed on its own (a quote, a
        media item) by its own."""
        kind = kind_of(model)
        changes = self.filter(at__gte=since).exclude(history_type=BASELINE)
        if kind is not None:
            return changes.filter(kind=kind).values("record_id")
        resource = RESOURCES[model._meta.label_lower][0]
        return changes.filter(resource=resource).values("resource_id")


class Change(models.Model):
    """A change to a record, noted from the history row that recorded it.

    The change feed (/api/v1/changes/), `updated_after` and incremental dumps
    read these. One is noted per history row: the row's record (`kind`,
    `record_id`), its name then (`key`), whether the record was public right
    after (`public`), and the API list the change shows in (`resource`).

    Order: on PostgreSQL, by the writing transaction's id (`txid`), then `id`,
    read only below the oldest transaction still running, so that a reader who
    resumes from a position never misses a change committed later with a
    smaller id. SQLite writes one transaction at a time: `txid` is 0 there, and
    ids are in commit order.
    """

    Kind = models.TextChoices("Kind", [(k, k) for k in KINDS])

    # PostgreSQL's default is the writing transaction's id, set by migration
    # 0001 (RunSQL): a field change here that rewrites the default must keep it.
    txid = models.BigIntegerField(db_default=0, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record_id = models.BigIntegerField()
    key = models.CharField(max_length=200, help_text="The record's slug or uid.")
    previous_key = models.CharField(
        max_length=200, blank=True, help_text="The slug before a rename."
    )
    resource = models.CharField(max_length=20)
    resource_id = models.BigIntegerField()
    # The history row's type: + created, ~ changed, - deleted.
    history_type = models.CharField(max_length=1)
    own = models.BooleanField(help_text="The record's own row, not one of its parts.")
    public = models.BooleanField(help_text="Public right after this change.")
    merged_into = models.CharField(
        max_length=200, blank=True, help_text="Merged: the slug of the record kept."
    )
    at = models.DateTimeField()

    objects = ChangeQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["txid", "id"], name="change_order"),
            models.Index(
                fields=["kind", "record_id", "txid", "id"], name="change_record"
            ),
            models.Index(fields=["kind", "at"], name="change_kind_at"),
            models.Index(fields=["resource", "at"], name="change_resource_at"),
            models.Index(fields=["at"], name="change_at"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} {self.history_type} at {self.at:%Y-%m-%d %H:%M}"
