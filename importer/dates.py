"""The day an article was published, when its text implies it."""

import re
from datetime import date, timedelta

from .vocabulary import (
    DATE_IN_TEXT,
    MONTHS,
    WEEKDAYS,
)


class DateRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _date(self) -> tuple[date | None, str]:
        text = "\n".join(self.paragraphs)
        for match in DATE_IN_TEXT.finditer(text):
            month = MONTHS.get(match.group("month") or match.group("month2") or "")
            if month is None:
                continue
            day = int(match.group("day") or match.group("day2"))
            year = int(match.group("year") or match.group("year2"))
            try:
                found = date(year, month, day)
            except ValueError:  # "February 30, 2024"
                continue
            return found, f"the text gives the date: {match.group()}"
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
