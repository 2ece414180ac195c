"""Rendering: the jinja2 environment, the files of the site as keyed artifacts, each page's HTML."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TypeVar

import jinja2
from markupsafe import Markup

from .cache import code_fingerprint
from .labels import date_label, datetime_attribute
from .memo import Memo
from .model import Event, Timeline, event_to_json, event_url, quote_url, source_url, timeline_header_json
from .pages import LISTED_QUOTES, AboutPage, Page, month_url, site_pages, year_url
from .urls import relative_url, root_url

PACKAGE_DIR = Path(__file__).resolve().parent

T = TypeVar("T")


def builtin_theme_dir() -> Path:
    """The theme shipped with sitegen: inside the installed package, or the checkout's theme/."""
    for candidate in (PACKAGE_DIR / "_theme", PACKAGE_DIR.parent / "theme"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("sitegen's built-in theme is missing from the installation")


def theme_search_path(theme_dir: Path | None) -> list[Path]:
    """The theme folders to look in, the project's first, without duplicates."""
    folders = []
    for folder in (theme_dir, builtin_theme_dir()):
        if folder is not None and folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return folders


def compact_json(data: Any) -> str:
    """JSON without spaces, non-ASCII characters as they are."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_for_script(data: Any) -> Markup:
    """JSON safe to embed inside a <script> element: <, >, & and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def make_environment(search_path: list[Path], memos: Path | None = None) -> jinja2.Environment:
    """A jinja2 environment over the theme folders: autoescape on, undefined names are errors.
    With a memo folder, compiled templates are kept in its `templates` folder for the next build
    (and for the other processes of this one): Jinja keys them by their source, and they are in a
    subfolder named by this environment's code and Jinja's version."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder / "templates") for folder in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=None if memos is None else _bytecode_cache(memos / "templates"),
    )
    environment.filters["json_script"] = json_for_script
    environment.filters["date_label"] = date_label
    environment.filters["datetime_attribute"] = datetime_attribute
    return environment


RENDER_FILES = ("render.py", "pages.py", "labels.py", "charts.py", "highlight.py", "markdown_html.py", "urls.py",
                "model.py", "text")


@dataclass(frozen=True)
class Artifact:
    """A file of the site: its path, a key naming everything it is made from, and its maker.

    Two artifacts with the same path and key have the same bytes, so a build can reuse the
    previous file instead of calling `produce`. A large file may also come as `parts`, its bytes
    in pieces, which the writer writes without joining them.
    """

    path: str
    key: str
    produce: Callable[[], bytes]
    parts: Callable[[], Sequence[bytes]] | None = None


def digest(*inputs: Any) -> str:
    """A stable hash of plain data: frozen dataclasses, tuples, dates, enums and text, whose
    generated reprs spell out every field, so equal data gives an equal hash."""
    return hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()


def _bytecode_cache(folder: Path) -> jinja2.FileSystemBytecodeCache:
    """A bytecode cache in a subfolder of `folder` that only this code and Jinja version use
    (how templates compile depends on the environment's settings); other subfolders go."""
    name = digest(code_fingerprint(("render.py",)), jinja2.__version__)[:16]
    if folder.is_dir():
        for other in folder.iterdir():
            if other.name != name and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
            elif other.name != name:
                other.unlink(missing_ok=True)
    (folder / name).mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder / name))


def theme_fingerprint(search_path: list[Path]) -> str:
    """A hash of every file of the theme folders, with their paths."""
    hasher = hashlib.sha256()
    for index, folder in enumerate(search_path):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(f"{index}:{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    return hasher.hexdigest()


def lazy_artifact(path: str, parts: Callable[[], Sequence[bytes]], *inputs: Any) -> Artifact:
    """An artifact made (in `parts`) only when written, keyed by `inputs` (what `parts` depends
    on) and by sitegen's rendering code."""
    return Artifact(path, digest(path, code_fingerprint(RENDER_FILES + ("exports.py",)), *inputs),
                    partial(joined, parts), parts)


def joined(parts: Callable[[], Sequence[bytes]]) -> bytes:
    """The bytes of `parts()` in one piece."""
    return b"".join(parts())


def site_artifacts(timeline: Timeline, environment: jinja2.Environment, site: dict[str, Any],
                   search_path: list[Path], about: Sequence[AboutPage] = (),
                   pages: Sequence[Page] | None = None, memos: Path | None = None) -> Iterator[Artifact]:
    """Every page of the site (`pages`, by default `site_pages(timeline, about)`) and the timeline
    data file, each keyed by what it is made from (the data file's memo in `memos`), one at a
    time: a writer can send the first pages that changed to be rendered before the last are
    keyed."""
    base = digest(code_fingerprint(RENDER_FILES), theme_fingerprint(search_path), site)
    titles = timeline.titles
    for page in site_pages(timeline, about) if pages is None else pages:
        yield Artifact(page.path, digest(base, page.path, page.inputs), partial(render_page, page, environment, site,
                                                                               titles))
    yield lazy_artifact("data/timeline.json", partial(timeline_json_parts, timeline, memos), timeline.fingerprint)


def timeline_json(timeline: Timeline, memos: Path | None = None) -> bytes:
    """The public data file, `data/timeline.json` (`timeline_to_json` as compact JSON). Each
    date's events are kept in a memo in `memos`, when given, for the next build."""
    return b"".join(timeline_json_parts(timeline, memos))


def timeline_json_parts(timeline: Timeline, memos: Path | None = None) -> list[bytes]:
    """`timeline_json` in pieces."""
    memo = Memo(memos, "timeline-json", code_fingerprint(("render.py", "model.py")))
    header = compact_json(timeline_header_json(timeline))
    events = memo_runs(memo, timeline, (), lambda run: ",".join(
        compact_json(event_to_json(e)) for e in run).encode("utf-8"))
    memo.save()
    # The same bytes as the whole object dumped at once: the header's keys, then "events".
    return [f'{header[:-1]},"events":['.encode("utf-8"), *comma_separated(events), b"]}\n"]


def comma_separated(items: list[bytes]) -> list[bytes]:
    """`items` with a comma between each two (the pieces of a JSON array's members)."""
    separated = [b","] * (2 * len(items) - 1) if items else []
    separated[::2] = items
    return separated


def memo_runs(memo: Memo, timeline: Timeline, settings: tuple[str, ...],
              make: Callable[[tuple[Event, ...]], T]) -> list[T]:
    """`make(run)` for each of the timeline's `date_runs`, taken from `memo` when an earlier
    build made it (with the same `settings`), so adding a document makes again only the runs of
    the dates it reports."""
    return [memo.get((run.key, settings), partial(make, run.events)) for run in timeline.date_runs]


def render_page(page: Page, environment: jinja2.Environment, site: dict[str, Any],
                titles: dict[str, str]) -> bytes:
    """The HTML of one page: its template rendered with its context and the site-wide helpers."""
    def url(target: str) -> str:
        return relative_url(target, page.path)

    html = environment.get_template(page.template).render(
        page.context(), site=site, page_path=page.path, root=root_url(page.path), url=url,
        event_url=event_url, source_url=source_url, quote_url=quote_url, year_url=year_url,
        month_url=month_url, source_title=titles.__getitem__, listed_quotes=LISTED_QUOTES,
    )
    return html.encode("utf-8")
