"""schemathesis hooks for `make fuzz` (scripts/fuzz.py).

The schema types a slug filter (and a cursor) as any string, and rightly cannot
list the slugs that exist; the API answers a slug that names no record (or none
the client may see) with a 400 naming the parameter (DESIGN.md §3), as Stripe's
"No such customer" does. schemathesis's positive_data_acceptance would count
each as a valid request refused. This check is that one, less exactly those
cases (NO_SUCH_RECORD): a 400 every one of whose errors says so. Any other
refusal of valid data still fails.
"""

import csv
import io
import re

import orjson
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Well-formed values that name nothing: a slug of no record (or of none the
# client may see), a cursor this API never issued, a moment before year 1.
NO_SUCH_RECORD = re.compile(
    r"^(No [\w ]+ with slug |Not a cursor this API issued|Out of the range of dates)"
)


def _error_messages(response) -> list[str]:
    if response.headers.get("content-type", [""])[0].startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
        return [
            value
            for row in rows
            for key, value in row.items()
            if key.startswith("errors.") and value
        ]
    errors = orjson.loads(response.content).get("errors") or {}
    return [message for messages in errors.values() for message in messages]


@schemathesis.check
def positive_data_acceptance_but_no_such_record(ctx, response, case):
    if response.status_code == 400:
        try:
            messages = _error_messages(response)
        except (ValueError, csv.Error):
            messages = []
        if messages and all(NO_SUCH_RECORD.match(m) for m in messages):
            return None
    return positive_data_acceptance(ctx, response, case)
