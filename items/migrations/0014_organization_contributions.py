"""A contribution may name an organization: "Some information for this story was
provided by Reuters".

Contribution.person becomes optional beside a new optional organization, exactly
one of them set. The organization involvement table (migration 0008) now derives
from contributions too, so every involvement trigger is rendered again with
items_contribution among the organization's link tables: a pair stays while a
contribution still joins it. SQLite rebuilds items_contribution to drop its NOT
NULL, which drops that table's triggers; they are all created again here.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

involvement = importlib.import_module("items.migrations.0008_involvement")

BEFORE = involvement.KINDS
AFTER = {
    "items_personinvolvement": BEFORE["items_personinvolvement"],
    "items_organizationinvolvement": (
        "organization_id",
        (
            *BEFORE["items_organizationinvolvement"][1],
            involvement.Link("items_contribution"),
        ),
    ),
}


def render(kinds) -> dict:
    """What creates, and what drops, every involvement trigger for `kinds`."""
    return {
        ("postgresql", False): lambda: involvement.postgresql(kinds),
        ("postgresql", True): lambda: involvement.postgresql_reverse(kinds),
        ("sqlite", False): lambda: involvement.sqlite(kinds),
        ("sqlite", True): lambda: involvement.sqlite_reverse(kinds),
    }


def run(kinds, *, drop: bool):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = render(kinds).get((vendor, drop), lambda: [])()
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0013_public_quotes_in_update_search"),
        ("people", "0005_importer_provenance"),
    ]

    operations = [
        # First the triggers go: SQLite's rebuild of items_contribution fails while
        # other tables' triggers name it.
        migrations.RunPython(
            run(BEFORE, drop=True), run(BEFORE, drop=False), elidable=False
        ),
        migrations.AddField(
            model_name="contribution",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contributions",
                to="people.organization",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontribution",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="people.organization",
            ),
        ),
        migrations.AlterField(
            model_name="contribution",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contributions",
                to="people.person",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.UniqueConstraint(
                fields=("update", "organization", "role"),
                name="items_contribution_unique_org_role",
                violation_error_message="This organization already has this role "
                "on the update.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organization__isnull", True), ("person__isnull", False)),
                    models.Q(("organization__isnull", False), ("person__isnull", True)),
                    _connector="OR",
                ),
                name="items_contribution_one_party",
                violation_error_message="A contribution names exactly one party: "
                "a person or an organization.",
            ),
        ),
        migrations.RunPython(run(AFTER, drop=False), run(AFTER, drop=True)),
    ]
