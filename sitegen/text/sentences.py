"""Sentence splitting with exact character offsets (no date knowledge here).

Handles abbreviations and initials, header lines without punctuation, and paragraphs that a
copy-paste broke in the middle of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cmdr", "adm",
    "gov", "sen", "rep", "pres", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "nos", "vs",
    "e.g", "i.e", "u.s", "u.n", "u.k", "u.s.a", "e.u", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri",
    "sat", "sun", "mt", "ft", "approx", "fig", "vol", "p", "pp", "ed", "est", "dept", "univ",
    "ave", "rd", "blvd", "messrs", "rev", "hon", "gov't", "a.m", "p.m",
})
# Words that cannot end a sentence: a paragraph ending in one continues in the next.
_CONTINUATION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "who", "whom", "whose", "its", "their", "his", "her", "our", "as",
    "than", "into", "onto", "between", "about", "is", "are", "was", "were", "be", "has", "have",
})
_BLOCK_BREAK = re.compile(r"\n[ \t\r]*\n\s*")
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([\w.'’]+)$")
_PROSE_LENGTH = 60


@dataclass(frozen=True)
class Sentence:
    """A sentence: `text` is exactly `source[start:end]`, without surrounding white space."""

    start: int
    end: int
    text: str


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of `text[start:end]`, with offsets into `text`."""
    end = len(text) if end is None else end
    sentences = []
    for block_start, block_end in _blocks(text, start, end):
        for piece_start, piece_end in _lines_of_block(text, block_start, block_end):
            sentences.extend(_split_piece(text, piece_start, piece_end))
    return sentences


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs, with a paragraph broken mid-sentence joined to the one that continues it."""
    spans = []
    position = start
    for match in _BLOCK_BREAK.finditer(text, start, end):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, end))
    joined: list[tuple[int, int]] = []
    for span in spans:
        if not text[span[0]:span[1]].strip():
            continue
        if joined and _continues(text[joined[-1][0]:joined[-1][1]], text[span[0]:span[1]]):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def _continues(previous: str, following: str) -> bool:
    last_line = previous.rstrip().rsplit("\n", 1)[-1]
    if len(last_line) < _PROSE_LENGTH or _TERMINAL.search(last_line):
        return False
    first = following.lstrip()[:1]
    last_word = re.findall(r"[\w’']+$", last_line.rstrip())
    return first.islower() or bool(last_word and last_word[0].lower() in _CONTINUATION_WORDS)


def _lines_of_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block at line breaks that end a header-like line; soft wraps stay joined."""
    pieces = []
    piece_start = start
    position = start
    while True:
        newline = text.find("\n", position, end)
        if newline < 0:
            break
        line = text[position:newline].rstrip()
        following = text[newline + 1:end].lstrip()[:1]
        soft_wrap = (not line.strip() or following.islower()
                     or (len(line) >= _PROSE_LENGTH and not _TERMINAL.search(line)))
        if not soft_wrap:
            pieces.append((piece_start, newline))
            piece_start = newline + 1
        position = newline + 1
    pieces.append((piece_start, end))
    return pieces


def _split_piece(text: str, start: int, end: int) -> list[Sentence]:
    sentences = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = _WORD_BEFORE.search(text, sentence_start, match.start() + 1)
        if before and _is_abbreviation(before.group(1), text[match.start()]):
            continue
        sentences.append(_trimmed(text, sentence_start, match.end()))
        sentence_start = match.end()
    sentences.append(_trimmed(text, sentence_start, end))
    return [sentence for sentence in sentences if sentence is not None]


def _is_abbreviation(word: str, mark: str) -> bool:
    if mark != ".":
        return False
    token = word.rstrip(".").lower()
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end]) if end > start else None
