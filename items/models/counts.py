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
