"""Noting every record as it stands, where no change to it is noted yet.

The feed and incremental dumps tell what a record became from what it was: the
last change noted before. A record written before changes were noted (an
archive that predates the feed, or generated without history) has none, so it
is noted once as it stands, with the history type "=" (no change): such a row
is never listed, and only says what the record was.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from newsarchive.public import condition

from .models import Change
from .records import KINDS, key_field, model_of

BATCH = 5000


def note_baseline() -> int:
    """Note each record with no change noted yet; return how many."""
    at, noted = timezone.now(), 0
    for kind in KINDS:
        model = model_of(kind)
        public = model._default_manager.filter(condition(model), pk=OuterRef("pk"))
        known = Change.objects.filter(kind=kind, record_id=OuterRef("pk"))
        rows = (
            model._default_manager.exclude(Exists(known))
            .annotate(shown=Exists(public))
            .order_by("pk")
            .values_list("pk", key_field(kind), "shown")
        )
        batch = []
        for pk, key, shown in rows.iterator(chunk_size=BATCH):
            batch.append(
                Change(
                    kind=kind,
                    record_id=pk,
                    key=str(key),
                    resource=kind,
                    resource_id=pk,
                    history_type="=",
                    own=True,
                    public=shown,
                    at=at,
                )
            )
            if len(batch) == BATCH:
                Change.objects.bulk_create(batch)
                noted, batch = noted + len(batch), []
        Change.objects.bulk_create(batch)
        noted += len(batch)
    return noted
