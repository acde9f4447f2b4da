"""Moving every reference from a duplicate record onto the record that is kept.

Shared by the merges of people, organizations and places. It walks the model's
reverse relations instead of naming them, so `people` and `places` need not import
the apps that point at them (`items`).
"""

from django.core.exceptions import ValidationError
from django.db import models


def move_references(
    keep: models.Model,
    *,
    duplicate: models.Model,
    acting_user=None,
    reason: str,
    skip: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Point every row referencing `duplicate` at `keep`; return counts per relation.

    Rows are saved one by one, never with a bulk `update()`, so the history tables
    record each move with `acting_user` and `reason`. A row that would become a
    duplicate of one `keep` already has (the same person mentioned twice in one
    update) is deleted instead, and that deletion is recorded too. Relations named
    in `skip` (by accessor name) are left for the caller.
    """
    moved: dict[str, int] = {}
    for relation in duplicate._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        accessor = relation.get_accessor_name()
        if accessor in skip:
            continue
        field = relation.field
        rows = relation.related_model._default_manager.filter(**{field.name: duplicate})
        count = 0
        for row in rows.order_by("pk"):
            setattr(row, field.name, keep)
            row._history_user = acting_user
            row._change_reason = reason
            if duplicates_another_row(row):
                row.delete()
            else:
                row.save()
            count += 1
        if count:
            moved[accessor] = count
    return moved


def duplicates_another_row(row: models.Model) -> bool:
    """Whether `row` now breaks a uniqueness rule: it repeats a row that exists."""
    try:
        row.validate_unique()
    except ValidationError:
        return True
    for model, constraints in row.get_constraints():
        for constraint in constraints:
            if not isinstance(constraint, models.UniqueConstraint):
                continue
            try:
                constraint.validate(model, row)
            except ValidationError:
                return True
    return False


def record_change(instance: models.Model, *, acting_user, reason: str) -> None:
    """Mark the next save or delete of `instance` with who did it and why."""
    instance._history_user = acting_user
    instance._change_reason = reason
