"""Discovering and reading the documents of the content folder."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from .errors import DocumentError
from .frontmatter import parse_date_value, split_front_matter
from .model import Source
from .pages import AboutPage
from .published import find_publication_date, find_title, lines_of
from .temporal import Tagger

DOCUMENT_SUFFIXES = (".txt", ".md")
# content/pages/ holds the editors' own pages (an about page), not documents.
PAGES_FOLDER = "pages"


def document_files(content_dir: Path) -> list[tuple[str, Path]]:
    """Every .txt and .md file under `content_dir` as (path under it, "/"-separated; path),
    skipping hidden files and folders, those starting with "_" and the editors' pages; sorted."""
    if not content_dir.is_dir():
        raise DocumentError(content_dir, "content folder not found")
    root = os.fspath(content_dir)
    found: dict[str, Path] = {}
    # Linked folders are not entered (as Path.rglob did): a link to a parent would repeat the
    # documents below it without end, and the watcher does not look inside them either.
    for folder, subfolders, names in os.walk(root):
        below = os.path.relpath(folder, root)
        prefix = "" if below == os.curdir else below.replace(os.sep, "/") + "/"
        subfolders[:] = [name for name in subfolders
                         if not name.startswith((".", "_")) and (prefix or name != PAGES_FOLDER)]
        for name in names:
            if name.startswith((".", "_")) or not name.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            if os.path.isfile(os.path.join(folder, name)):
                found[prefix + name] = content_dir / (prefix + name)
    return sorted(found.items())


def source_id_of(path: Path, content_dir: Path) -> str:
    """The document's id: its path under the content folder, "/"-separated, without extension."""
    return id_of_relative(path.relative_to(content_dir).as_posix())


def id_of_relative(relative: str) -> str:
    """The id of the document at `relative` ("/"-separated, under the content folder)."""
    return relative.rsplit(".", 1)[0]


def read_bytes(path: Path) -> bytes:
    """The file's bytes; raises DocumentError when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror}") from None


def decode_text(data: bytes, path: Path) -> str:
    """The text `Path.read_text(encoding="utf-8")` gives for these bytes (newlines translated).

    Raises DocumentError naming the line of the first byte that is not UTF-8.
    """
    try:
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=None).read()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            path, f"not valid UTF-8 (byte 0x{error.object[error.start]:02x} at offset {error.start});"
            " save the file as UTF-8", line=line) from None


def read_text(path: Path) -> str:
    """The file's text exactly as `Path.read_text(encoding="utf-8")` gives it."""
    return decode_text(read_bytes(path), path)


def read_source(path: Path, content_dir: Path, tagger: Tagger, text: str | None = None) -> Source:
    """Read one document (or parse its already read `text`): front matter, title, publication date."""
    text = read_text(path) if text is None else text
    front = split_front_matter(text, path)
    meta = front.meta
    lines = lines_of(text, front.body_start)

    published = published_line = None
    if "date" in meta:
        try:
            published = parse_date_value(meta["date"])
        except ValueError as error:
            raise DocumentError(path, f"front matter 'date': {error}",
                                line=front.key_lines.get("date")) from None
        published_line = front.key_lines.get("date")
    else:
        found = find_publication_date(lines, tagger)
        if found:
            published, published_line = found

    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise DocumentError(path, f"front matter 'title' must be text, got {title!r}",
                            line=front.key_lines.get("title"))
    if not title:
        found_title = find_title(lines, tagger)
        title = found_title[0] if found_title else path.stem

    return Source(
        id=source_id_of(path, content_dir),
        path=path.relative_to(content_dir).as_posix(),
        title=title,
        text=text,
        body_start=front.body_start,
        format="markdown" if path.suffix.lower() == ".md" else "text",
        published=published,
        published_line=published_line,
        author=_optional_text(meta.get("author")),
        url=_optional_text(meta.get("url")),
        meta=meta,
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def read_about_pages(content_dir: Path) -> list[AboutPage]:
    """The editors' Markdown pages in content/pages/, as site pages under pages/."""
    folder = content_dir / PAGES_FOLDER
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.glob("*.md")):
        text = read_text(path)
        front = split_front_matter(text, path)
        body = text[front.body_start:]
        title = front.meta.get("title")
        heading = re.search(r"^#\s+(.+?)\s*#*$", body, re.MULTILINE)
        if not isinstance(title, str) or not title:
            title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        from .markdown_html import markdown_html  # only sites with about pages need Markdown

        pages.append(AboutPage(f"pages/{path.stem}.html", title, markdown_html(body)))
    return pages
