from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsarchive.merging import record_change
from people.models import Affiliation, Alias

from .models import (
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

# Records that carry a copy of their update's published_at (models.DatedByUpdate).
DATED_BY_UPDATE = (
    PersonMention,
    OrganizationMention,
    PlaceMention,
    Quote,
    Contribution,
)


def lock_update(pk: int) -> Update:
    """Lock an update's row; every writer takes it before any of its parts.

    One order for all (the update, then its mentions, quotes, media, notes and
    corrections) means two writers never each hold what the other waits for: the
    admin's save locks the update in its version check before its inline rows, and
    applying a correction locks the update before the correction.
    """
    return Update.objects.select_for_update().get(pk=pk)


def undecided_parts(update: Update) -> dict[str, int]:
    """What is still to confirm or reject in `update`, counted by kind.

    Unconfirmed mentions, quotes, credits, contributions, verification notes and
    the roles it states; unconfirmed names proposed for the persons and
    organizations it mentions; and the corrections the importer proposed that
    nobody has applied or deleted.
    """
    if update.pk is None:
        return {}
    unconfirmed = {"update": update, "is_confirmed": False}
    mentioned = Q(
        person__in=PersonMention.objects.filter(update=update).values("person")
    ) | Q(
        organization__in=OrganizationMention.objects.filter(update=update).values(
            "organization"
        )
    )
    counts = {
        "person mentions": PersonMention.objects.filter(**unconfirmed).count(),
        "organization mentions": OrganizationMention.objects.filter(
            **unconfirmed
        ).count(),
        "place mentions": PlaceMention.objects.filter(**unconfirmed).count(),
        "quotes": Quote.objects.filter(**unconfirmed).count(),
        "photo credits": Credit.objects.filter(
            media__update=update, is_confirmed=False
        ).count(),
        "contributions": Contribution.objects.filter(**unconfirmed).count(),
        "verification notes": VerificationNote.objects.filter(**unconfirmed).count(),
        "roles": Affiliation.objects.filter(source=update, is_confirmed=False).count(),
        "events reported": EventReport.objects.filter(**unconfirmed).count(),
        "figures": ReportedFigure.objects.filter(**unconfirmed).count(),
        "other names": Alias.objects.filter(mentioned, is_confirmed=False).count(),
        "text defects": Correction.objects.filter(
            update=update,
            status=Correction.Status.OPEN,
            explanation__startswith=Correction.PROPOSED_NOTE,
        ).count(),
    }
    return {kind: n for kind, n in counts.items() if n}


def check_publishable(update: Update) -> None:
    """Refuse to publish `update` while anything in it is undecided."""
    undecided = undecided_parts(update)
    if undecided:
        total = sum(undecided.values())
        listed = ", ".join(f"{n} {kind}" for kind, n in undecided.items())
        raise ValidationError(
            f"{total} proposal{'s' if total != 1 else ''} still to confirm or "
            f"reject before this update is published ({listed}).",
            code="undecided",
        )


def _becomes_published(update: Update, stored_status: str | None) -> bool:
    return (
        update.status == Update.Status.PUBLISHED
        and stored_status != Update.Status.PUBLISHED
    )


@transaction.atomic
def save_update(
    update: Update, *, acting_user: AbstractBaseUser | None, reason: str = ""
) -> Update:
    """Save `update` and keep its mentions' copy of `published_at` in step.

    Refused (ValidationError) when the save would publish an update that still
    has undecided proposals.
    """
    stored_at, stored_status = (
        Update.objects.filter(pk=update.pk)
        .values_list("published_at", "status")
        .select_for_update()
        .first()
        if update.pk
        else None
    ) or (None, None)
    if _becomes_published(update, stored_status):
        check_publishable(update)
    record_change(update, acting_user=acting_user, reason=reason)
    update.save()
    if stored_at is not None and stored_at != update.published_at:
        # The copy is derived and left out of the mention history, so one UPDATE
        # per table loses nothing a curator wrote.
        for model in DATED_BY_UPDATE:
            model.objects.filter(update=update).update(published_at=update.published_at)
    return update


@transaction.atomic
def set_update_status(
    update: Update, *, status: str, acting_user: AbstractBaseUser | None
) -> Update:
    """Move `update` to `status` (draft, in review, published), recorded in history.

    Every way to publish comes here or through save_update, and both refuse while
    a proposal in the update is undecided.
    """
    update = lock_update(update.pk)
    if update.status == status:
        return update
    if status == Update.Status.PUBLISHED:
        check_publishable(update)
    update.status = status
    update.full_clean()
    record_change(update, acting_user=acting_user, reason=f"status set to {status}")
    update.save(update_fields=["status"])
    return update


@transaction.atomic
def publish_update(update: Update, *, acting_user: AbstractBaseUser | None) -> Update:
    """Publish `update`, refused while any proposal in it is undecided."""
    return set_update_status(
        update, status=Update.Status.PUBLISHED, acting_user=acting_user
    )


@transaction.atomic
def apply_correction(
    correction: Correction, *, acting_user: AbstractBaseUser | None
) -> Correction:
    """Replace the correction's passage in its update's body and mark it applied.

    The update's original_text is left as received. Raises ValidationError when the
    correction is already applied or its passage is no longer in the body.
    """
    update_id = Correction.objects.values_list("update_id", flat=True).get(
        pk=correction.pk
    )
    update = lock_update(update_id)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status == Correction.Status.APPLIED:
        raise ValidationError(f"Correction #{correction.pk} is already applied.")
    times = update.body.count(correction.original)
    if times == 0:
        raise ValidationError(
            {
                "original": f"“{correction.original}” is not in the body of update "
                f"#{update.pk} any more; edit the correction or the body."
            }
        )
    if times > 1:
        # Which one is meant is not the archive's guess: a wrong one would damage
        # a correct sentence. Quoting more of the passage makes it one.
        raise ValidationError(
            {
                "original": f"“{correction.original}” appears {times} times in the "
                f"body of update #{update.pk}; quote enough of the passage around "
                "the one to correct that it appears once."
            }
        )
    update.body = update.body.replace(correction.original, correction.corrected, 1)
    reason = f"correction #{correction.pk} applied"
    record_change(update, acting_user=acting_user, reason=reason)
    update.save(update_fields=["body"])
    correction.status = Correction.Status.APPLIED
    correction.applied_at = timezone.now()
    correction.applied_by = acting_user if acting_user and acting_user.pk else None
    record_change(correction, acting_user=acting_user, reason=reason)
    correction.save(update_fields=["status", "applied_at", "applied_by"])
    return correction
