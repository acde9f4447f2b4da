"""Bad input: each file gets a clear message and a non-zero exit, and nothing is
written."""

import pytest
from django.core.management import CommandError, call_command

from items.models import Update
from people.models import Person

ARTICLE = (
    "Kremlin spokesman Dmitry S. Peskov said on Tuesday that the talks would go on.\n"
)


def run_import(path, **options):
    call_command("import_article", str(path), **options)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no text in it"),
        (b"   \n\n\t\n", "no text in it"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        ("Die Lage in Belgorod ist ruhig.\nSchöne Grüße".encode("latin-1"), "line 2"),
        (
            b"the weather was fine and nothing else happened today.\n",
            "No persons, organizations or places",
        ),
    ],
    ids=["empty", "blank", "binary", "latin-1", "no entities"],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(path)
    assert not Update.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_another_encoding_names_the_encoding_problem(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.replace("Peskov", "Peskóv").encode("cp1252"))
    with pytest.raises(CommandError, match=r"not UTF-8.*another encoding"):
        run_import(path)


@pytest.mark.django_db
def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:  # a real 50 MB file, sparse on disk
        file.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match="52,428,800 bytes is too large"):
        run_import(path)
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_and_bad_options_are_named(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "absent.txt")
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    with pytest.raises(CommandError, match="--published-on"):
        run_import(path, published_on="24/05/2023")
    with pytest.raises(CommandError, match="--story"):
        run_import(path, story="no-such-story")
    assert not Update.objects.exists()
