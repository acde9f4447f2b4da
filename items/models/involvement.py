"""Which persons take part in which updates: one derived row per (person, update).

A person takes part in an update when it mentions them, quotes them or credits
them, and researchers filter by all three at once (`?person=`). Read from the
three link tables, that is a UNION that PostgreSQL must gather and de-duplicate
before it can sort by date: 110 ms for a frequent person's page against 11 ms for
the unfiltered list (bench/README.md, case b). One table holding each pair once,
with the update's `published_at`, answers the same page with one backward range
scan on (person, published_at, update) that stops at the page's end.

Database triggers keep it (migration 0008), so every writer (admin, importer,
merges, raw SQL) keeps it in step; Django never writes it.
"""

from django.db import models


class Involvement(models.Model):
    """A person mentioned, quoted or credited in an update (derived, read-only)."""

    pk = models.CompositePrimaryKey("person", "update")
    # DO_NOTHING: the triggers remove the row when its last mention, quote or
    # contribution goes. No reverse accessor on Person, so merges (which move every
    # reverse relation) leave the row to the triggers too. The primary key's
    # index, (person, update), already serves lookups by person.
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    update = models.ForeignKey(
        "items.Update", on_delete=models.DO_NOTHING, related_name="involvements"
    )
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["person", "-published_at", "-update"],
                name="items_involvement_timeline",
            )
        ]

    def __str__(self):
        return f"person {self.person_id} in update {self.update_id}"
