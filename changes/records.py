"""Which public record a changed row belongs to, and how that record is named.

A record is what a dump writes as one line and the change feed lists: a place,
organization, person, story, update, affiliation or event. The parts inside a
record (an update's quotes, mentions, media and credits; an event's actors,
figures and reports; aliases) change their record. A quote tied to an event
changes the event too: the event's line lists its quotes.
"""

from django.apps import apps

# kind: (model, the field that names it in dumps and in the API), in dump order.
KINDS = {
    "place": ("places.Place", "slug"),
    "organization": ("people.Organization", "slug"),
    "person": ("people.Person", "slug"),
    "story": ("items.Story", "slug"),
    "update": ("items.Update", "uid"),
    "affiliation": ("people.Affiliation", "uid"),
    "event": ("items.Event", "slug"),
}

# A changed row's model: the records it belongs to, as (kind, path from the row
# to the record's id; None for the record's own row). A path of two steps
# ("media__update") is read from the row, then from the row it names.
ROWS = {
    "places.place": (("place", None),),
    "places.placealias": (("place", "place"),),
    "people.person": (("person", None),),
    "people.organization": (("organization", None),),
    "people.alias": (("person", "person"), ("organization", "organization")),
    "people.affiliation": (("affiliation", None),),
    "items.story": (("story", None),),
    "items.update": (("update", None),),
    "items.personmention": (("update", "update"),),
    "items.organizationmention": (("update", "update"),),
    "items.placemention": (("update", "update"),),
    "items.quote": (("update", "update"), ("event", "event")),
    "items.media": (("update", "update"),),
    "items.credit": (("update", "media__update"),),
    "items.contribution": (("update", "update"),),
    "items.verificationnote": (("update", "update"),),
    "items.correction": (("update", "update"),),
    "items.event": (("event", None),),
    "items.eventreport": (("event", "event"),),
    "items.eventactor": (("event", "event"),),
    "items.reportedfigure": (("event", "event"),),
}

# The API list a part shows in, when it is not its record's: `updated_after` on
# /quotes/ asks for quotes that changed, a credit changes its media item.
RESOURCES = {
    "items.quote": ("quote", None),
    "items.media": ("media", None),
    "items.credit": ("media", "media"),
    "items.contribution": ("contribution", None),
}

# Entities: merged into another, and renamed, by slug.
ENTITIES = ("place", "organization", "person")


def model_of(kind: str):
    return apps.get_model(KINDS[kind][0])


def key_field(kind: str) -> str:
    return KINDS[kind][1]


def kind_of(model) -> str | None:
    """The record kind whose own rows are `model`'s, if any."""
    label = model._meta.label_lower
    return next((k for k, (m, _) in KINDS.items() if m.lower() == label), None)
