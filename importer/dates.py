"""The day an article was published, when its text implies it."""

import re
from datetime import date, timedelta

from . import text as t
from .vocabulary import (
    DATE_IN_TEXT,
    MONTHS,
    WEEKDAYS,
)

# "KYIV, May 30 (Reuters) -", "LUGANSK, March 27. /TASS/.", "LVIV, Ukraine —":
# a dateline opens the story's first paragraph with its city and day.
DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,30}(?:, [A-Z][a-z]+)?,? (?P<month>[A-Z][a-z]{2,8})\.? "
    r"(?P<day>\d{1,2})\b(?:,? (?P<year>\d{4}))?\.?\s*(?:\(|/|—|-)"
)
TWEET_SIGNATURE = re.compile(r"\(@\w+\)")
ISO_DATE = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")


def written_dates(text: str):
    """(date, as written) of each whole date in `text`: "May 30, 2024",
    "30 May 2024"."""
    for match in DATE_IN_TEXT.finditer(text):
        written = match.group("month") or match.group("month2") or ""
        month = MONTHS.get(written.capitalize())
        if month is None:
            continue
        day = int(match.group("day") or match.group("day2"))
        year = int(match.group("year") or match.group("year2"))
        try:
            yield date(year, month, day), match.group()
        except ValueError:  # "February 30, 2024"
            continue


def read_date(text: str) -> date | None:
    """The first whole date in `text`, "2024-05-30" first."""
    match = ISO_DATE.search(text)
    if match is not None:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    return next((found for found, _ in written_dates(text)), None)


class DateRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _date(self) -> tuple[date | None, str]:
        """The page's date line first, then the title's date, then a dateline
        (its year from the page), then the first whole date of the lead that is
        not in a photo caption (a photo's day is not the story's)."""
        for line in t.date_lines(self.removed):
            found = read_date(line)
            if found is not None:
                return found, f"the page's date line: {line}"
        found = read_date(self.title)
        if found is not None:
            return found, f"the title gives the date: {self.title}"
        captions = {caption.paragraph for caption in self.captions}
        for paragraph in self.paragraphs[:3]:
            match = DATELINE.match(paragraph)
            month = MONTHS.get(match.group("month")) if match else None
            if month is None:
                continue
            year = match.group("year")
            if year is None:
                stated = [read_date(p) for p in self.paragraphs]
                years = {d.year for d in stated if d is not None}
                if len(years) != 1:
                    break  # "May 30" with no year in reach
                year = years.pop()
            try:
                found = date(int(year), month, int(match.group("day")))
            except ValueError:
                break
            return found, f"the dateline: {match.group().rstrip(' (/—-')}"
        # "... was written by X, for theguardian.com on Wednesday 16th March
        # 2022 08.32 UTC": a syndicated copy states its original's day.
        for line in self.contribution_lines:
            found = read_date(line) if t.WRITTEN_BY.match(line) else None
            if found is not None:
                return found, f"the syndication line: {line}"
        # Only the lead's: a date further down is of what is recalled ("A
        # reminder that ... on May 7, 2023"), and an embedded tweet's
        # signature ("— Liz Truss (@trussliz) February 21, 2022") is the tweet's.
        text = "\n".join(
            p
            for index, p in enumerate(self.paragraphs[:2])
            if index not in captions and not TWEET_SIGNATURE.search(p)
        )
        for found, written in written_dates(text):
            return found, f"the text gives the date: {written}"
        match = re.search(
            r"\b(second|third|fourth|fifth|sixth) day on (" + "|".join(WEEKDAYS) + r")",
            text,
        )
        if match is not None:
            weekday = WEEKDAYS.index(match.group(2))
            back = (self.today.weekday() - weekday) % 7
            day = self.today - timedelta(days=back)
            return day, (
                f"the text says it is the {match.group(1)} day on {match.group(2)}; "
                f"the week is not in the text, so this is the last {match.group(2)} "
                "before the import: check it"
            )
        return None, ""
