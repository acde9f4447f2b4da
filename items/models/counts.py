"""Counts kept ahead of the question, by database triggers (Django never writes them).

A public count or timeline over a million updates should not read the updates.
These tables hold the answers to the common questions as the archive changes:
how many public updates involve a person or an organization per day (migration
0016), and how many hold each word (0017, PostgreSQL). items.api.aggregates
reads them when a request asks exactly that, and the general queries otherwise;
tests/test_api_aggregates.py holds the two paths to the same answers.
"""

from django.db import models


class PersonDayCount(models.Model):
    """How many updates publicly involve a person on a day (UTC)."""

    pk = models.CompositePrimaryKey("person", "day")
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    day = models.DateField()
    updates = models.PositiveIntegerField()

    def __str__(self):
        return f"person {self.person_id} on {self.day}: {self.updates}"


class OrganizationDayCount(models.Model):
    """How many updates publicly involve an organization on a day (UTC)."""

    pk = models.CompositePrimaryKey("organization", "day")
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
    )
    day = models.DateField()
    updates = models.PositiveIntegerField()

    def __str__(self):
        return f"organization {self.organization_id} on {self.day}: {self.updates}"


class UpdateWordCount(models.Model):
    """How many published updates hold a word (a PostgreSQL lexeme: "drone" for
    drones). Empty on SQLite, whose FTS5 search counts its own way."""

    lexeme = models.TextField(primary_key=True)
    updates = models.IntegerField()  # no CHECK: see migration 0017

    def __str__(self):
        return f"{self.lexeme}: {self.updates}"


class FacetCount(models.Model):
    """How many public updates reach a place's subtree and carry a facet value.

    `scope` is the place (0: the whole archive); `kind` a facet (person,
    organization, place, story, channel) and `value` its id or channel. Kept by
    items.kept_facets from the snapshots in UpdateFacets (migration 0019).
    """

    pk = models.CompositePrimaryKey("scope", "kind", "value")
    scope = models.BigIntegerField()
    kind = models.CharField(max_length=12)
    value = models.CharField(max_length=64)
    updates = models.IntegerField()  # may rest at 0, which the reader skips

    class Meta:
        indexes = [
            models.Index(
                fields=["scope", "kind", "-updates"], name="items_facetcount_top"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.value} in {self.scope}: {self.updates}"


class UpdateFacets(models.Model):
    """What one public update added to FacetCount when last counted: the places
    it reaches and its facet values, as JSON. No foreign key: a deleted
    update's snapshot must outlive it until it is taken out of the counts."""

    update_id = models.BigIntegerField(primary_key=True)
    reach = models.TextField()
    facets = models.TextField()

    def __str__(self):
        return f"facets of update {self.update_id}"


class FacetRecount(models.Model):
    """An update whose facets may have changed since they were counted, noted
    by a trigger; items.kept_facets.recount() takes it off the queue."""

    update_id = models.BigIntegerField()

    def __str__(self):
        return f"recount update {self.update_id}"
