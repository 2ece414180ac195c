"""The build, top to bottom: read every document, extract, assemble, render, then write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import plotly

from .config import BuildConfig
from .errors import DocumentError
from .events import assemble_events, extract_mentions
from .model import Source, Timeline
from .output import check_replaceable, write_site
from .render import make_environment, render_pages, theme_search_path
from .sources import discover_documents, read_source
from .temporal import default_tagger

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line."""

    documents: int
    events: int
    pages: int
    seconds: float

    def summary(self, output_dir: Path) -> str:
        """One line: documents, events, pages, seconds."""
        return (f"Built {self.documents} documents, {self.events} events, {self.pages} pages "
                f"in {self.seconds:.2f} s into {output_dir}")


def read_sources(config: BuildConfig) -> list[Source]:
    """Every document of the content folder, read; ids must be unique."""
    tagger = default_tagger()
    sources = []
    seen: dict[str, Source] = {}
    for path in discover_documents(config.content_dir):
        source = read_source(path, config.content_dir, tagger)
        if source.id in seen:
            raise DocumentError(path, f"has the same id {source.id!r} as {seen[source.id].path}; "
                                      "rename one of them")
        seen[source.id] = source
        sources.append(source)
    return sources


def assemble_timeline(config: BuildConfig, sources: list[Source]) -> Timeline:
    """The timeline of every dated event the sources report inside the configured range."""
    tagger = default_tagger()
    mentions = [m for source in sources for m in extract_mentions(source, tagger, config.date_range)]
    return Timeline(config.date_range, tuple(sources), tuple(assemble_events(mentions)))


def static_files(search_path: list[Path]) -> dict[str, bytes]:
    """plotly.js and the theme's static assets (the project's theme overriding the built-in)."""
    files = {"assets/plotly.min.js": PLOTLY_JS.read_bytes()}
    for folder in reversed(search_path):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return files


def build(config: BuildConfig) -> BuildReport:
    """Build the site: gather everything first, then write it in one swap."""
    started = time.perf_counter()
    check_replaceable(config.output_dir, [config.content_dir, config.theme_dir, Path.cwd()])
    sources = read_sources(config)
    timeline = assemble_timeline(config, sources)
    search_path = theme_search_path(config.theme_dir)
    site = {"title": config.site_title, "description": config.site_description, "language": "en"}
    files = render_pages(timeline, make_environment(search_path), site)
    files.update(static_files(search_path))
    write_site(files, config.output_dir)
    pages = sum(1 for path in files if path.endswith(".html"))
    return BuildReport(len(sources), len(timeline.events), pages, time.perf_counter() - started)
