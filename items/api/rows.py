"""Update list pages built from plain rows: the API's fast path.

DRF serializers spend most of a list request in per-field Python (DESIGN.md §7);
this builds the same JSON shape as UpdateSerializer from `.values()` rows and one
bulk query per relation. tests/items/test_api_rows.py holds the two to the same
output for every expansion, so the shape has one definition in practice.
"""

from collections import defaultdict

from items.models import (
    Credit,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
)
from newsarchive.public import only_public
from people.models import Affiliation

UPDATE_COLUMNS = (
    "id",
    "story__slug",
    "story__title",
    "story__kind",
    "published_at",
    "date_precision",
    "headline",
    "summary",
    "body",
    "topic",
    "language",
    "url",
)


def datetime_text(value) -> str:
    """As DRF's DateTimeField writes it: ISO 8601, UTC as Z."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _grouped(rows, key="update_id"):
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def update_rows(
    updates: list[dict], *, expand: set[str], public: bool = True
) -> list[dict]:
    """The API representation of `updates` (rows with UPDATE_COLUMNS); with
    `public`, only what newsarchive.public lets the public see."""
    ids = [row["id"] for row in updates]

    def of(model):
        rows = model.objects.all()
        return only_public(rows) if public else rows

    persons = _grouped(
        of(PersonMention)
        .filter(update_id__in=ids)
        .order_by("id")
        .values("update_id", "person__slug", "person__name", "rel", "as_written")
    )
    organizations = _grouped(
        of(OrganizationMention)
        .filter(update_id__in=ids)
        .order_by("id")
        .values(
            "update_id",
            "organization__slug",
            "organization__name",
            "organization__kind",
            "rel",
            "as_written",
        )
    )
    places = _grouped(
        of(PlaceMention)
        .filter(update_id__in=ids)
        .order_by("id")
        .values(
            "update_id",
            "place__slug",
            "place__name",
            "place__kind",
            "rel",
            "as_written",
        )
    )
    quotes = _grouped(
        of(Quote)
        .filter(update_id__in=ids)
        .order_by("update_id", "position", "id")
        .values(
            "update_id",
            "id",
            "text",
            "person_id",
            "person__slug",
            "organization_id",
            "organization__slug",
            "speaker_description",
            "channel",
            "reported",
            "said_on",
            "position",
        )
        if "quotes" in expand
        else of(Quote)
        .filter(update_id__in=ids)
        .order_by("update_id", "position", "id")
        .values("update_id", "id")
    )
    media = _grouped(
        Media.objects.filter(update_id__in=ids)
        .order_by("update_id", "position", "id")
        .values(*MEDIA_COLUMNS if "media" in expand else ("update_id", "id"))
    )
    credits = _credits_of(media, of(Credit)) if "media" in expand else {}
    roles = _roles_of(quotes, of(Affiliation)) if "quotes" in expand else {}

    result = []
    for row in updates:
        pk = row["id"]
        item = {
            "id": pk,
            "story": (
                {
                    "slug": row["story__slug"],
                    "title": row["story__title"],
                    "kind": row["story__kind"],
                }
                if "story" in expand
                else row["story__slug"]
            ),
            "published_at": datetime_text(row["published_at"]),
            "date_precision": row["date_precision"],
            "headline": row["headline"],
            "summary": row["summary"],
            "body": row["body"],
            "topic": row["topic"],
            "language": row["language"],
            "url": row["url"],
            "persons": _links(persons[pk], "person", expand, ("slug", "name")),
            "organizations": _links(
                organizations[pk], "organization", expand, ("slug", "name", "kind")
            ),
            "places": _links(places[pk], "place", expand, ("slug", "name", "kind")),
            "quotes": [
                _quote(quote, row, roles) if "quotes" in expand else quote["id"]
                for quote in quotes[pk]
            ],
            "media": [
                _media(item, credits, public) if "media" in expand else item["id"]
                for item in media[pk]
            ],
        }
        result.append(item)
    return result


MEDIA_COLUMNS = (
    "update_id",
    "id",
    "kind",
    "caption",
    "credit_line",
    "place__slug",
    "place__is_confirmed",
    "verification",
    "url",
    "position",
)


def _credits_of(media, credits) -> dict[int, list[dict]]:
    ids = [item["id"] for rows in media.values() for item in rows]
    return _grouped(
        credits.filter(media_id__in=ids)
        .order_by("media_id", "position", "id")
        .values(
            "media_id",
            "position",
            "role",
            "person_id",
            "person__slug",
            "organization__slug",
            "as_written",
        ),
        key="media_id",
    )


def _media(item, credits, public) -> dict:
    return {
        "id": item["id"],
        "update": item["update_id"],
        "kind": item["kind"],
        "caption": item["caption"],
        "credit_line": item["credit_line"],
        "credits": [
            {
                "position": credit["position"],
                "role": credit["role"],
                "party": credit["person__slug"] or credit["organization__slug"],
                "party_type": "person" if credit["person_id"] else "organization",
                "as_written": credit["as_written"],
            }
            for credit in credits.get(item["id"], [])
        ],
        "place": (
            item["place__slug"] if item["place__is_confirmed"] or not public else None
        ),
        "verification": item["verification"],
        "url": item["url"],
        "position": item["position"],
    }


def _links(rows, target, expand, summary_fields):
    plural = {"person": "persons", "organization": "organizations", "place": "places"}
    if plural[target] not in expand:
        return [row[f"{target}__slug"] for row in rows]
    return [
        {
            **{name: row[f"{target}__{name}"] for name in summary_fields},
            "rel": row["rel"],
            "as_written": row["as_written"],
        }
        for row in rows
    ]


def _roles_of(quotes, affiliations) -> dict[int, list[Affiliation]]:
    speakers = {
        q["person_id"] for rows in quotes.values() for q in rows if q["person_id"]
    }
    roles = defaultdict(list)
    for affiliation in affiliations.filter(person_id__in=speakers).select_related(
        "organization", "jurisdiction"
    ):
        roles[affiliation.person_id].append(affiliation)
    return roles


def _quote(quote, update, roles) -> dict:
    spoken_on = quote["said_on"] or update["published_at"].date()
    if quote["person_id"]:
        speaker, kind = quote["person__slug"], "person"
    elif quote["organization_id"]:
        speaker, kind = quote["organization__slug"], "organization"
    else:
        speaker, kind = None, "description"
    return {
        "id": quote["id"],
        "update": update["id"],
        "text": quote["text"],
        "speaker": speaker,
        "speaker_type": kind,
        "speaker_description": quote["speaker_description"],
        "speaker_roles": [
            a.role_label
            for a in roles.get(quote["person_id"], [])
            if a.held_on(spoken_on)
        ],
        "channel": quote["channel"],
        "reported": quote["reported"],
        "said_on": quote["said_on"].isoformat() if quote["said_on"] else None,
        "position": quote["position"],
    }
