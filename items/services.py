from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsarchive.merging import record_change

from .models import (
    Contribution,
    Correction,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    Update,
)

# Records that carry a copy of their update's published_at (models.DatedByUpdate).
DATED_BY_UPDATE = (
    PersonMention,
    OrganizationMention,
    PlaceMention,
    Quote,
    Contribution,
)


@transaction.atomic
def save_update(
    update: Update, *, acting_user: AbstractBaseUser | None, reason: str = ""
) -> Update:
    """Save `update` and keep its mentions' copy of `published_at` in step."""
    stored_at = (
        Update.objects.filter(pk=update.pk)
        .values_list("published_at", flat=True)
        .first()
        if update.pk
        else None
    )
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
    """Move `update` to `status` (draft, in review, published), recorded in history."""
    update = Update.objects.select_for_update().get(pk=update.pk)
    if update.status == status:
        return update
    update.status = status
    update.full_clean()
    record_change(update, acting_user=acting_user, reason=f"status set to {status}")
    update.save(update_fields=["status"])
    return update


@transaction.atomic
def apply_correction(
    correction: Correction, *, acting_user: AbstractBaseUser | None
) -> Correction:
    """Replace the correction's passage in its update's body and mark it applied.

    The update's original_text is left as received. Raises ValidationError when the
    correction is already applied or its passage is no longer in the body.
    """
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status == Correction.Status.APPLIED:
        raise ValidationError(f"Correction #{correction.pk} is already applied.")
    update = Update.objects.select_for_update().get(pk=correction.update_id)
    if correction.original not in update.body:
        raise ValidationError(
            {
                "original": f"“{correction.original}” is not in the body of update "
                f"#{update.pk} any more; edit the correction or the body."
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
