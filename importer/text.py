"""Splitting an article into its parts: title, boilerplate, paragraphs, sentences,
captions, contributor lines and capitalized name spans. Pure text, no archive."""

import re
from collections import Counter
from dataclasses import dataclass

# Lines that are the site around the article, not the article, by kind: a
# line that is one of these whole, or (the longer prompts) starts as one does.
SHARE_BUTTON = (
    r"(share|tweet|email|e-mail|print|copy link|link copied|save|comment|whatsapp|"
    r"facebook|twitter|x|linkedin|telegram|reddit|pinterest|flipboard)"
)
SHARE_ITEM = rf"(share( this (article|story|page))?( on| via)? )?{SHARE_BUTTON}"
SHARE_BUTTONS = rf"{SHARE_ITEM}([\s,|•·]+{SHARE_ITEM})*"
FURNITURE = [
    # Advertisement markers.
    r"(skip )?(advertisement|advert|ad|sponsored( content)?)",
    r"(story|article) continues below( this)? (advertisement|ad)",
    # Navigation.
    r"skip to (main |the )?(content|navigation|article|main)",
    r"(read|see|show|load) more( updates| stories)?|continue reading",
    r"back to top|see more updates|supported by|print|menu|search",
    r"related( articles| stories| coverage)?:?|most (read|popular):?",
    # Share buttons, alone or in a row: "Share on Facebook", "Facebook Twitter".
    r"share this (article|story|page)",
    SHARE_BUTTONS,
    r"leave a comment|comments?|\d+ comments?|follow us( on [^.]*)?",
    # Subscription and newsletter prompts.
    r"subscribe( now| today)?|sign up( for [^.]*)?|newsletters?",
    r"(subscribe|sign up|register)\b.{0,160}",
    r"(get|receive|try) (our|the|a) .{0,60}newsletter.{0,160}",
    r"already (a subscriber|have an account)\b.{0,80}|log ?in|sign in",
    # Cookie and consent notices.
    r"(we|this (web)?site|our (web)?site) uses? cookies\b.{0,300}",
    r"(accept|reject|allow|manage) (all )?cookies.{0,100}",
    r"cookie (policy|settings|preferences)",
    # Browser notices: "Your browser is out of date", "Google Chrome Firefox Safari".
    r"(your|this) browser (is|does not)\b.{0,160}",
    r"((google )?chrome|firefox|safari|edge|opera)(\s+((google )?chrome|firefox|"
    r"safari|edge|opera))+",
    # Page labels and counters: "Live Updates", "1 of 4", "93 Posts", "1 min read".
    r"live( updates| blog)?|summary|what we covered|news feed|video|discuss|"
    r"article image|source link|save story|key events|latest|top stories",
    r"\d+ of \d+|\d+ posts?|\d+ min(ute)?s?( read)?|\(updated:\s*\)",
    r"\d{1,2}:\d\d - source: .{1,40}",
    # A live page's clocks: "Kyiv March 6, 6:00 p.m.", one city a line.
    r"[a-z][\w’' -]{1,30} [a-z]{3,9}\.? \d{1,2},? \d{1,2}:\d\d\s*[ap]\.?\s?m\.?",
    # Prompts: "Read more: <another story's headline>", "ALSO READ", donations,
    # apps, comment forms, "follow our Google News channel".
    r"(read more|also read|read also|see also|more on this|read more on)\b.{0,200}",
    r"(support us|donate|make a donation)\b.{0,160}",
    r"(leave a (reply|comment)|your email address will not be published)\b.{0,200}",
    r"(for (all )?the latest|get (all )?(your|the latest) news|start reading|"
    r"get the latest updates)\b.{0,200}",
    r".{0,100}\bfollow us( on [^.]*)?[.!]?|.{0,100}\bour (google news|telegram|"
    r"whatsapp) channel\b.{0,100}",
    r"(want to help|having connection issues)\?.{0,200}",
    # "Similar News:You can also read ...", "Try Our AI Features".
    r"similar news\b.{0,300}|try our .{0,40}",
    # Players, tag lists, appeals and promotions: "Full Screen", "Hide Ad",
    # "Tags France Russia ...", "Support X or become our patron!".
    r"(open in )?full screen( mode)?|hide ad|recommended videos?|related posts?|"
    r"expand all|collapse all|key points|press release|follow \w+( on \w+)?",
    r"share this\b.{0,20}|tags\s.{1,160}",
    r".{0,30}\bsupport us|.{0,120}\bbecome (our|a) patron\b.{0,40}",
    r"(.{0,40}[’']s )?live briefing\b.{0,240}",
    # Donation appeals and reprint notices: "... we have a small favor to ask",
    # "links to the website ... are mandatory", "All rights reserved".
    r".{0,40}\bwe have a small favou?r to ask\b.*",
    r".{0,300}\b(hyper)?links? to\b.{0,120}\b(mandatory|required|obligatory)\b.*",
    r".{0,300}\ball rights reserved\b.{0,300}",
    r"\(refiles? to .{0,200}\)",
]
BOILERPLATE = re.compile(rf"^({'|'.join(FURNITURE)})[.!:]?$", re.IGNORECASE)
CREDIT_MARK = re.compile(
    r"(?:Credit\s*(?:…|\.\.\.|:)|Photograph:|Photo:|Image:|Picture:|"
    r"Image source,)\s*"
)
PHOTO_BY = re.compile(r"\((?:Photo|Image|Picture) by ([^)]+)\)\s*$")
# "(Pic. Ukraine Ministry of Foreign Affairs)"; "... Oleh Kiper. Photo by
# President's office": a credit that ends a caption without "Credit".
PIC = re.compile(
    r"\((?:Pic|Photo)\.\s+([^)]+)\)\s*$|(?<=[.!?])\s+Photo by ([A-Z][^.]{1,60})\.?$"
)
# "(Russian Defense Ministry Press Service via AP)", "(AP Photo/Rodrigo Abd)",
# "[File: Rodrigo Abd/AP]": a credit in brackets that ends a caption.
CREDIT_BRACKETS = re.compile(
    r"[(\[](?:File:\s*)?(?P<credit>[A-Z][^()\[\]]{1,80}?(?: via [^()\[\]]+|"
    r"/[^()\[\]]+))[)\]]\s*$"
)
CONTRIBUTOR_LINE = re.compile(
    r"^(?P<names>[A-Z][^.]*?(?:\.[^.]*?)*?)\s+contributed\s+"
    r"(?P<what>reporting|report|research|additional reporting|"
    r"to this (?:report|story|article))\b[^\n]*$"
)
# A live blog's post stamp with its writer: "15:25 , Maryam Zakir-Hussain".
POST_STAMP = re.compile(
    r"^\d{1,2}:\d\d\s*,\s*(?P<names>[A-Z][\w’'-]+(?: [A-Z][\w’'.-]+){1,2})$"
)
# An author's box under the story: "Martin Fornusek is a reporter for the Kyiv
# Independent, specializing in ...". Its names are the author's life, not news.
AUTHOR_BIO = re.compile(
    r"^(?P<names>[A-Z][\w’'-]+(?: [A-Z][\w’'.-]+){1,2}) is an? (?:[\w-]+ ){0,3}"
    r"(?:reporter|journalist|correspondent|editor|writer|columnist|producer|"
    r"contributor)\b.*$"
)
# A live blog's writers, by shift: "Samantha Lock (now); Maanvi Singh , Joanna
# Walters and Martin Belam (earlier)".
SHIFTS = re.compile(
    r"^(?P<names>[A-Z][^()]{2,200}?\s*\((?:now|earlier)\)"
    r"(?:\s*[;,]?\s*(?:and\s+)?[A-Z][^()]{2,200}?\s*\((?:now|earlier)\))*)\.?$"
)
# A syndication line: "This article titled “…” was written by Tom Ambrose (now)
# and Samantha Lock (earlier), for theguardian.com on Wednesday ...".
WRITTEN_BY = re.compile(
    r"^.{0,400}?\bwas written by (?P<names>[A-Z][^,;]{1,120}?(?:, [A-Z][^,;]{1,60}?)*)"
    r",? for \S+\.\w+"
)
# "Some information for this story was provided by Reuters": whoever is named
# contributed (an organization, as often as not).
PROVIDED_BY = re.compile(
    r"^(?:Some |Additional )?(?:information|reporting|material)"
    r"(?: (?:for|in) this (?:story|report|article))? (?:was|were) "
    r"(?:provided|contributed) by (?P<names>[A-Z][^.;()]{1,80}?)\.?$",
    re.IGNORECASE,
)
REPORTING_BY = re.compile(
    r"^\(?(?:Additional )?reporting by (?P<names>[^;.()]+?)(?:;\s*editing by "
    r"(?P<editors>[^;.()]+?))?\.?\)?$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:By|From (?:[A-Z][\w.]+[’']s?\s+)?)\s*(?P<names>[A-Z][^.]+?)\.?$"
)
# A wire sign-off, its parts in any order and sometimes cut off or run together:
# "(Reporting by Reuters; Writing by Andrew Osborn; Editing by Peter Graff)".
SIGN_OFF_PART = re.compile(
    r"(?P<what>Additional reporting|Reporting|Writing|Editing|Compiled|"
    r"Translat(?:ed|ion)|Research|Fact-checking) by\s+",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(rf"^\(?\s*{SIGN_OFF_PART.pattern}.*$", re.IGNORECASE)
# A line of names alone, as a live blog puts its reporters above a post:
# "Marc Santora and Shashank Bengali", "STANISLAV POHORILOV".
NAMES_LINE = re.compile(
    r"^(?P<names>[A-Z][\w’'-]+(?: [A-Z][\w’'.-]+){1,2}"
    r"(?:(?:, | and )[A-Z][\w’'-]+(?: [A-Z][\w’'.-]+){1,2})*)$"
)
# The line under a reporter's name: "Reporting from Kyiv", "Diplomatic
# correspondent".
ROLE_LINE = re.compile(
    r"^(?:reporting from \w.*|[A-Za-z ]{0,40}\b(?:correspondent|reporter|editor|"
    r"journalist|analyst|producer))$",
    re.IGNORECASE,
)

HONORIFICS = {
    "Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Miss", "Sir", "Dame",
}  # fmt: skip
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Sgt|St|Gov|Sen|Rep|Jr|Sr|No|vs)|"
    r"\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$"
)

TOKEN = (
    r"(?:(?:[A-Z]\.){2,}|(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Sgt|St|Gov|Sen|Rep)\.|"
    r"[A-Z]\.(?=\s+[A-Z])|[A-ZÀ-ÞŠŽČ][\w’'\-]*)"
)
CONNECTOR = r"(?:of|for|the|de|der|von|van|al|el|bin|bint|ibn|ul)"
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


# A site's list of other stories ends the article: what follows is theirs.
# A site's trail to the page: "Home > World", "HomeRussia & FSU".
BREADCRUMB = re.compile(r"^Home(?:[A-Z]|\s*[>/›»|]).{0,60}$")
END_OF_ARTICLE = re.compile(
    r"^(article image|related( articles| stories| news| posts)?|more (stories|news) "
    r"(from|on)\b.*|more from\b.*|most (read|popular)|source link|leave a reply|"
    r"recommended( for you)?|you may also like|discuss|more about( this)?|"
    # A donation appeal runs to the page's end: "… we have a small favor to ask".
    r".{0,40}\bwe have a small favou?r to ask\b.*)[.:]?$",
    re.IGNORECASE,
)
# A list item's time and date alone: "14:30, 01.03.2025", "01.03.2025 14:30".
STAMP = re.compile(
    r"^(?:\d{1,2}:\d\d,?\s+\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+\d{1,2}:\d\d)$"
)
# Text run together by the page: "More explosions heard in Kyivpublished at
# 10:13", "STANISLAV POHORILOVWednesday, 30 November 2022".
GLUED = re.compile(
    r"(?<=[a-z\d])(?=published at \d)|(?<=[A-Z]{2}|[a-z]{2})(?=(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b)|(?<=^Hide Ad)(?=[A-Z])|"
    # "... he added. (Reporting by X in Kyiv; Editing by Y)": the sign-off.
    r"(?<=[.!?”\"])\s+(?=\((?:Additional reporting|Reporting|Writing) by\b)",
    re.MULTILINE,
)
# Markup a copying site left in the text: '< p class="StyledBodyHtml…">Foreign
# volunteers were killed ...' is the paragraph without its tag.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s+[^<>]*)?>")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LETTERS = re.compile(r"[^\W\d_]")


def is_furniture(line: str) -> bool:
    """Site furniture by its kind, or a line no reader would call text: one
    without a word of four letters (a ticker's "38.21 UAH ▼1.09%"), or one in
    another script (a Cyrillic browser notice on an English page)."""
    if BOILERPLATE.match(line) or BREADCRUMB.match(line):
        return True
    if not re.search(r"[^\W\d_]{4,}", line):
        return True
    letters = LETTERS.findall(line)
    if len(CYRILLIC.findall(line)) > len(letters) / 2:
        return True
    return _other_language(line)


# Words of grammar in other languages written in Latin letters, none of them an
# English word: "Sedang Trending 4 bulan yang lalu" (Indonesian, "trending 4
# months ago") is a site's line, not the article's.
_FOREIGN = {
    "yang", "dan", "ini", "itu", "lalu", "bulan", "sedang", "dengan", "untuk",
    "dari", "tahun", "minggu", "los", "las", "del", "una", "por", "para", "hace",
    "horas", "une", "heures", "und", "stunden", "della", "het", "een", "önce",
}  # fmt: skip
_ENGLISH = {"the", "a", "an", "of", "in", "and", "to", "is", "was", "on", "for", "by"}


def _other_language(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line.lower())
    if not words or len(words) > 12:
        return False
    return len(_FOREIGN.intersection(words)) >= 2 and not _ENGLISH.intersection(words)


def teaser(line: str, previous: str | None) -> bool:
    """A cut-off summary of a story ("… in Russia, th…") under its headline
    (a line with no full stop) or at the top of the page."""
    if not line.endswith(("…", "...")) or len(line) < 60:
        return False
    return previous is None or not previous.endswith((".", "!", "?", "”", '"'))


# A line that only dates the page: "August 16, 2024 GMT", "23 April 2023 -
# 21:10", "Published On 21 Mar 2022", "date 2022-11-30 All Sections". It is
# furniture for the text and evidence for the date (importer.dates).
_DATE = (
    r"(?:\d{4}-\d\d-\d\d|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|"
    r"[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
)
DATE_LINE = re.compile(
    # "Published - September 15, 2024 02:57 am IST - KYIV", "Published November
    # 15, 2022last updated November 15, 2022", "Published: MAY 30, 2022 17:07".
    rf"^(?:date|published(?: on)?|updated|posted|last updated)?\s*[:–—-]?\s*(?:at\s+)?"
    rf"(?:\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?[A-Za-z ]{{0,30}}?,?\s+)?"
    # A dateline's city after it ("... IST - KYIV") keeps the line as text.
    rf"(?:[A-Z][a-z]+day,?\s+)?(?P<date>{_DATE})(?!\d)"
    rf"(?![^.]*\s[-–—]\s+[A-Z]{{3,}}$)[^.]{{0,40}}$",
    re.IGNORECASE,
)
DATE_PREFIX = re.compile(r"^date (?P<date>\d{4}-\d\d-\d\d)\s+(?=\S)")


def headline_like(line: str) -> bool:
    """A line in title case ("Ukraine Loses Over 700 Soldiers in Fights With
    Russia's Battlegroup Yug"): a headline, whose capitals are not names."""
    if line.endswith((".", "”", '"', "?", "!")):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) > 3]
    capitals = [w for w in words if w[0].isupper()]
    return len(words) >= 4 and len(capitals) >= 0.75 * len(words)


def split_lines(text: str) -> tuple[str, list[str], list[str]]:
    """(title, paragraphs, removed boilerplate) of `text`.

    The title is the first line when it reads as one (short, no final full
    stop); a line repeating it is site furniture and goes with the boilerplate,
    as does a repeated paragraph, a teaser of another story with its headline,
    and everything after a list of other stories begins.
    """
    text = HTML_TAG.sub("", GLUED.sub("\n", repaired(text)))
    raw = text.split("\n")
    menu = _menu(raw)
    # A list's bullets are layout: "• Around 1,000 people were ..." is text.
    lines = [
        " ".join(line.split()).lstrip("•·▪●◦ ")
        for number, line in enumerate(raw)
        if number not in menu
    ]
    lines = [_without_date_prefix(line) for line in lines if line]
    lines = [part for line in lines for part in line if part]
    removed = [" ".join(raw[number].split()) for number in sorted(menu)]
    # Site furniture above the headline ("Advertisement", "Skip to content") is
    # not the title.
    while lines and (is_furniture(lines[0]) or DATE_LINE.match(lines[0])):
        removed.append(lines.pop(0))
    title = ""
    if lines and len(lines[0]) <= 150 and not lines[0].endswith((".", "”", '"')):
        title = lines.pop(0)
    paragraphs: list[str] = []
    seen = {title.lower()}
    teasers = _other_stories(lines)
    for number, line in enumerate(lines):
        if number in teasers:
            removed.append(line)
        elif line.lower() in seen:
            removed.append("the repeated title line" if line == title else line)
        elif paragraphs and END_OF_ARTICLE.match(line):
            removed.extend(lines[lines.index(line) :])
            break
        elif STAMP.match(line):
            # "14:30, 01.03.2025" under another story's headline, in a list.
            if paragraphs and not paragraphs[-1].endswith((".", "”", '"')):
                removed.append(paragraphs.pop())
            removed.append(line)
        elif is_furniture(line) or DATE_LINE.match(line):
            removed.append(line)
        elif teaser(line, paragraphs[-1] if paragraphs else None):
            # Its headline is the line before, when that reads as one.
            if paragraphs and not paragraphs[-1].endswith((".", "”", '"')):
                removed.append(paragraphs.pop())
            removed.append(line)
        else:
            paragraphs.append(line)
            seen.add(line.lower())
    return title, paragraphs, removed


# Other stories' headlines: "— NATO chief says Finland, Sweden could join
# quite quickly" in a list set off by dashes, or the lines under "READ MORE:".
DASHED_HEADLINE = re.compile(r"^[—–-]\s+.{10,150}(?<![.!”\"])$")
LIST_HEAD = re.compile(
    r"^(?:read more|also read|read also|see also|more on this)\s*:?$", re.IGNORECASE
)


def _other_stories(lines: list[str]) -> set[int]:
    """The lines of each run of two or more dashed headlines, and the headlines
    (lines with no full stop) under a "READ MORE:" heading."""
    found, run = set(), []
    for number, line in enumerate([*lines, ""]):
        if DASHED_HEADLINE.match(line):
            run.append(number)
            continue
        if len(run) >= 2:
            found.update(run)
        run = []
    # Other stories' headlines closing the page, among its furniture: two or
    # more lines of four words or more with no full stop ("Ukrainian army
    # advances on Bakhmut front – Deputy Defence Minister").
    closing = []
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number]
        if is_furniture(line):
            continue
        if (
            line.endswith((".", "”", '"', "!", "?", ")", "…"))
            or len(line.split()) < 4
            or len(line) > 150  # a paragraph cut off, not a headline
            or re.match(r"^\s*(?:[•·▪●◦*-]|\d{1,2}:\d\d)", line)  # a live page's
        ):
            break
        closing.append(number)
    if len(closing) >= 2:
        found.update(closing)
    # A promotion repeated down the page ("What do the strikes on Belgorod
    # mean?" and its blurb, twice): a headline and the line under it, both
    # printed again.
    counts = Counter(line.lower() for line in lines)
    for number, line in enumerate(lines[:-1]):
        after = lines[number + 1]
        if (
            counts[line.lower()] >= 2
            and counts[after.lower()] >= 2
            and after.lower() != line.lower()
            and len(line) <= 120
            and not line.endswith((".", "”", '"', "!", ")"))
            and not is_furniture(line)
            and not is_furniture(after)
        ):
            found.update((number, number + 1))
    for number, line in enumerate(lines):
        if not LIST_HEAD.match(line):
            continue
        for following in range(number + 1, len(lines)):
            if len(lines[following]) > 150 or lines[following].endswith(
                (".", "”", '"', "!")
            ):
                break
            found.add(following)
    return found


# UTF-8 punctuation read as Windows-1252 by a copying site ("Ukraineâ€™s"),
# sometimes half repaired ("Ukraine’€™s"), and an acute accent typed for an
# apostrophe ("Russia´s").
MOJIBAKE = {"’€™": "’", "â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\x9d": "”", "â€”": "—"}
MOJIBAKE_RE = re.compile("|".join(map(re.escape, MOJIBAKE)))
ACUTE_APOSTROPHE = re.compile(r"(?<=[A-Za-z])´(?=[a-z])")


def repaired(text: str) -> str:
    """`text` with its punctuation's encoding defects put right."""
    text = MOJIBAKE_RE.sub(lambda m: MOJIBAKE[m.group()], text)
    return ACUTE_APOSTROPHE.sub("’", text)


BULLET_WORDS = re.compile(r"^\s*[•·▪●◦]\s*\S+(?:\s+\S+){0,2}\s*$")


def _menu(lines: list[str]) -> set[int]:
    """A site's menu: three or more bulleted lines in a row of one to three
    words each ("• Politics", "• Real Estate")."""
    found, run = set(), []
    for number, line in enumerate([*lines, ""]):
        if BULLET_WORDS.match(line):
            run.append(number)
            continue
        if line.strip() and len(run) >= 3:
            found.update(run)
        elif not line.strip() and run:
            continue  # blank lines between a menu's items
        run = []
    if len(run) >= 3:
        found.update(run)
    return found


def _without_date_prefix(line: str) -> list[str]:
    """ "date 2023-03-27 LUGANSK, March 27. /TASS/. ...": the page's date line
    run into the dateline."""
    match = DATE_PREFIX.match(line)
    return [match.group().strip(), line[match.end() :]] if match else [line]


def date_lines(removed: list[str]) -> list[str]:
    """The removed lines that date the page, first first."""
    return [line for line in removed if DATE_LINE.match(line)]


def split_caption(paragraph: str, index: int) -> tuple[str, Caption | None]:
    """A paragraph with a credit line run into it is a photo caption."""
    match = CREDIT_MARK.search(paragraph)
    if match is not None and match.start() > 0:
        caption = paragraph[: match.start()].strip()
        return caption, Caption(caption, paragraph[match.end() :].strip(), index)
    if match is not None and len(paragraph) - match.end() <= 80:
        # "Image: REUTERS/Viacheslav Ratynskyi" alone: a photo with no caption.
        return "", Caption("", paragraph[match.end() :].strip(), index)
    for pattern in (PHOTO_BY, PIC, CREDIT_BRACKETS):
        match = pattern.search(paragraph)
        if match is not None and match.start() > 0:
            caption = paragraph[: match.start()].strip()
            credit = next(g for g in match.groups() if g)
            return caption, Caption(caption, credit.strip(), index)
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
        sentence_start = (
            start in starts
            or not before
            or before[-1] in '“"‘(:'
            # "KIEV, June 20 (Xinhua) -- Energy facilities ...": after a dateline.
            or bool(re.search(r"\)\s*(?:--|[-—–])$", before))
        )
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
    # "People’s Republic", "People’s Council": a possessive inside a name.
    for match in re.finditer(r"(?<!People)[’']s\s+|-based\s+", text):
        pieces.append((text[offset : match.start()], offset))
        offset = match.end()
    pieces.append((text[offset:].removesuffix("-based"), offset))
    return [(piece, at) for piece, at in pieces if piece]


QUOTATION = re.compile(
    r"“([^”]*)(”|$)|\"([^\"]*)(\"|$)|„([^“”]*)([“”]|$)"
    # ‘...’ and '...' (British and wire style), closed by a mark no letter
    # follows, so that "Russia’s" and "What's" stay words; a straight one
    # opens only before a capital.
    r"|‘((?:[^‘’\n]|’(?=\w))*?)(’)(?![\w’])"
    r"|(?:(?<=[\s(:—–-])|^)'([A-Z](?:[^'\n]|'(?=\w))*?)(')(?![\w'])"
)
LOW_HIGH_END = re.compile(r"^([^“”„\"]+)“(?=\s*[,.;]|\s*$)")


def quoted(paragraph: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, words, closed) of each quotation in `paragraph`."""
    found = []
    start = 0
    # The end of a „...“ quotation begun in a paragraph before: "... we will
    # do all this“, said Zelenskyy."
    rest = LOW_HIGH_END.match(paragraph)
    if rest is not None:
        found.append((0, rest.end(), rest.group(1).strip(" ,"), True))
        start = rest.end()
    # „...“ (low-high, as Central European sites print them) as well as “...”.
    for match in QUOTATION.finditer(paragraph, start):
        words = next((g for g in match.group(1, 3, 5, 7, 9) if g is not None), "")
        closed = any(match.group(2, 4, 6, 8, 10))
        found.append((match.start(), match.end(), words.strip(" ,"), closed))
    return found


def sentence_around(paragraph: str, position: int) -> tuple[int, int]:
    for start, end in sentences(paragraph):
        if start <= position < end:
            return start, end
    return 0, len(paragraph)
