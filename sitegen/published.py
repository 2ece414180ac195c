"""Finding a document's title and publication date in its own header, byline or sign-off lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .model import Precision
from .temporal import Tagger, period_of

HEADER_LINES = 10
FOOTER_LINES = 4

# Lines whose date is never the publication date.
_NOT_PUBLISHED = re.compile(
    r"\b(?:last\s+)?(?:updated?|modified|edited|revised|generated|retrieved|accessed|printed|"
    r"copyright|©)\b", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?:first\s+)?(?:published|posted|dated?|released|issued|publication\s+date)\b\s*(?:on)?\s*[:\-–—]?",
    re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+\S", re.IGNORECASE)
# "News ID: 275219", "Source: X": metadata lines, never titles.
_METADATA = re.compile(r"^\s*[\w .]{1,25}:\s*\S+\s*$|^\s*(?:by|from)\s+\S", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_YEAR = re.compile(r"\d{4}")
MAX_DATELINE_WORDS = 6


@dataclass(frozen=True)
class Line:
    """A line of a document: its text and where it starts; `number` is 1-based."""

    number: int
    start: int
    text: str


def lines_of(text: str, start: int = 0) -> list[Line]:
    """The lines of `text` from offset `start`, with their file line numbers and offsets."""
    number = text.count("\n", 0, start) + 1
    lines = []
    position = start
    for raw in text[start:].split("\n"):
        lines.append(Line(number, position, raw))
        position += len(raw) + 1
        number += 1
    return lines


def find_publication_date(lines: list[Line], tagger: Tagger) -> tuple[date, int] | None:
    """The publication date and its line number, from labelled, byline, dateline or sign-off lines.

    Looks at the first HEADER_LINES and last FOOTER_LINES non-empty lines; lines about updates,
    retrieval or copyright are never taken.
    """
    filled = [line for line in lines if line.text.strip()]
    header, footer = filled[:HEADER_LINES], filled[-FOOTER_LINES:]
    for line in header:
        if _PUBLISHED_LABEL.match(line.text) and not _NOT_PUBLISHED.search(line.text):
            found = _day_in(line.text, tagger, loose=True)
            if found:
                return found, line.number
    for group in (header, list(reversed(footer))):
        for line in group:
            if _NOT_PUBLISHED.search(line.text):
                continue
            found = _day_in(line.text, tagger, loose=False)
            if found:
                return found, line.number
    return None


def _day_in(text: str, tagger: Tagger, loose: bool) -> date | None:
    """The first explicit full date in `text`; unless `loose`, the line must be little else."""
    for timex in tagger.tag(text, None):
        period = period_of(timex.value)
        if period is None or period[2] is not Precision.DAY or not _YEAR.search(timex.text):
            continue
        if not loose:
            rest = text[: timex.start] + " " + text[timex.end:]
            words = _WORD.findall(rest)
            if len(words) > MAX_DATELINE_WORDS or (words and not _BYLINE.match(text)
                                                   and len(words) > 2):
                continue
        return period[0]
    return None


def find_title(lines: list[Line], tagger: Tagger) -> tuple[str, int] | None:
    """The first meaningful line: a Markdown heading, or a line of three or more words that is not
    metadata, a byline or a date."""
    for line in lines:
        stripped = line.text.strip()
        heading = re.match(r"^#{1,6}\s+(.+?)\s*#*$", stripped)
        if heading:
            return heading.group(1), line.number
        if len(_WORD.findall(stripped)) < 3 or _METADATA.match(stripped):
            continue
        if _day_in(stripped, tagger, loose=False) or _NOT_PUBLISHED.search(stripped[:20]):
            continue
        return stripped, line.number
    return None
