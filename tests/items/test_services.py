import datetime

import pytest
from django.core.exceptions import ValidationError

from items.models import Correction, PersonMention, Update
from items.services import apply_correction, save_update, set_update_status

from .factories import (
    ContributionFactory,
    CorrectionFactory,
    PersonMentionFactory,
    QuoteFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_applying_a_correction_changes_the_body_not_the_original(django_user_model):
    user = django_user_model.objects.create_user("curator")
    update = UpdateFactory(
        original_text="It could hurt Ms. Putin.", body="It could hurt Ms. Putin."
    )
    correction = CorrectionFactory(update=update)

    apply_correction(correction, acting_user=user)

    update.refresh_from_db()
    correction.refresh_from_db()
    assert update.body == "It could hurt Mr. Putin."
    assert update.original_text == "It could hurt Ms. Putin."
    assert correction.status == Correction.Status.APPLIED
    assert correction.applied_by == user
    assert correction.applied_at is not None
    last = update.history.first()
    assert last.history_user == user
    assert last.history_change_reason == f"correction #{correction.pk} applied"
    assert last.prev_record.body == "It could hurt Ms. Putin."


def test_a_correction_whose_passage_is_gone_is_refused():
    correction = CorrectionFactory(update__body="Already fixed.")
    with pytest.raises(ValidationError) as error:
        apply_correction(correction, acting_user=None)
    assert "original" in error.value.message_dict
    correction.refresh_from_db()
    assert correction.status == Correction.Status.OPEN


def test_a_correction_is_applied_once():
    correction = CorrectionFactory(update__body="Ms. Putin spoke.")
    apply_correction(correction, acting_user=None)
    with pytest.raises(ValidationError):
        apply_correction(correction, acting_user=None)
    assert Update.objects.get().body == "Mr. Putin spoke."


def test_a_passage_that_appears_twice_is_refused_not_guessed():
    body = "Ms. Putin met Ms. Putin."
    correction = CorrectionFactory(update__body=body)
    with pytest.raises(ValidationError, match="appears 2 times") as error:
        apply_correction(correction, acting_user=None)
    assert "original" in error.value.message_dict
    assert Update.objects.get().body == body
    correction.refresh_from_db()
    assert correction.status == Correction.Status.OPEN


def test_save_update_moves_its_links_dates_along():
    mention = PersonMentionFactory()
    update = mention.update
    quote = QuoteFactory(update=update)
    contribution = ContributionFactory(update=update)
    update.published_at = datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)
    save_update(update, acting_user=None)
    assert PersonMention.objects.get().published_at == update.published_at
    for record in (quote, contribution):
        record.refresh_from_db()
        assert record.published_at == update.published_at


def test_status_changes_are_recorded_in_history(django_user_model):
    user = django_user_model.objects.create_user("curator")
    update = UpdateFactory()
    set_update_status(update, status=Update.Status.PUBLISHED, acting_user=user)
    record = Update.history.filter(id=update.pk).first()
    assert record.status == Update.Status.PUBLISHED
    assert record.history_user == user
    assert Update.objects.published().get() == update
