"""What the public sees: one rule, which every channel applies through this module.

The rule:
- an update is public when it is published;
- a person, organization or place is public when it is confirmed (the importer's
  proposals are not, until a curator confirms them);
- a link (a mention, quote, credit, contribution, affiliation or alias) is public
  when it is confirmed and everything it links is public: its update, and each
  person, organization or place it names. A quote by an unconfirmed person is
  hidden with its speaker, not shown without one;
- a story is public when it carries a public update;
- an event is public when it is published and confirmed; its actors, figures and
  reports are links, public when confirmed and everything they link is public;
- a public record's optional reference to a hidden one (a media item's place, a
  story's publisher, an organization's parent, a place's parent) reads as null.

Curators see everything. The API's lists, details, `expand`, CSV and ninjs, the
export API and `manage.py export --status published` all ask here, the querysets
through `condition()`, the SQL that builds rows and records through
`confirmed_sql()`, and tests/test_public.py probes every one of them.

Models are named by label, not imported: people/ and places/ ask here too.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from newsarchive.records import is_curator

PUBLISHED = "published"


class Archivist:
    """Who reads in a command that dumps more than the public sees: a curator."""

    is_authenticated = True
    is_staff = True


ARCHIVIST = Archivist()


def is_public(user) -> bool:
    """Whether `user` sees the archive as the public does."""
    return not is_curator(user)


def _published(path: str = "") -> Q:
    return Q(**{f"{path}status": PUBLISHED})


def _confirmed(*paths: str, optional: tuple[str, ...] = ()) -> Q:
    """Confirmed itself, and each record at `paths` (and at `optional`, if set)."""
    condition = Q(is_confirmed=True)
    for path in paths:
        condition &= Q(**{f"{path}__is_confirmed": True})
    for path in optional:
        condition &= Q(**{f"{path}__isnull": True}) | Q(
            **{f"{path}__is_confirmed": True}
        )
    return condition


def _event(path: str = "") -> Q:
    """An event is public when it is published and confirmed."""
    return _published(path) & Q(**{f"{path}is_confirmed": True})


def _story() -> Q:
    updates = apps.get_model("items", "Update").objects
    return Q(Exists(updates.filter(_published(), story=OuterRef("pk"))))


RULES = {
    "items.update": lambda: _published(),
    "items.story": _story,
    "people.person": lambda: Q(is_confirmed=True),
    "people.organization": lambda: Q(is_confirmed=True),
    "places.place": lambda: Q(is_confirmed=True),
    "people.alias": lambda: _confirmed(optional=("person", "organization")),
    "places.placealias": lambda: _confirmed("place"),
    "people.affiliation": lambda: _confirmed(
        "person", optional=("organization", "jurisdiction")
    ),
    "items.personmention": lambda: _confirmed("person") & _published("update__"),
    "items.organizationmention": lambda: (
        _confirmed("organization") & _published("update__")
    ),
    "items.placemention": lambda: _confirmed("place") & _published("update__"),
    "items.quote": lambda: (
        _confirmed(optional=("person", "organization")) & _published("update__")
    ),
    "items.media": lambda: _published("update__"),
    "items.credit": lambda: (
        _confirmed(optional=("person", "organization")) & _published("media__update__")
    ),
    "items.contribution": lambda: (
        _confirmed(optional=("person", "organization")) & _published("update__")
    ),
    "items.event": lambda: _event(),
    "items.eventreport": lambda: (
        _confirmed() & _event("event__") & _published("update__")
    ),
    "items.eventactor": lambda: (
        _confirmed(optional=("person", "organization")) & _event("event__")
    ),
    "items.reportedfigure": lambda: (
        _confirmed(optional=("person", "organization"))
        & _event("event__")
        & (Q(update__isnull=True) | _published("update__"))
    ),
    "items.verificationnote": lambda: _published("update__"),
    "items.correction": lambda: _published("update__"),
}


def condition(model, prefix: str = "") -> Q:
    """The condition for a row of `model` to be public; with `prefix`
    ("place__"), for the row of `model` that the path reaches."""
    rule = RULES[model._meta.label_lower]()
    return _prefixed(rule, prefix) if prefix else rule


def _prefixed(rule: Q, prefix: str) -> Q:
    copy = Q(_connector=rule.connector, _negated=rule.negated)
    for child in rule.children:
        if isinstance(child, Q):
            copy.children.append(_prefixed(child, prefix))
        elif isinstance(child, tuple):
            copy.children.append((prefix + child[0], child[1]))
        else:  # an Exists over OuterRef("pk"), which a prefix cannot move
            raise ValueError(f"{rule} cannot be reached through {prefix!r}")
    return copy


def only_public(queryset):
    return queryset.filter(condition(queryset.model))


def visible(queryset, user):
    """`queryset` as `user` may see it: whole for curators, its public rows else."""
    return only_public(queryset) if is_public(user) else queryset


def shown(record, user):
    """`record` (an optional reference of a visible record) if `user` may see it.

    For entities only: a person, organization or place, or None.
    """
    if record is None or not is_public(user) or record.is_confirmed:
        return record
    return None


def confirmed_sql(alias: str, *, optional: bool = False) -> str:
    """SQL for "the row `alias` is confirmed"; with `optional`, "or absent" (a LEFT
    JOIN that found nothing). The SQL counterpart of `condition()`, used where
    rows and records are built as JSON in PostgreSQL."""
    if optional:
        return f"({alias}.id IS NULL OR {alias}.is_confirmed)"
    return f"{alias}.is_confirmed"


class PublicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read: everything for curators, the public rows else."""
        return visible(self, user)
