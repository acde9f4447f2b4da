"""The archive's rules for one record of a dump, read from its models.

The JSON Schemas say what a line looks like; the database has rules of its own
that a well-formed line can still break: a column's length, NOT NULL, a choice,
a numeric range, a check constraint, a uniqueness, a NUL character (PostgreSQL
keeps none in text). A record that breaks one would fail in the write, after
everything before it. So each rule is read from the model's fields and
constraints (through the record's Shape) and checked before anything is written.

Check constraints are evaluated here in Python, in SQL's three-valued logic: a
record is refused only when the condition is false, never when it cannot be
told (a lookup this module does not know, a value the record does not carry).
"""

import decimal
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import F, Q
from django.db.models.functions import Lower

from . import shapes


@dataclass(frozen=True)
class Kind:
    """A record (or a part inside one): its shape and the parts it carries."""

    shape: shapes.Shape
    parts: dict[str, "Kind"] = field(default_factory=dict)
    # The record key that identifies it, when it has one (slug, uid).
    key: str | None = None


RECORDS = {
    "place": Kind(shapes.PLACE, {"aliases": Kind(shapes.PLACE_ALIAS)}, "slug"),
    "organization": Kind(
        shapes.ORGANIZATION, {"aliases": Kind(shapes.ORGANIZATION_ALIAS)}, "slug"
    ),
    "person": Kind(shapes.PERSON, {"aliases": Kind(shapes.PERSON_ALIAS)}, "slug"),
    "story": Kind(shapes.STORY, key="slug"),
    "update": Kind(
        shapes.UPDATE,
        {
            name: Kind(
                shape, {"credits": Kind(shapes.CREDIT)} if name == "media" else {}
            )
            for name, shape in shapes.UPDATE_PARTS.items()
        },
        "uid",
    ),
    "affiliation": Kind(shapes.AFFILIATION, key="uid"),
    "event": Kind(
        shapes.EVENT,
        {name: Kind(shape) for name, shape in shapes.EVENT_PARTS.items()},
        "slug",
    ),
}

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


@dataclass
class Unique:
    """A value that must be unique in its table, where the record gives it."""

    model: type[models.Model]
    field: str
    value: object
    path: str  # "quotes/2/uid", for messages
    holder: str  # the lookup to the key of the record line that holds it


def record_problems(kind: str, record: dict) -> tuple[list[str], list[Unique]]:
    """What in `record` the archive would refuse, and its table-wide unique values.

    Each problem starts with where it is in the record ("person name: ...").
    """
    problems: list[str] = []
    unique: list[Unique] = []
    _check(RECORDS[kind], record, kind, "", problems, unique)
    return problems, unique


def _check(kind, record, name, path, problems, unique, holder=None) -> None:
    """Check `record` of `kind` (inside record type `name`, at `path`).

    `holder` is the lookup from this kind's model to the record line's key
    ("update__uid" for a quote), to find who holds a unique value in the archive.
    """
    shape = kind.shape
    holder = holder or kind.key
    meta = shape.model._meta
    values = {}
    failed = False
    for field_name in shape.fields:
        model_field = meta.get_field(field_name)
        where = f"{path}{field_name}"
        value = record.get(field_name, model_field.get_default())
        try:
            values[field_name] = field_value(model_field, value)
        except ValidationError as error:
            problems.append(f"{name} {where}: {' '.join(error.messages)}")
            failed = True
            continue
        if model_field.unique and field_name != kind.key and value is not None:
            unique.append(
                Unique(shape.model, field_name, values[field_name], where, holder)
            )
    for key, lookup in shape.refs.items():
        values[lookup.split("__")[0]] = record.get(key)
    if kind.key:
        values["pk"] = record.get(kind.key)
    if not failed:
        for constraint in meta.constraints:
            broken = _broken(constraint, values)
            if broken:
                where = f" {path.rstrip('/')}" if path else ""
                problems.append(f"{name}{where}: {broken}")
            elif _single_field(constraint) and _applies(constraint, values):
                column = constraint.fields[0]
                if values.get(column) is not None:
                    unique.append(
                        Unique(
                            shape.model, column, values[column], path + column, holder
                        )
                    )
    for part_name, part in kind.parts.items():
        items = record.get(part_name) or []
        keys_seen: dict[tuple, int] = {}
        for index, item in enumerate(items):
            item_path = f"{path}{part_name}/{index}/"
            link = part.shape.group.removesuffix("_id")
            _check(part, item, name, item_path, problems, unique, f"{link}__{holder}")
            for number, key in _unique_keys(part.shape, item):
                first = keys_seen.setdefault((number, key), index)
                if first != index:
                    constraint = part.shape.model._meta.constraints[number]
                    problems.append(
                        f"{name} {item_path.rstrip('/')}: "
                        f"{constraint.violation_error_message} "
                        f"(as {part_name}/{first})"
                    )


def field_value(model_field, value):
    """`value` as the model holds it; ValidationError if the database would not."""
    if value is None:
        if not model_field.null:
            raise ValidationError("This field cannot be null.")
        return None
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(
            "holds a NUL character (\\u0000), which the database cannot store."
        )
    if isinstance(model_field, models.DecimalField) and isinstance(value, float):
        # JSON gives a float; the database rounds it to its decimal places, so a
        # float's binary tail is no reason to refuse it.
        value = decimal.Decimal(repr(value)).quantize(
            decimal.Decimal(1).scaleb(-model_field.decimal_places)
        )
    value = model_field.to_python(value)
    if model_field.choices and value not in model_field.empty_values:
        allowed = [str(choice) for choice, _ in model_field.flatchoices]
        if str(value) not in allowed:
            raise ValidationError(f"{value!r} is not one of {', '.join(allowed)}.")
    # The column's range, the same on every database: SQLite would take any
    # integer, and a dump checked there must load into PostgreSQL too.
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        model_field.get_internal_type(), (None, None)
    )
    if low is not None and not low <= value <= high:
        raise ValidationError(
            f"{value} is outside the column's range, {low} to {high}."
        )
    # max_length, digits, and the field's own validators.
    model_field.run_validators(value)
    return value


def _broken(constraint, values: dict) -> str | None:
    """The message of a check constraint that `values` break, else None."""
    if not isinstance(constraint, models.CheckConstraint):
        return None
    if holds(constraint.condition, values) is not False:
        return None
    return constraint.get_violation_error_message()


def holds(condition: Q, values: dict) -> bool | None:
    """Whether `values` meet `condition`: True, False, or None when unknown."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(holds(child, values))
        else:
            results.append(_lookup_holds(*child, values))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated and result is not None:
        result = not result
    return result


def _lookup_holds(lookup: str, wanted, values: dict) -> bool | None:
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if name not in values:
        return None
    value = values[name]
    if kind == "isnull":
        return (value is None) == wanted
    if isinstance(wanted, F):
        if wanted.name not in values:
            return None
        wanted = values[wanted.name]
    if kind not in COMPARISONS or value is None or wanted is None:
        return None  # SQL's NULL: neither true nor false
    try:
        return COMPARISONS[kind](value, wanted)
    except TypeError:
        return None


def evaluable(condition: Q) -> bool:
    """Whether `holds` knows every lookup in `condition` (a test keeps them so)."""
    for child in condition.children:
        if isinstance(child, Q):
            if not evaluable(child):
                return False
            continue
        lookup, wanted = child
        kind = lookup.partition("__")[2] or "exact"
        if "__" in kind or kind not in (*COMPARISONS, "isnull"):
            return False
        if not isinstance(wanted, F | str | int | float | bool | decimal.Decimal):
            return False
    return True


def _single_field(constraint) -> bool:
    return isinstance(constraint, models.UniqueConstraint) and (
        len(constraint.fields) == 1 and not constraint.expressions
    )


def _applies(constraint, values: dict) -> bool:
    return constraint.condition is None or holds(constraint.condition, values) is True


def _unique_keys(shape, item: dict) -> Iterator[tuple[int, tuple]]:
    """(constraint index, key) of each unique constraint on a part's siblings.

    A part's constraints are within its owner (one update's mentions, one
    person's aliases): the owner's link is the same for all siblings and is
    left out. Another link the item does not set is NULL, which SQL never counts
    as a duplicate.
    """
    owner = shape.group.removesuffix("_id") if shape.group else None
    refs = {lookup.split("__")[0]: key for key, lookup in shape.refs.items()}
    for number, constraint in enumerate(shape.model._meta.constraints):
        if not isinstance(constraint, models.UniqueConstraint) or _single_field(
            constraint
        ):
            continue
        key = []
        for part in (*constraint.fields, *constraint.expressions):
            if (part.name if isinstance(part, F) else part) == owner:
                continue
            value = _unique_value(part, item, refs)
            if value is None:
                break
            key.append(value)
        else:
            if key:
                yield number, tuple(key)


def _unique_value(part, item: dict, refs: dict):
    if isinstance(part, str):
        return item.get(refs.get(part, part))
    if isinstance(part, F):
        return item.get(refs.get(part.name, part.name))
    if isinstance(part, Lower) and isinstance(part.source_expressions[0], F):
        value = item.get(part.source_expressions[0].name)
        return value.lower() if isinstance(value, str) else None
    return None
