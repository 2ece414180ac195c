"""Checks over a built site: every relative link and anchor resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src") or (name == "cite" and tag == "blockquote"):
                self.links.append(value)


def parse_page(path: Path) -> _LinksAndIds:
    """The links and ids of one HTML page."""
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every relative link or #anchor in the site's HTML pages that does not resolve."""
    pages = {path: parse_page(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                problems.append(f"{page.relative_to(site)}: {link} (no such file)")
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return problems


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def unsafe_markup(html: str) -> list[str]:
    """Elements or attributes in a page that could run code: event handlers, javascript: URLs,
    scripts other than the site's own files and embedded JSON, images, frames and objects."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attributes in parser.elements:
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and attributes.get("type") != "application/json" and not (
                attributes.get("src") or "").endswith(("assets/plotly.min.js", "assets/site.js", "assets/search.js")):
            problems.append(f"<script {attributes}>")
        if tag in ("img", "iframe", "object", "embed", "svg"):
            problems.append(f"<{tag}>")
    return problems
