"""Updates as IPTC ninjs 3.1 objects (../shared/ninjs/ninjs-schema_3.1.json).

Mentions become people, organisations and places; contributions `by`; the parties
of media credits `infoSources`, and the media themselves `associations`; the
events an update reports `events` (rel "reports", the event's slug as literal).
"""

from collections.abc import Callable

from django.db.models import Prefetch

from newsarchive.public import only_public

from .models import (
    Contribution,
    Credit,
    EventReport,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Update,
)

MEDIA_TYPES = {
    Media.Kind.PHOTO: "picture",
    Media.Kind.VIDEO: "video",
    Media.Kind.GRAPHIC: "graphic",
    Media.Kind.AUDIO: "audio",
}


def _time(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _entity(record, rel: str, url: Callable[[str], str], kind: str) -> dict:
    uri = (
        f"http://www.wikidata.org/entity/{record.wikidata_id}"
        if record.wikidata_id
        else url(f"/api/v1/{kind}/{record.slug}/")
    )
    return {"name": record.name, "rel": rel, "uri": uri, "literal": record.slug}


def related_for_ninjs(public: bool) -> list[Prefetch]:
    """What update_to_ninjs reads, prefetched; with `public`, only what the public
    sees (newsarchive.public)."""

    def of(model, *related):
        rows = model.objects.select_related(*related).order_by("id")
        return only_public(rows) if public else rows

    return [
        Prefetch("person_mentions", of(PersonMention, "person")),
        Prefetch("organization_mentions", of(OrganizationMention, "organization")),
        Prefetch("place_mentions", of(PlaceMention, "place")),
        Prefetch("contributions", of(Contribution, "person", "organization")),
        Prefetch("media", Media.objects.order_by("position", "id")),
        Prefetch("media__credits", of(Credit, "person", "organization")),
        Prefetch("event_reports", of(EventReport, "event")),
    ]


def update_to_ninjs(update: Update, *, url: Callable[[str], str]) -> dict:
    """The ninjs object for `update`; `url` makes an absolute URI of an API path.

    Expects the update's mentions, quotes, media (with credits) and contributions
    to be loaded or loadable; see UpdateViewSet.ninjs for the prefetching.
    """
    item = {
        "uri": url(f"/api/v1/updates/{update.pk}/"),
        "type": "text",
        "version": str(update.version),
        "versionCreated": _time(update.updated_at),
        "firstCreated": _time(update.published_at),
        "language": update.language,
        "pubStatus": "usable",
        "headlines": [
            {"role": "main", "contentType": "text/plain", "value": update.headline}
        ],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": update.body}],
        "people": [
            _entity(m.person, m.rel, url, "persons")
            for m in update.person_mentions.all()
        ],
        "organisations": [
            _entity(m.organization, m.rel, url, "organizations")
            for m in update.organization_mentions.all()
        ],
        "places": [
            _entity(m.place, m.rel, url, "places") for m in update.place_mentions.all()
        ],
    }
    events = [
        {
            "name": report.event.title,
            "rel": "reports",
            "uri": url(f"/api/v1/events/{report.event.slug}/"),
            "literal": report.event.slug,
        }
        for report in update.event_reports.all()
    ]
    if events:
        item["events"] = events
    if update.summary:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": update.summary}
        ]
    if update.topic:
        item["subjects"] = [{"name": update.topic, "rel": "about"}]
    contributions = list(update.contributions.all())
    if contributions:
        item["by"] = "; ".join(
            f"{c.party.name} ({c.get_role_display()})" for c in contributions
        )
    sources, associations = [], []
    for media in update.media.all():
        credits = [
            {
                "name": credit.party.name,
                "role": credit.role,
                "literal": credit.as_written or credit.party.slug,
            }
            for credit in media.credits.all()
        ]
        sources += credits
        association = {
            "name": f"media-{media.pk}",
            "rel": "associated",
            "uri": url(f"/api/v1/media/{media.pk}/"),
            "type": MEDIA_TYPES[media.kind],
            "infoSources": credits,
        }
        if media.caption:
            association["descriptions"] = [
                {"role": "caption", "contentType": "text/plain", "value": media.caption}
            ]
        if media.credit_line:
            association["copyrightNotice"] = media.credit_line
        associations.append(association)
    if sources:
        item["infoSources"] = sources
    if associations:
        item["associations"] = associations
    return item
