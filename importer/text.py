"""Splitting an article into its parts: title, boilerplate, paragraphs, sentences,
captions, contributor lines and capitalized name spans. Pure text, no archive."""

import re
from dataclasses import dataclass

# Whole lines that are the site around the article, not the article.
BOILERPLATE = re.compile(
    r"^(leave a comment|comments?|share( this( article| story)?)?|advertisement|"
    r"skip to (main )?content|read more|continue reading|subscribe( now)?|"
    r"sign up( for [^.]*)?|follow us( on [^.]*)?|supported by|see more updates|"
    r"print|back to top|related( articles| stories)?:?|\d+ comments?)\.?$",
    re.IGNORECASE,
)
CREDIT_MARK = re.compile(
    r"(?:Credit\s*(?:…|\.\.\.|:)|Photograph:|Photo:|Image:|Picture:)\s*"
)
PHOTO_BY = re.compile(r"\((?:Photo|Image|Picture) by ([^)]+)\)\s*$")
CONTRIBUTOR_LINE = re.compile(
    r"^(?P<names>[A-Z][^.]*?(?:\.[^.]*?)*?)\s+contributed\s+"
    r"(?P<what>reporting|report|research|additional reporting)\b[^\n]*$"
)
REPORTING_BY = re.compile(
    r"^\(?(?:Additional )?reporting by (?P<names>[^;.()]+?)(?:;\s*editing by "
    r"(?P<editors>[^;.()]+?))?\.?\)?$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^By (?P<names>[A-Z][^.]+?)\.?$")

HONORIFICS = {"Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Miss"}
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Sgt|St|Gov|Sen|Rep|Jr|Sr|No|vs)|"
    r"\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$"
)

TOKEN = (
    r"(?:(?:[A-Z]\.){2,}|(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Sgt|St|Gov|Sen|Rep)\.|"
    r"[A-Z]\.(?=\s+[A-Z])|[A-ZÀ-ÞŠŽČ][\w’'\-]*)"
)
CONNECTOR = r"(?:of|for|the|de|von|van|al|bin)"
SPAN = re.compile(rf"{TOKEN}(?:\s+(?:{CONNECTOR}\s+)*{TOKEN})*")
POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class Caption:
    text: str
    credit_line: str
    paragraph: int


@dataclass
class Span:
    text: str  # as written, possessive and leading "The" removed
    start: int  # offset in the paragraph
    end: int
    sentence_start: bool
    paragraph: int


def split_lines(text: str) -> tuple[str, list[str], list[str]]:
    """(title, paragraphs, removed boilerplate) of `text`.

    The title is the first line when it reads as one (short, no final full
    stop); a line repeating it is site furniture and goes with the boilerplate.
    """
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    title = ""
    if lines and len(lines[0]) <= 150 and not lines[0].endswith((".", "”", '"')):
        title = lines.pop(0)
    paragraphs, removed = [], []
    for line in lines:
        if line == title:
            removed.append("the repeated title line")
        elif BOILERPLATE.match(line):
            removed.append(line)
        else:
            paragraphs.append(line)
    return title, paragraphs, removed


def split_caption(paragraph: str, index: int) -> tuple[str, Caption | None]:
    """A paragraph with a credit line run into it is a photo caption."""
    match = CREDIT_MARK.search(paragraph)
    if match is not None and match.start() > 0:
        caption = paragraph[: match.start()].strip()
        return caption, Caption(caption, paragraph[match.end() :].strip(), index)
    match = PHOTO_BY.search(paragraph)
    if match is not None:
        caption = paragraph[: match.start()].strip()
        return caption, Caption(caption, match.group(1).strip(), index)
    return paragraph, None


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `paragraph`."""
    bounds, start = [], 0
    for match in re.finditer(r"[.!?…]+[”\"’']?(?=\s+[“\"‘'(]?[A-Z0-9])", paragraph):
        head = paragraph[start : match.end()]
        if _ABBREVIATION_END.search(head.rstrip("”\"’'")):
            continue
        bounds.append((start, match.end()))
        start = match.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        bounds.append((start, len(paragraph)))
    return bounds


def name_spans(paragraph: str, index: int) -> list[Span]:
    """Runs of capitalized words: candidate names of persons, groups and places."""
    starts = {start for start, _ in sentences(paragraph)}
    spans = []
    for match in SPAN.finditer(paragraph):
        text = match.group()
        start = match.start()
        # A run that starts a sentence or a quotation is capitalized by grammar.
        before = paragraph[:start].rstrip()
        sentence_start = start in starts or not before or before[-1] in '“"‘(:'
        for piece, offset in _split_based(text):
            spans.append(
                Span(
                    text=POSSESSIVE.sub("", piece) if piece[-1] in "’'s" else piece,
                    start=start + offset,
                    end=start + offset + len(piece),
                    sentence_start=sentence_start and offset == 0,
                    paragraph=index,
                )
            )
    return [s for s in spans if s.text]


def _split_based(text: str) -> list[tuple[str, int]]:
    """ "Washington-based Center for ..." is a place and a name; so are
    "Moscow’s Black Sea Fleet": a possessive ends a name."""
    pieces = []
    offset = 0
    for match in re.finditer(r"[’']s\s+|-based\s+", text):
        pieces.append((text[offset : match.start()], offset))
        offset = match.end()
    pieces.append((text[offset:].removesuffix("-based"), offset))
    return [(piece, at) for piece, at in pieces if piece]


def quoted(paragraph: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, words, closed) of each quotation in `paragraph`."""
    found = []
    for match in re.finditer(r"“([^”]*)(”|$)|\"([^\"]*)(\"|$)", paragraph):
        words = (match.group(1) if match.group(1) is not None else match.group(3)) or ""
        closed = bool(match.group(2) or match.group(4))
        found.append((match.start(), match.end(), words.strip(" ,"), closed))
    return found


def sentence_around(paragraph: str, position: int) -> tuple[int, int]:
    for start, end in sentences(paragraph):
        if start <= position < end:
            return start, end
    return 0, len(paragraph)
