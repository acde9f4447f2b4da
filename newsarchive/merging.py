"""Moving every reference from a duplicate record onto the record that is kept.

Shared by the merges of people, organizations and places. It walks the model's
reverse relations instead of naming them, so `people` and `places` need not import
the apps that point at them (`items`).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

# The reason a merge writes in the history of every row it touches; the deleted
# duplicate's last history row is how a late edit of it finds where it went.
MERGE_REASON = "merged {duplicate} (#{duplicate_pk}) into {keep} (#{keep_pk})"
_MERGED_INTO = re.compile(r"^merged .* \(#\d+\) into .* \(#(?P<keep>\d+)\)$")


def merge_reason(keep: models.Model, *, duplicate: models.Model) -> str:
    # History keeps at most 100 characters of a reason: long names are shortened,
    # the ids that matter are kept whole.
    return MERGE_REASON.format(
        duplicate=_short(duplicate),
        duplicate_pk=duplicate.pk,
        keep=_short(keep),
        keep_pk=keep.pk,
    )


def _short(record: models.Model, limit: int = 30) -> str:
    name = str(record)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def merged_into_pk(reason: str | None) -> int | None:
    """The id of the record kept, from a merged duplicate's deletion reason."""
    found = _MERGED_INTO.match(reason or "")
    return int(found["keep"]) if found else None


def merged_into(model: type[models.Model], pk) -> models.Model | None:
    """The record a merged-away `pk` now lives on in, after any later merges.

    None when `pk` was never merged (deleted, or never there).
    """
    target = pk
    for _ in range(32):  # a chain of merges; the bound only guards a cycle
        deletion = (
            model.history.filter(**{model._meta.pk.attname: target}, history_type="-")
            .order_by("-history_date")
            .only("history_change_reason")
            .first()
        )
        keep = deletion and merged_into_pk(deletion.history_change_reason)
        if not keep:
            return None
        target = keep
        kept = model._default_manager.filter(pk=target).first()
        if kept is not None:
            return kept
    return None


def merged_slug(model: type[models.Model], slug: str) -> str | None:
    """The slug of the record that the merged-away record `slug` lives on in.

    None when no record by that slug was ever merged. Read from the history of
    the duplicate's deletion, so a merge made before links were kept resolves too.
    """
    gone = (
        model.history.filter(slug=slug, history_type="-")
        .order_by("-history_date")
        .values_list(model._meta.pk.attname, flat=True)
        .first()
    )
    kept = None if gone is None else merged_into(model, gone)
    return None if kept is None else kept.slug


def lock_updates_referring_to(record: models.Model) -> None:
    """Lock, in id order, every update with a part that refers to `record`.

    Every writer of an update and its parts locks the update first (the admin's
    version check, items.services.lock_update). A merge rewrites parts of many
    updates (mentions, quotes, credits), so it takes their updates' locks first
    too, before the records it merges: two writers never wait on each other in
    opposite orders.
    """
    ids, update_model = set(), None
    for relation in record._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        found = _update_path(relation.related_model)
        if found is None:
            continue
        path, update_model = found
        rows = relation.related_model._default_manager.filter(
            **{relation.field.name: record}
        )
        ids.update(rows.values_list(path, flat=True))
    ids.discard(None)
    if ids:
        locked = update_model._default_manager.select_for_update().filter(pk__in=ids)
        list(locked.order_by("pk").values_list("pk", flat=True))


def _update_path(model) -> tuple[str, type[models.Model]] | None:
    """How rows of `model` reach their update ("update", "media__update")."""
    for field in model._meta.fields:
        if field.is_relation and field.name == "update":
            return "update", field.related_model
    for field in model._meta.fields:
        if not field.is_relation or field.related_model is None:
            continue
        inner = next(
            (f for f in field.related_model._meta.fields if f.name == "update"), None
        )
        if inner is not None and inner.is_relation:
            return f"{field.name}__update", inner.related_model
    return None


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
