"""A name that may be someone the archive holds ("Mr. Strelkov", the archive's
Igor Girkin by his alias "Igor Strelkov") is linked as a guess, shown to the
curator as "maybe X", and never becomes a duplicate silently: confirming it
keeps the link, rejecting it proposes a new person instead."""

import datetime

import pytest

from importer import review
from importer.services import import_article
from items.demo import load_demo_archive
from items.models import PersonMention
from people.models import Person

pytestmark = pytest.mark.usefixtures("small_gazetteer")

TEXT = """Border fighting goes on, bloggers say

Mr. Strelkov wrote on Telegram that the defences in Belgorod were thin.

Dmitri Peskov told reporters in Moscow that the talks were not planned.

Anna Girkina, a teacher in Belgorod, said the shelling went on all night.
"""


def _import():
    return import_article(
        TEXT, source_name="maybe.txt", published_on=datetime.date(2024, 5, 30)
    ).update


def _person_proposals(update):
    return {p.summary: p for p in review.proposals_for(update) if p.kind == "person"}


@pytest.mark.django_db
def test_a_surname_or_a_variant_of_a_known_name_is_proposed_as_maybe_x():
    load_demo_archive()
    persons = Person.objects.count()
    update = _import()
    proposals = _person_proposals(update)
    girkin = proposals["maybe Igor Girkin (as “Mr. Strelkov”)"]
    peskov = proposals["maybe Dmitry S. Peskov (as “Dmitri Peskov”)"]
    assert girkin.maybe == "Mr. Strelkov" and not girkin.is_new
    assert peskov.record.person.name == "Dmitry S. Peskov"
    # Neither became a new person; the one with another first name did.
    assert Person.objects.count() == persons + 1
    assert Person.objects.filter(name="Anna Girkina", is_confirmed=False).exists()


@pytest.mark.django_db
def test_confirming_maybe_x_keeps_the_link_and_rejecting_it_proposes_someone_new(
    curator,
):
    load_demo_archive()
    update = _import()
    proposals = _person_proposals(update)
    girkin = proposals["maybe Igor Girkin (as “Mr. Strelkov”)"]
    peskov = proposals["maybe Dmitry S. Peskov (as “Dmitri Peskov”)"]

    assert review.confirm(update, [girkin.key], acting_user=curator) == 1
    mention = PersonMention.objects.get(pk=girkin.record.pk)
    assert mention.is_confirmed and mention.person.name == "Igor Girkin"

    assert review.reject(update, [peskov.key], acting_user=curator) == 1
    new = Person.objects.get(name="Dmitri Peskov")
    assert not new.is_confirmed
    proposals = _person_proposals(update)
    # Decided guesses are no longer guesses.
    assert not [summary for summary in proposals if summary.startswith("maybe")]
    assert proposals["Dmitri Peskov"].record.person == new
    assert proposals["Igor Girkin (as “Mr. Strelkov”)"].is_confirmed
    assert not PersonMention.objects.filter(
        update=update, person__name="Dmitry S. Peskov"
    ).exists()
