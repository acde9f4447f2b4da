"""Events as curators keep them: rules, the seed's event, merging, the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from items.events import merge_events
from items.models import Event, EventActor, EventReport, Quote, ReportedFigure
from tests.admin_forms import change_form_data, url

from .factories import (
    EventActorFactory,
    EventFactory,
    EventReportFactory,
    QuoteFactory,
    ReportedFigureFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 5, 22)


def test_the_seed_is_a_cross_border_raid_claimed_by_the_free_russia_legion(demo):
    event = Event.objects.get()
    assert event.kind == "cross_border_raid"
    assert event.category == "battles"
    assert event.place.slug == "belgorod-oblast"
    assert (event.started_on, event.ended_on) == (DAY, datetime.date(2023, 5, 24))
    assert event.actors.filter(
        organization__slug="free-russia-legion", role=EventActor.Role.CLAIMED
    ).exists()
    (update,) = event.updates.all()
    claims = {
        (f.quantity, f.value_low, f.claimant.slug, f.update_id)
        for f in event.figures.all()
    }
    assert claims == {
        ("attacks", None, "vyacheslav-gladkov", update.pk),
        ("infrastructure_damaged", 1, "vyacheslav-gladkov", update.pk),
        ("vehicles_destroyed", None, "russian-ministry-of-defence", update.pk),
    }
    assert set(event.quotes.values_list("person__slug", flat=True)) >= {
        "vyacheslav-gladkov",
        "dmitry-peskov",
    }


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(
        started_on=DAY, ended_on=DAY - datetime.timedelta(1), place=None
    )
    with pytest.raises(ValidationError, match="end before it starts"):
        event.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_a_figure_is_a_range_in_order_with_one_claimant():
    figure = ReportedFigureFactory(value_low=20, value_high=30)
    figure.value_high = 10
    with pytest.raises(ValidationError, match="low value up to its high"):
        figure.full_clean()
    figure.value_high = 30
    figure.organization = EventActorFactory().organization
    with pytest.raises(ValidationError, match="one claimant"):
        figure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_overlapping_finds_events_under_way_in_a_range():
    long = EventFactory(started_on=DAY, ended_on=DAY + datetime.timedelta(10))
    one_day = EventFactory(started_on=DAY + datetime.timedelta(3))
    EventFactory(started_on=DAY - datetime.timedelta(5))
    later = DAY + datetime.timedelta(2)
    found = Event.objects.overlapping(later, later + datetime.timedelta(2))
    assert set(found) == {long, one_day}
    assert set(Event.objects.overlapping(end=DAY)) == {
        long,
        *Event.objects.filter(started_on__lt=DAY),
    }


def test_merging_events_moves_reports_actors_figures_and_quotes(curator):
    update, other_update = UpdateFactory(), UpdateFactory()
    keep = EventFactory(started_on=DAY, summary="")
    duplicate = EventFactory(
        started_on=DAY + datetime.timedelta(2), summary="Fighters crossed the border."
    )
    EventReportFactory(event=keep, update=update)
    EventReportFactory(event=duplicate, update=update)  # the same report twice
    EventReportFactory(event=duplicate, update=other_update)
    actor = EventActorFactory(event=duplicate)
    figure = ReportedFigureFactory(event=duplicate, update=other_update)
    quote = QuoteFactory(update=other_update, event=duplicate)

    merge_events(keep, duplicate=duplicate, acting_user=curator)

    keep.refresh_from_db()
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    assert set(keep.updates.all()) == {update, other_update}
    assert EventReport.objects.filter(event=keep).count() == 2
    assert list(keep.actors.all()) == [EventActor.objects.get(pk=actor.pk)]
    assert ReportedFigure.objects.get(pk=figure.pk).event == keep
    assert Quote.objects.get(pk=quote.pk).event == keep
    # The kept event covers both, and takes the summary it lacked.
    assert (keep.started_on, keep.ended_on) == (DAY, DAY + datetime.timedelta(2))
    assert keep.summary == "Fighters crossed the border."
    moved = figure.history.latest()
    assert moved.history_user == curator
    assert "merged" in moved.history_change_reason


def test_an_event_is_not_merged_into_itself(curator):
    event = EventFactory()
    with pytest.raises(ValidationError, match="into itself"):
        merge_events(event, duplicate=event, acting_user=curator)


@pytest.fixture
def admin_client(client, curator):
    client.force_login(curator)
    return client


def test_the_admin_merges_two_events_through_its_action(admin_client):
    keep, duplicate = EventFactory(), EventFactory()
    ReportedFigureFactory(event=duplicate)
    response = admin_client.post(
        url(Event, "changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": keep.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    assert keep.figures.count() == 1
    # The merged event's old address leads to the kept one.
    gone = admin_client.get(url(Event, "change", duplicate.pk))
    assert gone.status_code == 302
    assert gone.url == url(Event, "change", keep.pk)


def test_a_stale_event_form_is_refused_and_loses_nothing(admin_client):
    event = EventFactory(title="Drone strike on Belgorod")
    first = change_form_data(admin_client.get(url(Event, "change", event.pk)))
    second = change_form_data(admin_client.get(url(Event, "change", event.pk)))
    first["title"] = "Drone strike on Belgorod city"
    assert admin_client.post(url(Event, "change", event.pk), first).status_code == 302
    second["title"] = "Drone strikes on Belgorod"
    refused = admin_client.post(url(Event, "change", event.pk), second)
    assert refused.status_code == 200
    assert "changed" in refused.content.decode().lower()
    event.refresh_from_db()
    assert event.title == "Drone strike on Belgorod city"
    assert event.history.count() == 2
