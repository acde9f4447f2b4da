"""import_article and the review: a draft with proposals, reusing the archive,
hidden from the public until a curator confirms and publishes."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from importer import review
from importer.models import ArticleImport
from importer.text import split_lines
from items.demo import load_demo_archive
from items.models import Correction, PersonMention, Quote, Update
from items.services import publish_update
from newsarchive.records import Method
from people.models import Organization, Person

from .conftest import ARTICLES, SEED, needs_seed

pytestmark = pytest.mark.usefixtures("small_gazetteer")
ARTICLE = ARTICLES / "08-belgorod-shelling.txt"


def run_import(path=ARTICLE, **options) -> str:
    out = io.StringIO()
    call_command("import_article", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_an_article_becomes_one_draft_with_unconfirmed_proposals():
    run_import(published_on="2023-06-04")
    update = Update.objects.get()
    assert update.status == Update.Status.DRAFT
    assert update.original_text == ARTICLE.read_text(encoding="utf-8")
    assert "Leave a Comment" not in update.body
    assert update.body.count("Russia-Ukraine War News: Live Updates") == 0
    assert update.story.title == "Russia-Ukraine War News: Live Updates"
    assert update.published_at.date().isoformat() == "2023-06-04"
    gladkov = Person.objects.get(name="Vyacheslav Gladkov")
    assert (gladkov.method, gladkov.is_confirmed) == (Method.IMPORTER, False)
    assert {"Gladkov", "Mr. Gladkov"} <= set(
        gladkov.aliases.values_list("name", flat=True)
    )
    mention = PersonMention.objects.get(update=update, person=gladkov)
    assert (mention.method, mention.is_confirmed) == (Method.IMPORTER, False)
    quote = Quote.objects.get(text__startswith="I ask everyone")
    assert (quote.person, quote.channel) == (gladkov, Quote.Channel.TELEGRAM)
    group = Quote.objects.get(text__startswith="on the outskirts").organization
    assert group.name == "Russian Volunteer Corps"
    media = update.media.get()
    assert media.place.name == "Shebekino"
    assert [(c.as_written, c.role) for c in media.credits.all()] == [
        ("Belgorod Regional Government", "originator"),
        ("Reuters", "agency"),
    ]
    assert update.contributions.get().person.name == "Anton Troianovski"
    defects = set(update.corrections.values_list("original", "status"))
    assert ("Ms. Peskov", Correction.Status.OPEN) not in defects  # no evidence
    assert any(original.endswith("shelters. .") for original, _ in defects)
    assert ArticleImport.objects.get().update == update


@pytest.mark.django_db
def test_an_organization_that_provided_information_is_a_contributor(tmp_path):
    article = tmp_path / "depot.txt"
    article.write_text(
        "Drones hit a depot near Belgorod\n\n"
        "BELGOROD, Russia, May 3 (Reuters) - Drones struck an oil depot near "
        "Belgorod on Wednesday, Governor Vyacheslav Gladkov said.\n\n"
        "Some information for this story was provided by Reuters.\n\n"
        "The Associated Press contributed to this report.\n",
        encoding="utf-8",
    )
    run_import(article)
    update = Update.objects.get()
    rows = update.contributions.select_related("organization").order_by("pk")
    assert [(c.person, c.organization.name, c.role) for c in rows] == [
        (None, "Reuters", "contributor"),
        (None, "The Associated Press", "contributor"),
    ]
    assert not any(c.is_confirmed for c in rows)  # proposals, for review


@needs_seed
@pytest.mark.django_db
def test_what_the_archive_knows_is_reused_not_proposed_again():
    load_demo_archive()
    persons, groups = Person.objects.count(), Organization.objects.count()
    run_import(SEED / "live-updates-belgorod-incursion.txt")
    update = Update.objects.filter(article_import__isnull=False).get()
    assert Person.objects.count() == persons
    assert Organization.objects.count() == groups
    peskov = update.person_mentions.get(person__slug="dmitry-peskov")
    assert peskov.person.is_confirmed  # the demo's record, linked
    defence = update.organization_mentions.get(
        organization__name="Ministry of Defence of the Russian Federation"
    )
    assert defence.as_written == "Russian Defense Ministry"
    putin = Correction.objects.get(update=update, original="Ms. Putin")
    assert putin.corrected == "Mr. Putin"


@pytest.mark.django_db
def test_dry_run_prints_the_proposals_and_writes_nothing():
    out = run_import(dry_run=True)
    assert "Vyacheslav Gladkov [new]; also “Mr. Gladkov”, “Gladkov”" in out
    assert "Shebekino [#" in out
    assert "Dry run: nothing was written." in out
    assert not Update.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_same_text_is_not_imported_twice():
    run_import()
    with pytest.raises(Exception, match="imported already, as update #"):
        run_import()
    assert Update.objects.count() == 1


@pytest.mark.django_db
def test_proposals_stay_private_until_confirmed_and_published(api_client, curator):
    run_import()
    update = Update.objects.get()
    slug = Person.objects.get(name="Tatiana Stanovaya").slug
    url = reverse("person-detail", args=[slug])
    assert api_client.get(url).status_code == 404
    assert api_client.get(reverse("update-detail", args=[update.pk])).status_code == 404
    api_client.force_authenticate(curator)
    assert api_client.get(url).status_code == 200
    api_client.force_authenticate(None)

    with pytest.raises(Exception, match="still to confirm or reject"):
        publish_update(update, acting_user=curator)
    proposals = review.proposals_for(update)
    junk = [
        p.key
        for p in proposals
        if p.kind == "person" and p.summary.startswith("Tatiana Stanovaya")
    ]
    review.reject(update, junk, acting_user=curator)
    # Her quote still names her, so she stays until that goes too.
    assert Person.objects.filter(name="Tatiana Stanovaya").exists()
    quote = [p.key for p in review.proposals_for(update) if "Stanovaya" in p.summary]
    review.reject(update, quote, acting_user=curator)
    assert not Person.objects.filter(name="Tatiana Stanovaya").exists()

    rest = [
        p.key
        for p in review.proposals_for(update)
        if not p.is_confirmed and not p.key.startswith("correction:")
    ]
    review.confirm(update, rest, acting_user=curator)
    assert Person.objects.get(name="Denis Kapustin").is_confirmed
    corrections = [p for p in review.proposals_for(update) if p.kind == "text defect"]
    review.confirm(update, [p.key for p in corrections], acting_user=curator)
    update.refresh_from_db()
    assert "shelters. ." not in update.body
    assert "shelters. ." in update.original_text
    publish_update(update, acting_user=curator)
    assert (
        api_client.get(reverse("person-detail", args=["denis-kapustin"])).status_code
        == 200
    )


@pytest.mark.django_db
def test_the_public_export_leaves_unconfirmed_proposals_out(api_client, tmp_path):
    run_import()
    lines = b"".join(api_client.get(reverse("export")).streaming_content)
    assert b"Denis Kapustin" not in lines
    dump = tmp_path / "all.jsonl"
    call_command("export", output=str(dump))  # every status: drafts and proposals
    assert "Denis Kapustin" in dump.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_a_curator_uploads_reviews_and_publishes_in_the_admin(client, curator):
    client.force_login(curator)
    add = reverse("admin:importer_articleimport_add")
    assert client.get(add).status_code == 200
    with ARTICLE.open("rb") as file:
        response = client.post(add, {"file": file, "published_on": "2023-06-04"})
    imported = ArticleImport.objects.get()
    page = reverse("admin:importer_articleimport_change", args=[imported.pk])
    assert response.status_code == 302 and response.url == page
    response = client.get(page)
    assert response.status_code == 200
    assert "Denis Kapustin" in response.content.decode()
    assert "the governor of the Belgorod region" in response.content.decode()

    update = imported.update
    kapustin = next(
        p
        for p in review.proposals_for(update)
        if p.kind == "person" and p.summary.startswith("Denis Kapustin")
    )
    client.post(page, {"action": "reject", "proposal": [kapustin.key]})
    assert not update.person_mentions.filter(person__name="Denis Kapustin").exists()

    client.post(page, {"action": "confirm_all"})
    client.post(page, {"action": "publish"})
    update.refresh_from_db()
    assert update.status == Update.Status.DRAFT  # text defects still to decide
    defects = [p.key for p in review.proposals_for(update) if p.kind == "text defect"]
    client.post(page, {"action": "confirm", "proposal": defects})
    client.post(page, {"action": "publish"})
    update.refresh_from_db()
    assert update.status == Update.Status.PUBLISHED
    queue = client.get(reverse("admin:importer_articleimport_changelist"))
    assert "08-belgorod-shelling.txt" in queue.content.decode()


@pytest.mark.django_db
def test_the_upload_page_refuses_bad_files_and_writes_nothing(
    client, curator, tmp_path
):
    client.force_login(curator)
    add = reverse("admin:importer_articleimport_add")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100))
    with binary.open("rb") as file:
        response = client.post(add, {"file": file})
    assert response.status_code == 200
    assert "binary data" in response.content.decode()
    response = client.post(add, {"text": "nothing much happened here at all."})
    assert "No persons, organizations or places" in response.content.decode()
    assert client.post(add, {}).status_code == 200
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_reviewing_someone_elses_proposal_keys_is_refused(curator):
    run_import()
    update = Update.objects.get()
    with pytest.raises(Exception, match="Not proposals of update"):
        review.confirm(update, ["quote:999999"], acting_user=curator)


@pytest.mark.django_db
def test_an_honorific_the_archive_contradicts_is_a_text_defect():
    load_demo_archive()  # knows "Mr. Peskov"
    run_import()  # the article says "Ms. Peskov"
    update = Update.objects.filter(article_import__isnull=False).get()
    defect = update.corrections.get(original="Ms. Peskov")
    assert defect.corrected == "Mr. Peskov"
    assert defect.status == Correction.Status.OPEN
    peskov = Person.objects.get(slug="dmitry-peskov")
    assert not peskov.aliases.filter(name="Ms. Peskov").exists()


@pytest.mark.django_db
def test_staff_without_importer_permissions_cannot_import_or_review(
    client, django_user_model
):
    run_import()
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    client.force_login(reader)
    page = reverse(
        "admin:importer_articleimport_change", args=[ArticleImport.objects.get().pk]
    )
    assert client.get(reverse("admin:importer_articleimport_add")).status_code == 403
    assert client.post(page, {"action": "publish"}).status_code == 403
    assert Update.objects.get().status == Update.Status.DRAFT


@needs_seed
@pytest.mark.django_db
def test_a_second_article_reuses_what_the_first_proposed():
    run_import()  # 08 proposes Vyacheslav Gladkov, unconfirmed
    out = run_import(SEED / "live-updates-belgorod-incursion.txt", dry_run=True)
    gladkov = Person.objects.get(name="Vyacheslav Gladkov")
    assert f"Vyacheslav Gladkov [#{gladkov.pk}]" in out
    run_import(SEED / "live-updates-belgorod-incursion.txt")
    assert Person.objects.filter(name="Vyacheslav Gladkov").count() == 1
    assert gladkov.mentions.count() == 2


FURNITURE = """Advertisement

SKIP ADVERTISEMENT

Skip to main content

Subscribe to our newsletter for the latest news from Ukraine.

Already a subscriber? Log in

Share on Facebook Share on Twitter

Facebook, Twitter, WhatsApp, Email

Copy link

We use cookies to improve your experience. By continuing you accept our Cookie Policy.

Accept all cookies

Story continues below advertisement

Sponsored content

Sedang Trending 4 bulan yang lalu

Noticias más leídas hace 2 horas para los lectores
"""


@pytest.mark.django_db
def test_a_file_of_site_furniture_is_refused_like_a_text_without_names(tmp_path):
    path = tmp_path / "furniture.txt"
    path.write_text(FURNITURE, encoding="utf-8")
    for options in ({}, {"dry_run": True}):
        with pytest.raises(
            CommandError, match="No persons, organizations or places found"
        ):
            run_import(path, **options)
    assert not Update.objects.exists()
    assert not Person.objects.exists()
    assert not ArticleImport.objects.exists()


def test_furniture_lines_are_removed_and_sentences_like_them_kept():
    sentences = [
        "Ukraine will share intelligence with Poland, Mr. Zelensky said.",
        "Subscribers to the Telegram channel saw the video first.",
        "Advertisement agencies in Kyiv reopened on Monday.",
        "Firefox and Chrome users in Russia reported outages.",
        # Names in another language, in an English sentence, are text.
        "Residents of Dnipro told Ukrainska Pravda para los lectores of Kyiv.",
    ]
    text = FURNITURE + "\n\n".join(sentences)
    title, paragraphs, removed = split_lines(text)
    assert title == ""
    assert paragraphs == sentences
    assert len(removed) == len([line for line in FURNITURE.splitlines() if line])
