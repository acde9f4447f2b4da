"""Two curators at once, on PostgreSQL, where rows are really locked.

Each trial posts two admin requests from two threads (two connections) released
together by a barrier. Whatever the interleaving, neither may answer 500 (a
deadlock, a duplicate brought back), and the archive must end consistent.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from items.models import Correction, Update
from people.models import Person

from .admin_forms import change_form_data, url
from .items.factories import CorrectionFactory, UpdateFactory
from .people.factories import PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

TRIALS = 10


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlocks are PostgreSQL's; CI runs this there")


@pytest.fixture
def curator_client(curator):
    def make():
        client = Client(raise_request_exception=False)
        client.force_login(curator)
        return client

    return make


def at_once(*posts):
    """Send each (client, path, data) POST from its own thread, released together;
    their statuses."""
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, post):
        client, path, data = post
        try:
            barrier.wait()
            statuses[index] = client.post(path, data).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def save_post(client, record, **edits):
    """The record's change page opened by `client`, to be saved with `edits`."""
    change = url(type(record), "change", record.pk)
    data = change_form_data(client.get(change))
    data.update(edits)
    return client, change, data


def merge_post(client, keep, duplicate):
    """The changelist's "Merge selected records into one…", keeping `keep`."""
    return (
        client,
        reverse("admin:people_person_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": keep.pk,
        },
    )


def test_applying_a_correction_while_its_update_is_saved_never_deadlocks(
    curator_client,
):
    for _ in range(TRIALS):
        update = UpdateFactory(body="The governor said Ms. Putin spoke.")
        correction = CorrectionFactory(
            update=update, original="Ms. Putin", corrected="Mr. Putin"
        )
        # The save touches the correction row too, so it locks both rows.
        save = save_post(
            curator_client(),
            update,
            **{
                "headline": "Saved during the correction",
                "corrections-0-explanation": "Checked by the first curator.",
            },
        )
        statuses = at_once(
            save,
            (
                curator_client(),
                reverse("admin:items_correction_changelist"),
                {"action": "apply_selected", "_selected_action": [correction.pk]},
            ),
        )
        assert 500 not in statuses, statuses
        assert None not in statuses, statuses
        correction.refresh_from_db()
        update.refresh_from_db()
        if correction.status == Correction.Status.APPLIED:
            assert "Mr. Putin" in update.body


def test_saving_a_duplicate_while_it_is_merged_never_brings_it_back(curator_client):
    keep = Person.objects.create(name="Igor Girkin", slug="igor-girkin")
    for trial in range(TRIALS):
        duplicate = PersonFactory(name=f"I. Strelkov {trial}")
        statuses = at_once(
            save_post(curator_client(), duplicate, description="Edited in a merge."),
            merge_post(curator_client(), keep, duplicate),
        )
        assert 500 not in statuses, statuses
        assert not Person.objects.filter(pk=duplicate.pk).exists(), statuses
        assert f"I. Strelkov {trial}" in keep.names()
    assert Update.objects.count() == 0


def test_merging_persons_while_an_update_mentioning_one_is_saved_never_deadlocks(
    curator_client,
):
    from .items.factories import PersonMentionFactory

    keep = Person.objects.create(name="Igor Girkin", slug="igor-girkin")
    for trial in range(TRIALS):
        mention = PersonMentionFactory(person__name=f"I. Strelkov {trial}")
        duplicate, update = mention.person, mention.update
        # The save touches the mention row, which the merge moves too.
        save = save_post(
            curator_client(),
            update,
            **{
                "headline": "Saved during the merge",
                "person_mentions-0-as_written": "Strelkov, as written",
            },
        )
        statuses = at_once(save, merge_post(curator_client(), keep, duplicate))
        assert 500 not in statuses, statuses
        assert None not in statuses, statuses
        assert not Person.objects.filter(pk=duplicate.pk).exists(), statuses
        assert update.person_mentions.get().person == keep
