"""A source's body as HTML, every quoted sentence wrapped in an anchored <mark>.

Quote boundaries are placed in the raw text as private-use characters, the text is turned into
HTML (escaped plain text, or Markdown with raw HTML disabled), and the characters are replaced
by tags afterwards. A quote spanning paragraphs is marked once per paragraph, so tags nest.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


from .model import Source

_OPEN_BASE = 0xE100
_OPEN_LIMIT = 0xF8FF - _OPEN_BASE
_CLOSE = "\ue001"
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Highlight:
    """A span of the source file to mark: its anchor id and the HTML to put after it."""

    start: int
    end: int
    anchor: str
    after_html: str = ""


def source_body_html(source: Source, highlights: list[Highlight]) -> str:
    """The body of `source` as HTML with `highlights` marked; all document text is escaped."""
    body_start = source.body_start
    text = _PRIVATE.sub("\ufffd", source.body)
    insertions: list[tuple[int, int, str]] = []
    ordered = sorted(highlights, key=lambda h: (h.start, h.end))[:_OPEN_LIMIT]
    for index, highlight in enumerate(ordered):
        for segment_start, segment_end in _segments(text, highlight.start - body_start,
                                                    highlight.end - body_start):
            insertions.append((segment_start, 1, chr(_OPEN_BASE + index)))
            insertions.append((segment_end, 0, _CLOSE))
    for position, _, marker in sorted(insertions, key=lambda item: (item[0], item[1]), reverse=True):
        text = text[:position] + marker + text[position:]
    if source.format == "markdown":
        from .markdown_html import markdown_html  # only Markdown documents need Markdown

        rendered = markdown_html(text)
    else:
        rendered = _plain_html(text)
    return _replace_markers(rendered, ordered)


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    segments = []
    position = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        segments.append((position, match.start()))
        position = match.end()
    segments.append((position, end))
    return [(a, b) for a, b in segments if b > a]


def _plain_html(text: str) -> str:
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text)]
    return "\n".join(f"<p>{html.escape(p, quote=False).replace(chr(10), '<br>' + chr(10))}</p>"
                     for p in paragraphs if p.strip())


def _replace_markers(rendered: str, ordered: list[Highlight]) -> str:
    opened: set[int] = set()
    current: list[int] = []

    def replace(match: re.Match[str]) -> str:
        char = match.group(0)
        if char == _CLOSE:
            index = current.pop() if current else -1
            after = ordered[index].after_html if index >= 0 and _is_last(index) else ""
            return "</mark>" + after
        index = ord(char) - _OPEN_BASE
        current.append(index)
        highlight = ordered[index]
        if index in opened:
            return '<mark class="quote">'
        opened.add(index)
        return f'<mark class="quote" id="{html.escape(highlight.anchor)}" tabindex="-1">'

    remaining = {index: rendered.count(chr(_OPEN_BASE + index)) for index in range(len(ordered))}

    def _is_last(index: int) -> bool:
        remaining[index] -= 1
        return remaining[index] == 0

    return re.sub("[\ue001\ue100-\uf8ff]", replace, rendered)

