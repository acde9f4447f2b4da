"""The importer proposes the event a draft reports and the figures it states."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from importer import review
from importer.events import event_kind, figures
from importer.services import import_article
from items.models import Event, EventReport, ReportedFigure, Update
from items.services import publish_update
from newsarchive.records import Method

pytestmark = pytest.mark.usefixtures("small_gazetteer")

HERE = Path(__file__).parent
DRONES = (HERE / "event-article.txt").read_text(encoding="utf-8")
RAID = (HERE / "raid-article.txt").read_text(encoding="utf-8")


def test_the_kind_of_incident_is_read_from_the_words():
    assert event_kind(DRONES.split("\n\n")) == "drone_strike"
    assert event_kind(RAID.split("\n\n")) == "cross_border_raid"
    assert event_kind(["The president met the prime minister in Kyiv."]) is None


def test_figures_are_read_with_their_values():
    found = figures(DRONES.split("\n\n"), [])
    # Paragraph by paragraph, and in each the quantities in a fixed order.
    assert [(f.quantity, f.low, f.as_written) for f in found] == [
        ("drones_shot_down", 18, "shot down 18 of the drones"),
        ("drones_launched", 20, "launched 20 drones"),
        ("injured", 2, "Two people were injured"),
        ("buildings_damaged", 3, "Three houses were damaged"),
    ]


def test_a_range_and_words_for_numbers():
    found = figures(["Between 20 and 30 people were killed, a dozen people hurt."], [])
    assert [(f.quantity, f.low, f.high) for f in found] == [
        ("killed", 20, 30),
        ("injured", 12, None),
    ]


@pytest.mark.django_db
def test_a_new_incident_becomes_a_draft_event_with_its_figures(demo):
    imported = import_article(
        DRONES, source_name="drones", published_on=datetime.date(2023, 6, 1)
    )
    update = imported.update
    report = EventReport.objects.get(update=update)
    event = report.event
    assert (event.kind, event.status, event.is_confirmed) == (
        "drone_strike",
        Event.Status.DRAFT,
        False,
    )
    assert event.place.name == "Belgorod Oblast"
    assert event.started_on == datetime.date(2023, 6, 1)
    injured = ReportedFigure.objects.get(update=update, quantity="injured")
    assert (injured.value_low, injured.person.slug) == (2, "vyacheslav-gladkov")
    assert (injured.method, injured.is_confirmed) == (Method.IMPORTER, False)
    summaries = [p.summary for p in review.proposals_for(update)]
    assert any(s.startswith("new draft event: Drones hit Belgorod") for s in summaries)
    assert "injured: “Two people were injured”, claimed by Vyacheslav Gladkov" in (
        summaries
    )


@pytest.mark.django_db
def test_a_report_of_an_archived_incident_is_a_maybe(demo):
    imported = import_article(
        RAID, source_name="raid", published_on=datetime.date(2023, 5, 23)
    )
    report = EventReport.objects.get(update=imported.update)
    assert report.event.slug == "belgorod-cross-border-raid-2023-05"
    assert Event.objects.count() == 1
    (proposal,) = [
        p for p in review.proposals_for(imported.update) if p.key.startswith("event:")
    ]
    assert proposal.summary.startswith("maybe: Cross-border raid into Belgorod Oblast")
    assert not proposal.is_new


@pytest.mark.django_db
def test_too_far_in_time_or_place_is_another_event(demo):
    imported = import_article(
        RAID, source_name="raid", published_on=datetime.date(2023, 7, 1)
    )
    event = EventReport.objects.get(update=imported.update).event
    assert event.slug != "belgorod-cross-border-raid-2023-05"


@pytest.mark.django_db
def test_events_and_figures_are_decided_before_publishing(demo, curator):
    update = import_article(
        DRONES, source_name="drones", published_on=datetime.date(2023, 6, 1)
    ).update
    keys = [p.key for p in review.proposals_for(update) if p.kind != "text defect"]
    with pytest.raises(ValidationError, match="events reported"):
        publish_update(update, acting_user=curator)
    review.confirm(update, keys, acting_user=curator)
    event = EventReport.objects.get(update=update).event
    assert event.is_confirmed and event.status == Event.Status.DRAFT
    assert not ReportedFigure.objects.filter(update=update, is_confirmed=False)


@pytest.mark.django_db
def test_rejecting_the_event_takes_its_figures_and_the_new_draft(demo, curator):
    update = import_article(
        DRONES, source_name="drones", published_on=datetime.date(2023, 6, 1)
    ).update
    event = EventReport.objects.get(update=update).event
    (key,) = [p.key for p in review.proposals_for(update) if p.key.startswith("event:")]
    review.reject(update, [key], acting_user=curator)
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not ReportedFigure.objects.filter(update=update).exists()
    assert Update.objects.filter(pk=update.pk).exists()
    rejected = [p.kind for p in review.rejected_for(update)]
    assert "event reported" in rejected and "figure claimed" in rejected


@pytest.mark.django_db
def test_a_figure_the_governor_reported_is_claimed_by_the_governor(demo):
    """The issue's own example: "two people were injured, the governor said"."""
    text = (
        "Drones attack Belgorod Oblast\n\n"
        "Ukrainian drones attacked Belgorod Oblast overnight, Governor Vyacheslav "
        "Gladkov said on Telegram. A drone hit a house in Shebekino.\n\n"
        "Two people were injured, the governor said."
    )
    imported = import_article(
        text, source_name="governor", published_on=datetime.date(2023, 6, 2)
    )
    injured = ReportedFigure.objects.get(update=imported.update, quantity="injured")
    assert (injured.value_low, injured.person.slug) == (2, "vyacheslav-gladkov")
