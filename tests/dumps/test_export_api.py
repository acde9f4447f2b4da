"""GET /api/v1/export/: the published archive, or a slice, streamed as a dump."""

import gzip

import orjson
import pytest
from django.core.management import call_command

from items.models import Update

from ..items.factories import PersonMentionFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def download(api_client, **query) -> tuple[object, bytes]:
    response = api_client.get("/api/v1/export/", query)
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response, body


def command_records(tmp_path, *args) -> list[bytes]:
    path = tmp_path / "dump.jsonl"
    call_command("export", "-o", str(path), "--status", "published", *args)
    return path.read_bytes().splitlines()[1:]


def test_anonymous_clients_get_the_published_archive_as_the_command_writes_it(
    tmp_path, api_client, demo
):
    draft = UpdateFactory(status=Update.Status.DRAFT, headline="Not yet public")
    response, body = download(api_client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    lines = body.splitlines()
    assert orjson.loads(lines[0])["filters"] == {"status": ["published"]}
    assert lines[1:] == command_records(tmp_path)
    assert str(draft.uid).encode() not in body


def test_filters_give_the_commands_slice(tmp_path, api_client, demo):
    response, body = download(api_client, place="belgorod-oblast")
    assert response.status_code == 200
    header = orjson.loads(body.splitlines()[0])
    assert header["filters"] == {"place": "belgorod-oblast", "status": ["published"]}
    assert body.splitlines()[1:] == command_records(
        tmp_path, "--place", "belgorod-oblast"
    )
    # A person's slice names only what their updates reference.
    other = UpdateFactory(status=Update.Status.PUBLISHED)
    PersonMentionFactory(update=other)
    response, body = download(api_client, person="igor-girkin")
    assert str(other.uid).encode() not in body


def test_full_text_gives_the_commands_slice(tmp_path, api_client, demo):
    kept = Update.objects.get()
    other = UpdateFactory(status=Update.Status.PUBLISHED, body="Grain talks")
    response, body = download(api_client, q="Belgorod")
    assert response.status_code == 200
    header = orjson.loads(body.splitlines()[0])
    assert header["filters"] == {"q": "Belgorod", "status": ["published"]}
    assert str(kept.uid).encode() in body
    assert str(other.uid).encode() not in body
    assert body.splitlines()[1:] == command_records(tmp_path, "--q", "Belgorod")
    response, body = download(api_client, q="grain -belgorod")
    assert str(other.uid).encode() in body
    assert str(kept.uid).encode() not in body


def test_gzip_when_asked(api_client, demo):
    plain = download(api_client)[1]
    response, packed = download(api_client, compression="gzip")
    assert response["Content-Type"] == "application/gzip"
    assert 'filename="newsarchive-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.jsonl.gz"')
    assert gzip.decompress(packed).splitlines()[1:] == plain.splitlines()[1:]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"person": "nobody"}, "person"),
        ({"published_after": "24 May"}, "published_after"),
        ({"compression": "zip"}, "compression"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api_client, demo, query, parameter):
    response = api_client.get("/api/v1/export/", query)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_downloads_have_their_own_rate(api_client, demo, settings):
    settings.API_RATES = {**settings.API_RATES, "export": "2/hour"}
    codes = [download(api_client)[0].status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert api_client.get("/api/v1/places/").status_code == 200  # the rest still


def test_a_made_up_forwarded_address_does_not_reset_the_download_rate(
    api_client, demo, settings
):
    settings.API_RATES = {**settings.API_RATES, "export": "2/hour"}
    codes = []
    for n in range(3):
        response = api_client.get(
            "/api/v1/export/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        if response.streaming:
            b"".join(response.streaming_content)
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
