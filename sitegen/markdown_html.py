"""Markdown documents and about pages as HTML: raw HTML shown as text, unsafe links dropped.

Kept apart from highlight.py so that builds of plain-text documents never import Markdown.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    """Drops link and image URLs with schemes such as javascript:."""

    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    element.set(attribute, "#")


class _SafeMarkdown(Extension):
    """Markdown without raw HTML: tags written in a document are shown as text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


def markdown_html(text: str) -> str:
    """Markdown as HTML with raw HTML shown as text and unsafe link schemes dropped."""
    return markdown.markdown(text, extensions=[_SafeMarkdown()], output_format="html")
