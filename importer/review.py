"""A curator's review of an imported draft: each proposal confirmed or rejected,
one by one or in bulk, then the update published (items.services.publish_update,
which refuses while anything here is undecided).

A proposal is a row the importer wrote unconfirmed: a mention, quote or
reported statement, photo credit, contribution, role (an affiliation the
update states), verification note or alias, the event the update reports (an
archived one, "maybe", or a new draft) and the figures it states, or a
correction it suggests.
Confirming a link also confirms the new person, organization or place it
brings; rejecting one deletes it, and the new record too once nothing else
refers to it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from items.models import (
    Contribution,
    Correction,
    Credit,
    EventReport,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    ReportedFigure,
    Update,
    VerificationNote,
)
from items.services import apply_correction, lock_update
from newsarchive.merging import record_change
from newsarchive.records import Method
from people.models import Affiliation, Alias
from places.models import PlaceAlias

from .services import free_slug
from .text import HONORIFICS

IMPORTER_NOTE = Correction.PROPOSED_NOTE
REJECTED = "importer proposal rejected"

# key prefix -> (model, label, the entity fields it links)
KINDS: dict[str, tuple[type[models.Model], str, tuple[str, ...]]] = {
    "person": (PersonMention, "person", ("person",)),
    "organization": (OrganizationMention, "organization", ("organization",)),
    "place": (PlaceMention, "place", ("place",)),
    "alias": (Alias, "other name", ("person", "organization")),
    "quote": (Quote, "quote", ("person", "organization")),
    "statement": (Quote, "statement (reported speech)", ("person", "organization")),
    "credit": (Credit, "photo credit", ("person", "organization")),
    "contribution": (Contribution, "contributor", ("person", "organization")),
    "role": (Affiliation, "role", ("person", "organization", "jurisdiction")),
    "verification": (VerificationNote, "verification note", ()),
    "event": (EventReport, "event reported", ("event",)),
    "figure": (ReportedFigure, "figure claimed", ("person", "organization")),
    "correction": (Correction, "text defect", ()),
}


@dataclass
class Proposal:
    key: str  # "quote:12": what the review form posts
    kind: str
    summary: str
    record: models.Model
    is_confirmed: bool
    is_new: bool  # brings a person, organization or place the archive lacked
    is_rejected: bool = False
    decided_by: str = ""
    decided_at: datetime | None = None
    maybe: str = ""  # the text's name, linked to the archive's record as a guess

    @property
    def status(self) -> str:
        if self.is_rejected:
            return "rejected"
        return "confirmed" if self.is_confirmed else "proposed"


def proposals_for(update: Update) -> list[Proposal]:
    """Every proposal of the importer for `update`, in the order of the page."""
    found = []

    def add(prefix, record, summary, confirmed, entity=None):
        new = entity is not None and not entity.is_confirmed
        found.append(
            Proposal(
                f"{prefix}:{record.pk}",
                KINDS[prefix][1],
                summary,
                record,
                confirmed,
                new,
            )
        )

    importer = {"method": Method.IMPORTER}
    maybes = _maybes(update)
    for prefix in ("person", "organization", "place"):
        model, _, (field,) = KINDS[prefix]
        rows = model.objects.filter(update=update, **importer).select_related(field)
        for row in rows.order_by("pk"):
            entity = getattr(row, field)
            written = (
                f" (as “{row.as_written}”)" if row.as_written != entity.name else ""
            )
            guess = (prefix, entity.pk, row.as_written) in maybes
            summary = f"{'maybe ' if guess else ''}{entity.name}{written}"
            add(prefix, row, summary, row.is_confirmed, entity)
            if guess:
                found[-1].maybe = row.as_written
    people = PersonMention.objects.filter(update=update).values("person")
    groups = OrganizationMention.objects.filter(update=update).values("organization")
    aliases = Alias.objects.filter(
        models.Q(person__in=people) | models.Q(organization__in=groups),
        is_confirmed=False,
        **importer,
    ).select_related("person", "organization")
    for alias in aliases.order_by("pk"):
        add("alias", alias, f"“{alias.name}” for {alias.owner}", False)
    quotes = Quote.objects.filter(update=update, **importer).select_related(
        "person", "organization"
    )
    for quote in quotes.order_by("position", "pk"):
        channel = f" ({quote.get_channel_display()})" if quote.channel else ""
        words = (
            f"that {quote.text[:120]}" if quote.reported else f"“{quote.text[:120]}”"
        )
        summary = f"{quote.speaker}{channel}: {words}"
        add(
            "statement" if quote.reported else "quote",
            quote,
            summary,
            quote.is_confirmed,
            quote.person or quote.organization,
        )
    credits = Credit.objects.filter(media__update=update, **importer).select_related(
        "person", "organization"
    )
    for credit in credits.order_by("media", "position"):
        summary = f"{credit.party}, {credit.get_role_display()} (“{credit.as_written}”)"
        add("credit", credit, summary, credit.is_confirmed, credit.party)
    contributions = Contribution.objects.filter(update=update, **importer)
    for row in contributions.select_related("person", "organization").order_by("pk"):
        summary = f"{row.party}, {row.get_role_display()}"
        add("contribution", row, summary, row.is_confirmed, row.party)
    roles = Affiliation.objects.filter(source=update, **importer).select_related(
        "person", "organization", "jurisdiction"
    )
    for row in roles.order_by("pk"):
        where = row.organization or row.jurisdiction
        add(
            "role",
            row,
            f"{row.person}: {row.role_label} (held on the update's day)",
            row.is_confirmed,
            row.person if not row.person.is_confirmed else where,
        )
    notes = VerificationNote.objects.filter(update=update, **importer)
    for row in notes.order_by("pk"):
        add(
            "verification",
            row,
            f"{row.get_status_display()}: {row.note[:160]}",
            row.is_confirmed,
        )
    reports = EventReport.objects.filter(update=update, **importer).select_related(
        "event__place"
    )
    for row in reports.order_by("pk"):
        event = row.event
        # An event this import opened is new; any other is the guess that the
        # update reports an event the archive holds ("maybe").
        first = event.reports.order_by("pk").values_list("update", flat=True)[:1]
        new = event.method == Method.IMPORTER and list(first) == [update.pk]
        where = f", {event.place}" if event.place else ""
        summary = (
            f"{'new draft event' if new else 'maybe'}: {event.title} "
            f"({event.get_kind_display()}{where}, {event.started_on:%Y-%m-%d})"
        )
        add("event", row, summary, row.is_confirmed, event if new else None)
    figures = ReportedFigure.objects.filter(update=update, **importer).select_related(
        "person", "organization"
    )
    for row in figures.order_by("pk"):
        claimant = f", claimed by {row.claimant}" if row.claimant else ""
        summary = f"{row.get_quantity_display()}: “{row.as_written}”{claimant}"
        add("figure", row, summary, row.is_confirmed, row.claimant)
    corrections = Correction.objects.filter(
        update=update, explanation__startswith=IMPORTER_NOTE
    )
    for row in corrections.order_by("pk"):
        summary = f"“{row.original}” → “{row.corrected or '?'}”: {row.explanation}"
        add("correction", row, summary, row.status == Correction.Status.APPLIED)
    return found


def _maybes(update: Update) -> set[tuple[str, int, str]]:
    """The links the importer made as a guess ("maybe X"): kind, id, as written."""
    imported = getattr(update, "article_import", None)
    if imported is None:
        return set()
    return {(m["kind"], m["id"], m["as_written"]) for m in imported.maybes}


def rejected_for(update: Update) -> list[Proposal]:
    """The proposals of `update` a curator rejected, from the history of the rows
    the rejection deleted: who rejected what, and when."""
    found = []
    rejected = {"history_type": "-", "history_change_reason": REJECTED}
    for prefix, (model, label, _) in KINDS.items():
        if prefix == "alias":
            continue  # an alias belongs to its person, not to one update
        path = {Credit: "media__update", Affiliation: "source"}.get(model, "update")
        rows = model.history.filter(**{path: update}, **rejected)
        if model is Quote:  # quotations and statements are both quotes
            rows = rows.filter(reported=prefix == "statement")
        for row in rows.select_related("history_user").order_by("history_date"):
            found.append(
                Proposal(
                    f"{prefix}:{row.id}",
                    label,
                    _rejected_summary(prefix, row),
                    row,
                    is_confirmed=False,
                    is_new=False,
                    is_rejected=True,
                    decided_by=str(row.history_user or "someone"),
                    decided_at=row.history_date,
                )
            )
    return found


def _rejected_summary(prefix: str, row) -> str:
    if prefix == "quote":
        return f"“{row.text[:120]}”"
    if prefix == "statement":
        return f"that {row.text[:120]}"
    if prefix == "correction":
        return f"“{row.original}” → “{row.corrected or '?'}”"
    if prefix == "verification":
        return row.note[:160]
    if prefix == "role":
        return row.title
    if prefix == "event":
        return f"event #{row.event_id}"
    return row.as_written


def _proposals(update: Update, keys: list[str]) -> list[Proposal]:
    """The proposals `keys` name, each checked to be one of `update`'s."""
    by_key = {p.key: p for p in proposals_for(update)}
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise ValidationError(
            f"Not proposals of update #{update.pk}: {', '.join(unknown)}."
        )
    return [by_key[key] for key in keys]


def _entities(prefix: str, record) -> list[models.Model]:
    return [
        entity
        for field in KINDS[prefix][2]
        if (entity := getattr(record, field, None)) is not None
    ]


@transaction.atomic
def confirm(
    update: Update, keys: list[str], *, acting_user: AbstractBaseUser | None
) -> int:
    """Confirm the proposals `keys`; a text defect is applied as its correction."""
    lock_update(update.pk)
    count = 0
    for proposal in _proposals(update, keys):
        prefix, record = proposal.key.split(":")[0], proposal.record
        if proposal.maybe:
            _forget_maybe(update, prefix, proposal.maybe)
        if prefix == "correction":
            if record.status == Correction.Status.APPLIED:
                continue
            if not record.corrected:
                raise ValidationError(
                    f"Text defect “{record.original}”: write what it should read "
                    "(edit the correction) before confirming it."
                )
            apply_correction(record, acting_user=acting_user)
            count += 1
            continue
        for entity in _entities(prefix, record):
            if not entity.is_confirmed:
                _confirm_row(entity, acting_user)
        if not record.is_confirmed:
            _confirm_row(record, acting_user)
            count += 1
    return count


def _confirm_row(row, acting_user) -> None:
    row.is_confirmed = True
    record_change(row, acting_user=acting_user, reason="importer proposal confirmed")
    row.save(update_fields=["is_confirmed"])


@transaction.atomic
def reject(
    update: Update, keys: list[str], *, acting_user: AbstractBaseUser | None
) -> int:
    """Delete the proposals `keys`, and new records nothing else refers to."""
    lock_update(update.pk)
    count = 0
    for proposal in _proposals(update, keys):
        prefix, record = proposal.key.split(":")[0], proposal.record
        entities = _entities(prefix, record)
        record_change(record, acting_user=acting_user, reason=REJECTED)
        record.delete()
        count += 1
        if prefix == "event":
            # The figures the update stated go with the event it does not report.
            stated = ReportedFigure.objects.filter(
                event=record.event, update=update, is_confirmed=False
            )
            for figure in stated:
                record_change(figure, acting_user=acting_user, reason=REJECTED)
                figure.delete()
        if proposal.maybe:
            # Not the archive's X: someone new, proposed under the text's name.
            _propose_instead(update, prefix, proposal.maybe, acting_user)
        if prefix in ("person", "organization"):
            # The names the text used for someone it no longer names go too.
            for alias in entities[0].aliases.filter(
                is_confirmed=False, method=Method.IMPORTER
            ):
                record_change(alias, acting_user=acting_user, reason="mention rejected")
                alias.delete()
        for entity in entities:
            _drop_if_orphan(entity, acting_user)
    return count


def _drop_if_orphan(entity, acting_user) -> None:
    """Delete an unconfirmed importer record that nothing refers to any more."""
    if entity.is_confirmed or entity.method != Method.IMPORTER:
        return
    for relation in entity._meta.related_objects:
        if relation.hidden or relation.related_model in (Alias, PlaceAlias):
            continue
        if relation.one_to_one or relation.many_to_many:
            continue
        lookup = {relation.field.name: entity}
        if relation.related_model._default_manager.filter(**lookup).exists():
            return
    record_change(entity, acting_user=acting_user, reason=REJECTED)
    entity.delete()


def _propose_instead(update: Update, kind: str, as_written: str, acting_user) -> None:
    """A new record for a name whose "maybe X" a curator rejected, linked to
    the update as a proposal of its own; the guess is forgotten."""
    _forget_maybe(update, kind, as_written)
    model, _, (field,) = KINDS[kind]
    owner = model._meta.get_field(field).related_model
    name = " ".join(w for w in as_written.split() if w not in HONORIFICS)
    record = owner(
        name=name or as_written,
        slug=free_slug(owner, name or as_written),
        method=Method.IMPORTER,
        is_confirmed=False,
    )
    record.full_clean()
    record.save()
    model.objects.create(
        update=update,
        **{field: record},
        as_written=as_written,
        method=Method.IMPORTER,
        is_confirmed=False,
    )


def _forget_maybe(update: Update, kind: str, as_written: str) -> None:
    """The guess is decided: the link is the record's, or gone."""
    imported = update.article_import
    imported.maybes = [
        m for m in imported.maybes if (m["kind"], m["as_written"]) != (kind, as_written)
    ]
    imported.save(update_fields=["maybes"])
