"""Reading an article file: what is accepted, and the message for what is not."""

from pathlib import Path

# A live-updates article is a few kilobytes; a file this large is something else.
MAX_BYTES = 2 * 1024 * 1024


class UnreadableArticle(ValueError):
    """The file is not an article the importer can read; the message says why."""


def read_article(path: str | Path) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableArticle(
                f"{path}: {size:,} bytes is too large for an article "
                f"(at most {MAX_BYTES:,}); split it into one file per article."
            )
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableArticle(f"{path}: {error.strerror or error}") from error
    return decode_article(data, name=str(path))


def decode_article(data: bytes, *, name: str = "the file") -> str:
    """The text of `data`, which must be UTF-8 plain text with some words in it."""
    if len(data) > MAX_BYTES:
        raise UnreadableArticle(
            f"{name}: {len(data):,} bytes is too large for an article "
            f"(at most {MAX_BYTES:,})."
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise UnreadableArticle(
            f"{name}: binary data (a NUL byte at offset {nul}), not plain text; "
            "save the article as UTF-8 text."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableArticle(
            f"{name}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8; the "
            "file is in another encoding. Convert it first, e.g. "
            "`iconv -f windows-1252 -t utf-8`."
        ) from error
    controls = [c for c in text if ord(c) < 32 and c not in "\n\r\t\f"]
    if len(controls) > 8:
        raise UnreadableArticle(f"{name}: control characters: not plain text.")
    if not any(c.isalpha() for c in text):
        raise UnreadableArticle(f"{name}: the file has no text in it.")
    return text.replace("\r\n", "\n").replace("\r", "\n")
