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
importer, merges, raw SQL) keeps them in step; Django never writes them.
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

    class Meta:
        indexes = [
            models.Index(
                fields=["person", "-published_at", "-update"],
                name="items_person_involvement",
            )
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

    class Meta:
        indexes = [
            models.Index(
                fields=["organization", "-published_at", "-update"],
                name="items_org_involvement",
            )
        ]

    def __str__(self):
        return f"organization {self.organization_id} in update {self.update_id}"


def publicly_involved(entity: str, update, record) -> models.Q:
    """Whether a public link (newsarchive.public) ties `record` to `update`.

    `entity` is "person" or "organization"; `update` and `record` are values or
    OuterRefs, and both must already be public (the caller's filters see to it):
    then a link is public when it is confirmed. An involvement row stands for any
    link, confirmed or not (a curator's `?person=` finds drafts by their
    proposals); for the public, the row counts only with a confirmed link behind
    it. Mentions come first, the usual link: the first EXISTS that holds ends
    the test, each one an index probe by update, so the seek keeps its pace.
    """
    from .credits import Contribution, Credit
    from .mentions import OrganizationMention, PersonMention
    from .quotes import Quote

    links = {
        "person": [
            (PersonMention, "update"),
            (Quote, "update"),
            (Contribution, "update"),
        ],
        "organization": [
            (OrganizationMention, "update"),
            (Quote, "update"),
            (Credit, "media__update"),
            (Contribution, "update"),
        ],
    }[entity]
    condition = models.Q()
    for model, path in links:
        found = model.objects.filter(
            **{path: update, entity: record, "is_confirmed": True}
        )
        condition |= models.Q(models.Exists(found))
    return condition
