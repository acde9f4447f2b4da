"""Response formats of the API: JSON through orjson, and CSV for flat lists."""

import csv
import io

import orjson
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(
            data,
            option=orjson.OPT_NON_STR_KEYS,
            default=_fallback,
        )


def _fallback(value):
    # Decimal coordinates, lazy translation strings and the like.
    return str(value)


class CSVRenderer(BaseRenderer):
    """One row per record of a list page; nested values flattened to dotted columns.

    Lists of related records become one cell joined with "; ", so a spreadsheet
    shows one line per record. Starts with a byte order mark so that Excel reads
    UTF-8.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [
            _flatten(row) if isinstance(row, dict) else {"value": row} for row in rows
        ]
        columns: list[str] = []
        for row in flat:
            columns.extend(key for key in row if key not in columns)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _flatten(value, prefix: str = "") -> dict:
    out = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flatten(item, f"{name}."))
        elif isinstance(item, list):
            out[name] = "; ".join(_cell(element) for element in item)
        else:
            out[name] = "" if item is None else item
    return out


def _cell(element) -> str:
    if isinstance(element, dict):
        if "slug" in element and "role" in element:  # an event's actor
            return f"{element['slug']} ({element['role']})"
        for key in ("slug", "name", "id"):
            if key in element:
                return str(element[key])
        return orjson.dumps(element).decode()
    return str(element)


class OnlyJSON(BaseContentNegotiation):
    """The first renderer whatever `?format=` says, for a view with one format:
    the view refuses `format` itself, with a 400 naming it (DRF's negotiation
    would answer 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None
