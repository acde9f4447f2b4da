"""The archive, or a slice of it, as Parquet files: one flat table per file.

For data users who load tables directly (DuckDB, pandas, Spark, R's arrow):
`manage.py export --format parquet -o DIR` writes DIR/updates.parquet,
mentions, quotes, statements (reported speech), media, credits, contributions,
persons, organizations, places (with the slugs of their ancestors), affiliations,
events and figures. Rows name each other as dumps do, by slug or uid, so they
join on those columns. The same selection as the JSON Lines dump (dumps.selection,
public or not), read in one snapshot, a batch at a time: memory stays flat.

Written with pyarrow, the Apache Arrow project's own Parquet implementation:
typed columns (timestamps in UTC, dates, integers, booleans), zstd compression,
row groups written as they fill.
"""

import datetime
import decimal
import uuid
from dataclasses import dataclass
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import CharField, F, Value

from changes.feed import horizon
from items.models import (
    Contribution,
    Credit,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    ReportedFigure,
)
from places.models import Place

from .selection import Selection
from .shapes import reference
from .writer import batches, snapshot

BATCH = 10_000
TEXT, ID, NUMBER = pa.string(), pa.int64(), pa.float64()
TIME, DAY, FLAG = pa.timestamp("us", tz="UTC"), pa.date32(), pa.bool_()
PROVENANCE = (("method", "method", TEXT), ("is_confirmed", "is_confirmed", FLAG))


@dataclass(frozen=True)
class Table:
    name: str
    rows: object  # (selection) -> [queryset, ...], each with the columns' lookups
    columns: tuple  # (column, lookup or "@ref:lookup", arrow type)
    order: tuple = ("id",)


def _ref(lookup: str) -> str:
    """A column read through a reference: null for the public when hidden."""
    return f"@ref:{lookup}"


def _parts(selection: Selection, model, path: str = "update"):
    """`model`'s rows inside the selection's updates (all of them, at once, for
    the whole archive)."""
    rows = selection.parts(model)
    if selection.whole and not selection.updates.query.where:
        return rows
    return rows.filter(**{f"{path}__in": selection.updates.order_by().values("id")})


def _mentions(selection):
    return [
        _parts(selection, model).annotate(
            kind=Value(kind, output_field=CharField()), entity=F(f"{kind}__slug")
        )
        for model, kind in (
            (PersonMention, "person"),
            (OrganizationMention, "organization"),
            (PlaceMention, "place"),
        )
    ]


QUOTE_COLUMNS = (
    ("uid", "uid", TEXT),
    ("update", "update__uid", TEXT),
    ("published_at", "update__published_at", TIME),
    ("text", "text", TEXT),
    ("person", _ref("person__slug"), TEXT),
    ("organization", _ref("organization__slug"), TEXT),
    ("speaker_description", "speaker_description", TEXT),
    ("channel", "channel", TEXT),
    ("said_on", "said_on", DAY),
    ("event", _ref("event__slug"), TEXT),
    ("position", "position", ID),
    *PROVENANCE,
)

TABLES = (
    Table(
        "updates",
        lambda s: [s.updates],
        (
            ("uid", "uid", TEXT),
            ("story", "story__slug", TEXT),
            ("published_at", "published_at", TIME),
            ("date_precision", "date_precision", TEXT),
            ("headline", "headline", TEXT),
            ("summary", "summary", TEXT),
            ("body", "body", TEXT),
            ("topic", "topic", TEXT),
            ("language", "language", TEXT),
            ("status", "status", TEXT),
            ("url", "url", TEXT),
        ),
        order=("published_at", "id"),
    ),
    Table(
        "mentions",
        _mentions,
        (
            ("update", "update__uid", TEXT),
            ("published_at", "update__published_at", TIME),
            ("kind", "kind", TEXT),
            ("entity", "entity", TEXT),
            ("rel", "rel", TEXT),
            ("as_written", "as_written", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "quotes",
        lambda s: [_parts(s, Quote).filter(reported=False)],
        QUOTE_COLUMNS,
    ),
    Table(
        "statements",
        lambda s: [_parts(s, Quote).filter(reported=True)],
        QUOTE_COLUMNS,
    ),
    Table(
        "media",
        lambda s: [_parts(s, Media)],
        (
            ("uid", "uid", TEXT),
            ("update", "update__uid", TEXT),
            ("kind", "kind", TEXT),
            ("caption", "caption", TEXT),
            ("credit_line", "credit_line", TEXT),
            ("place", _ref("place__slug"), TEXT),
            ("verification", "verification", TEXT),
            ("url", "url", TEXT),
            ("position", "position", ID),
        ),
    ),
    Table(
        "credits",
        lambda s: [_parts(s, Credit, "media__update")],
        (
            ("media", "media__uid", TEXT),
            ("update", "media__update__uid", TEXT),
            ("role", "role", TEXT),
            ("person", _ref("person__slug"), TEXT),
            ("organization", _ref("organization__slug"), TEXT),
            ("as_written", "as_written", TEXT),
            ("position", "position", ID),
            *PROVENANCE,
        ),
    ),
    Table(
        "contributions",
        lambda s: [_parts(s, Contribution)],
        (
            ("update", "update__uid", TEXT),
            ("person", _ref("person__slug"), TEXT),
            ("organization", _ref("organization__slug"), TEXT),
            ("role", "role", TEXT),
            ("as_written", "as_written", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "persons",
        lambda s: [s.persons],
        (
            ("slug", "slug", TEXT),
            ("name", "name", TEXT),
            ("description", "description", TEXT),
            ("wikidata_id", "wikidata_id", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "organizations",
        lambda s: [s.organizations],
        (
            ("slug", "slug", TEXT),
            ("name", "name", TEXT),
            ("kind", "kind", TEXT),
            ("parent", _ref("parent__slug"), TEXT),
            ("country", _ref("country__slug"), TEXT),
            ("based_in", _ref("based_in__slug"), TEXT),
            ("description", "description", TEXT),
            ("wikidata_id", "wikidata_id", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "places",
        lambda s: [s.places],
        (
            ("slug", "slug", TEXT),
            ("name", "name", TEXT),
            ("kind", "kind", TEXT),
            ("parent", _ref("parent__slug"), TEXT),
            # The slugs of the places it lies in, outermost first, and itself:
            # "russia/belgorod-oblast/belgorod". A region's places start with it.
            ("path", "path", TEXT),
            ("country_code", "country_code", TEXT),
            ("iso_code", "iso_code", TEXT),
            ("latitude", "latitude", NUMBER),
            ("longitude", "longitude", NUMBER),
            ("geonames_id", "geonames_id", ID),
            ("wikidata_id", "wikidata_id", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "affiliations",
        lambda s: [s.affiliations],
        (
            ("uid", "uid", TEXT),
            ("person", "person__slug", TEXT),
            ("title", "title", TEXT),
            ("organization", _ref("organization__slug"), TEXT),
            ("jurisdiction", _ref("jurisdiction__slug"), TEXT),
            ("started_on", "started_on", DAY),
            ("ended_on", "ended_on", DAY),
            ("date_precision", "date_precision", TEXT),
            ("source", _ref("source__uid"), TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "events",
        lambda s: [s.events],
        (
            ("slug", "slug", TEXT),
            ("kind", "kind", TEXT),
            ("title", "title", TEXT),
            ("summary", "summary", TEXT),
            ("started_on", "started_on", DAY),
            ("ended_on", "ended_on", DAY),
            ("date_precision", "date_precision", TEXT),
            ("place", _ref("place__slug"), TEXT),
            ("location_precision", "location_precision", TEXT),
            ("status", "status", TEXT),
            *PROVENANCE,
        ),
    ),
    Table(
        "figures",
        lambda s: [
            s.parts(ReportedFigure).filter(event__in=s.events.order_by().values("id"))
        ],
        (
            ("uid", "uid", TEXT),
            ("event", "event__slug", TEXT),
            ("quantity", "quantity", TEXT),
            ("value_low", "value_low", ID),
            ("value_high", "value_high", ID),
            ("as_written", "as_written", TEXT),
            ("person", _ref("person__slug"), TEXT),
            ("organization", _ref("organization__slug"), TEXT),
            ("claimed_on", "claimed_on", DAY),
            ("update", _ref("update__uid"), TEXT),
            *PROVENANCE,
        ),
    ),
)


def write_tables(selection: Selection, directory: Path, *, progress=None) -> dict:
    """Write every table into `directory` (made if missing); return the row
    counts. Each file is written beside its name and renamed when whole."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    with snapshot():
        paths = _place_paths()
        for table in TABLES:
            counts[table.name] = _write(table, selection, directory, paths, progress)
        header = {
            "format": "newsarchive-parquet",
            "created_at": datetime.datetime.now(datetime.UTC),
            "filters": selection.filters,
            "position": str(horizon(selection.updates.db)),
            "counts": counts,
        }
    (directory / "header.json").write_bytes(
        orjson.dumps(header, option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z)
    )
    return counts


def _write(table: Table, selection, directory: Path, paths: dict, progress) -> int:
    schema = pa.schema([(name, kind) for name, _, kind in table.columns])
    target = directory / f"{table.name}.parquet"
    unfinished = target.with_name(target.name + ".part")
    written = 0
    # The places' path column is read as the place's id, then spelt in slugs.
    converters = {
        name: _uid
        for name, lookup, _ in table.columns
        if lookup.rsplit("__", 1)[-1] == "uid"
    }
    if table.name == "places":
        converters["path"] = lambda pk: paths.get(pk, "")
        converters["latitude"] = converters["longitude"] = _number
    try:
        with pq.ParquetWriter(unfinished, schema, compression="zstd") as out:
            for queryset in table.rows(selection):
                for batch in _row_batches(table, queryset, selection.public):
                    out.write_batch(_arrays(batch, schema, converters))
                    written += len(batch)
                    if progress:
                        progress(table.name, len(batch))
    except BaseException:
        unfinished.unlink(missing_ok=True)
        raise
    unfinished.replace(target)
    return written


def _row_batches(table: Table, queryset, public: bool):
    model = queryset.model
    expressions = {}
    for name, lookup, _ in table.columns:
        if lookup.startswith("@ref:"):
            expressions[f"c_{name}"] = reference(model, lookup[5:], public)
        elif name == "path" and table.name == "places":
            expressions[f"c_{name}"] = F("id")
        else:
            expressions[f"c_{name}"] = F(lookup)
    names = list(expressions)
    rows = (
        queryset.order_by(*table.order)
        .annotate(**expressions)
        .values_list(*names)
        .iterator(chunk_size=BATCH)
    )
    return batches(rows, BATCH)


def _place_paths() -> dict[int, str]:
    """Each place's id -> "outermost/.../itself", in slugs."""
    rows = list(Place.objects.values_list("id", "slug", "path"))
    slugs = {pk: slug for pk, slug, _ in rows}
    found = {}
    for pk, slug, path in rows:
        above = [slugs.get(ancestor) for ancestor in Place(path=path).ancestor_ids]
        found[pk] = "/".join([*[s for s in above if s], slug])
    return found


def _arrays(batch: list[tuple], schema: pa.Schema, converters) -> pa.RecordBatch:
    """The batch's columns as Arrow arrays; only uids, decimals and paths pass
    through Python one value at a time (a third of the time, when all did)."""
    columns = list(zip(*batch, strict=True))
    arrays = []
    for column, field in zip(columns, schema, strict=True):
        convert = converters.get(field.name)
        values = column if convert is None else [convert(value) for value in column]
        arrays.append(pa.array(values, type=field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _uid(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _number(value: decimal.Decimal | None) -> float | None:
    return None if value is None else float(value)
