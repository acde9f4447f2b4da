"""Who takes part in which updates: one derived row per (entity, update).

A person takes part in an update when it mentions, quotes or credits them; an
organization when it mentions or quotes it, credits it for a photo, or credits it
for the update itself (a contribution: "information was provided by Reuters").
Researchers filter by all of these at once (`?person=`, `?organization=`). Read
from the link tables, that is a UNION that PostgreSQL must gather and de-duplicate
before it can sort by date: 110 ms for a frequent person's page, 540 ms for a frequent
organization's, against 12 ms for the unfiltered list (bench/README.md). One table
per kind holding each pair once, with the update's `published_at`, answers the
same page with one backward range scan on (entity, published_at, update) that
stops at the page's end.

Database triggers keep both (migrations 0008 and 0014), so every writer (admin,
importer, merges, raw SQL) keeps them in step; Django never writes them. They
also keep whether each pair is public (a confirmed link, a published update) and
how many public pairs each entity has per day, for counts and timelines (0016).
"""

from django.db import models

# The entity's foreign key: DO_NOTHING, since the triggers remove the row when its
# last link goes; no reverse accessor, so merges (which move every reverse relation
# of the merged record) leave the row to the triggers too; no index of its own, as
# the primary key (entity, update) already serves lookups by entity.
# `published_at` is the update's, copied by the triggers.


class PersonInvolvement(models.Model):
    """A person mentioned, quoted or credited as a contributor in an update."""

    pk = models.CompositePrimaryKey("person", "update")
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    update = models.ForeignKey(
        "items.Update",
        on_delete=models.DO_NOTHING,
        related_name="person_involvements",
    )
    published_at = models.DateTimeField()
    # A confirmed link joins the pair and the update is published (0016).
    is_public = models.BooleanField(default=False, db_default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["person", "-published_at", "-update"],
                name="items_person_involvement",
            ),
            models.Index(
                fields=["person", "-published_at", "-update"],
                condition=models.Q(is_public=True),
                name="items_person_public",
            ),
        ]

    def __str__(self):
        return f"person {self.person_id} in update {self.update_id}"


class OrganizationInvolvement(models.Model):
    """An organization mentioned, quoted, credited for media or contributing."""

    pk = models.CompositePrimaryKey("organization", "update")
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
    )
    update = models.ForeignKey(
        "items.Update",
        on_delete=models.DO_NOTHING,
        related_name="organization_involvements",
    )
    published_at = models.DateTimeField()
    is_public = models.BooleanField(default=False, db_default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["organization", "-published_at", "-update"],
                name="items_org_involvement",
            ),
            models.Index(
                fields=["organization", "-published_at", "-update"],
                condition=models.Q(is_public=True),
                name="items_org_public",
            ),
        ]

    def __str__(self):
        return f"organization {self.organization_id} in update {self.update_id}"
