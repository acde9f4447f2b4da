"""Noting each change to a record as it is written (the `Change` rows).

A save or a delete writes a history row (django-simple-history), whose signal
notes the change here, in the same transaction: a change is noted exactly when
its history is. Rows written in bulk send no signal; their writers call
`note_created`.
"""

from django.db.models import Exists, OuterRef, Subquery

from newsarchive.merging import merged_into_pk
from newsarchive.public import condition

from .models import Change
from .records import ENTITIES, KINDS, RESOURCES, ROWS, key_field, model_of

SLUGGED = {kind for kind, (_, key) in KINDS.items() if key == "slug"}


def note_history(sender, instance, history_instance, **kwargs) -> None:
    """post_create_historical_record: note the change `history_instance` records."""
    label = instance._meta.label_lower
    if label not in ROWS:
        return
    history_type = history_instance.history_type
    previous = _previous_row(sender, instance, history_instance)
    notes = []
    for kind, path in ROWS[label]:
        record_ids = {_follow(instance, path)} if path else {instance.pk}
        if previous is not None and path and "__" not in path:
            # A part moved to another record changes both (a quote tied to
            # another event).
            record_ids.add(getattr(previous, f"{path}_id"))
        record_ids.discard(None)
        for record_id in sorted(record_ids):
            note = _note(kind, record_id, instance, history_type, own=path is None)
            if note is None:
                continue
            if path is None and kind in SLUGGED and previous is not None:
                old = getattr(previous, key_field(kind))
                note.previous_key = old if old != note.key else ""
            if history_type == "-" and path is None and kind in ENTITIES:
                note.merged_into = _merged_into(kind, history_instance) or ""
            notes.append(note)
    if label == "items.update":
        stories = {instance.story_id, getattr(previous, "story_id", None)} - {None}
        notes += _story_notes(stories)
    for note in notes:
        note.at = history_instance.history_date
    Change.objects.bulk_create(notes)


def note_created(model, instances, *, at, history_type: str = "+") -> None:
    """Note rows of `model` just inserted in bulk, with their history (`at`);
    or changed in bulk, with `history_type` "~"."""
    label = model._meta.label_lower
    if label not in ROWS or not instances:
        return
    notes = []
    for kind, path in ROWS[label]:
        record_ids = _follow_all(model, instances, path)
        named = _named(kind, set(record_ids.values()))
        for instance in instances:
            record_id = record_ids.get(instance.pk)
            if record_id is None or record_id not in named:
                continue
            key, public = named[record_id]
            resource, resource_id = _resource(label, kind, record_id, instance)
            notes.append(
                Change(
                    kind=kind,
                    record_id=record_id,
                    key=key,
                    resource=resource,
                    resource_id=resource_id,
                    history_type=history_type,
                    own=path is None,
                    public=public,
                    at=at,
                )
            )
    if label == "items.update":
        notes += _story_notes({i.story_id for i in instances} - {None}, at=at)
    Change.objects.bulk_create(notes, batch_size=2000)


def _note(kind, record_id, instance, history_type, *, own) -> Change | None:
    label = instance._meta.label_lower
    resource, resource_id = _resource(label, kind, record_id, instance)
    if own and history_type == "-":
        key, public = getattr(instance, key_field(kind)), False
    else:
        named = _named(kind, {record_id})
        if record_id not in named:  # gone already: its own deletion is noted
            return None
        key, public = named[record_id]
    return Change(
        kind=kind,
        record_id=record_id,
        key=str(key),
        resource=resource,
        resource_id=resource_id,
        history_type=history_type,
        own=own,
        public=public,
    )


def _named(kind: str, ids: set) -> dict:
    """{id: (key, whether public)} of the `kind` records with `ids` that exist."""
    if not ids:
        return {}
    model = model_of(kind)
    public = model._default_manager.filter(condition(model), pk=OuterRef("pk"))
    rows = (
        model._default_manager.filter(pk__in=ids)
        .annotate(shown=Exists(public))
        .values_list("pk", key_field(kind), "shown")
    )
    return {pk: (str(key), shown) for pk, key, shown in rows}


def _story_notes(story_ids: set, *, at=None) -> list[Change]:
    """A story is public while it carries a public update: an update that is
    published, unpublished or moved can make its story appear or disappear."""
    if not story_ids:
        return []
    model = model_of("story")
    public = model._default_manager.filter(condition(model), pk=OuterRef("pk"))
    noted = Change.objects.filter(kind="story", record_id=OuterRef("pk")).order_by(
        "-txid", "-id"
    )
    rows = (
        model._default_manager.filter(pk__in=story_ids)
        .annotate(shown=Exists(public), noted=Subquery(noted.values("public")[:1]))
        .values_list("pk", "slug", "shown", "noted")
    )
    return [
        Change(
            kind="story",
            record_id=pk,
            key=slug,
            resource="story",
            resource_id=pk,
            history_type="~",
            own=False,
            public=shown,
            at=at,
        )
        for pk, slug, shown, noted in rows
        if shown != bool(noted)
    ]


def _resource(label, kind, record_id, instance) -> tuple[str, int]:
    if label in RESOURCES:
        resource, path = RESOURCES[label]
        return resource, (_follow(instance, path) if path else instance.pk)
    return kind, record_id


def _follow(instance, path: str):
    """The id at `path` from `instance` ("update", "media__update")."""
    first, _, rest = path.partition("__")
    value = getattr(instance, f"{first}_id")
    if not rest or value is None:
        return value
    related = instance._meta.get_field(first).related_model
    return (
        related._default_manager.filter(pk=value).values_list(rest, flat=True).first()
    )


def _follow_all(model, instances, path) -> dict:
    """{pk: id at `path`} for every one of `instances`."""
    if path is None:
        return {i.pk: i.pk for i in instances}
    first, _, rest = path.partition("__")
    direct = {i.pk: getattr(i, f"{first}_id") for i in instances}
    if not rest:
        return direct
    related = model._meta.get_field(first).related_model
    further = dict(
        related._default_manager.filter(pk__in=set(direct.values())).values_list(
            "pk", rest
        )
    )
    return {pk: further.get(value) for pk, value in direct.items()}


def _previous_row(history_model, instance, history_instance):
    """The history row before `history_instance`, for a change ("~") of a row
    whose earlier values matter: a record's slug, a quote's event, an update's
    story."""
    if history_instance.history_type != "~":
        return None
    label = instance._meta.label_lower
    own_kinds = [kind for kind, path in ROWS[label] if path is None]
    if not (
        label in ("items.quote", "items.update")
        or any(kind in SLUGGED for kind in own_kinds)
    ):
        return None
    return (
        history_model.objects.filter(
            **{instance._meta.pk.attname: instance.pk},
            history_id__lt=history_instance.history_id,
        )
        .order_by("-history_id")
        .first()
    )


def _merged_into(kind: str, history_instance) -> str | None:
    """The slug of the record a deleted entity was merged into, if it was."""
    keep = merged_into_pk(history_instance.history_change_reason)
    if keep is None:
        return None
    return (
        model_of(kind)
        ._default_manager.filter(pk=keep)
        .values_list("slug", flat=True)
        .first()
    )
