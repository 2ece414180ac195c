"""The build, top to bottom: read every document, extract, assemble, render, then write."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import plotly

from .cache import CachedDocument, ExtractionCache
from .config import BuildConfig
from .diagnostics import Diagnostic, Diagnostics
from .errors import DocumentError
from .events import assemble_events, extract
from .lock import build_lock
from .model import Source, Timeline
from .output import check_replaceable, clean_stale_staging, write_site
from .progress import Progress
from .render import Artifact, make_environment, site_artifacts, theme_search_path
from .sources import decode_text, discover_documents, read_bytes, read_source
from .temporal import default_tagger

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
CORRECTIONS_FILE = "corrections.toml"


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line."""

    documents: int
    events: int
    pages: int
    seconds: float
    extracted: int = 0
    cached: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()

    def summary(self, output_dir: Path, verbose: bool = False) -> str:
        """One line: documents, events, pages, seconds (and, verbose, the incremental detail)."""
        line = (f"Built {self.documents} documents, {self.events} events, {self.pages} pages "
                f"in {self.seconds:.2f} s into {output_dir}")
        if verbose:
            line += (f" ({self.extracted} extracted, {self.cached} from cache; {self.written} files "
                     f"written, {self.unchanged} unchanged, {self.removed} removed; "
                     f"{len(self.diagnostics)} warnings)")
        return line

    def warning_counts(self) -> str:
        """"9 warnings: 8 out-of-range, 1 no-date"."""
        counts: dict[str, int] = {}
        for diagnostic in self.diagnostics:
            counts[diagnostic.kind] = counts.get(diagnostic.kind, 0) + 1
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        return f"{len(self.diagnostics)} warnings: {detail}"


@dataclass(frozen=True)
class Documents:
    """Every document of the content folder, read and extracted, and how many came from cache."""

    items: tuple[CachedDocument, ...]
    extracted: int
    cached: int

    @property
    def sources(self) -> list[Source]:
        """The sources, in content order."""
        return [item.source for item in self.items]


def read_documents(config: BuildConfig, cache: ExtractionCache | None = None,
                   progress: Progress | None = None) -> Documents:
    """Read and extract every document; unchanged documents come from `cache`. Ids must be unique."""
    progress = progress or Progress.silent()
    tagger = default_tagger()
    paths = discover_documents(config.content_dir)
    progress.stage("reading", len(paths))
    items: list[CachedDocument] = []
    seen: dict[str, Source] = {}
    cached_count = 0
    for path in paths:
        data = read_bytes(path)
        text = decode_text(data, path)
        key = cache.key(path.relative_to(config.content_dir).as_posix(), data) if cache else ""
        item = cache.load(key, text) if cache else None
        if item is None:
            source = read_source(path, config.content_dir, tagger, text)
            item = CachedDocument(source, extract(source, tagger, config.date_range))
            if cache:
                cache.store(key, item)
        else:
            cached_count += 1
        if item.source.id in seen:
            raise DocumentError(path, f"has the same id {item.source.id!r} as {seen[item.source.id].path}; "
                                      "rename one of them")
        seen[item.source.id] = item.source
        items.append(item)
        progress.advance()
    return Documents(tuple(items), len(items) - cached_count, cached_count)


def assemble_timeline(config: BuildConfig, documents: Documents, diagnostics: Diagnostics) -> Timeline:
    """The timeline of every dated event the documents report inside the configured range, with the
    editors' corrections (content/corrections.toml) applied."""
    mentions = [mention for item in documents.items for mention in item.extraction.mentions]
    for item in documents.items:
        diagnostics.extend([replace(d, path=str(config.content_dir / d.path)) for d in item.extraction.diagnostics])
    events = assemble_events(mentions)
    sources = documents.sources
    corrections_path = config.content_dir / CORRECTIONS_FILE
    if corrections_path.exists():
        from .corrections import apply_corrections, load_corrections

        corrections = load_corrections(corrections_path)
        events, problems = apply_corrections(events, {s.id: s for s in sources}, corrections, config.date_range)
        diagnostics.extend(problems)
    return Timeline(config.date_range, tuple(sources), tuple(events))


def extract_timeline(config: BuildConfig, cache: ExtractionCache | None = None,
                     progress: Progress | None = None) -> tuple[Documents, Timeline, Diagnostics]:
    """Read, extract and assemble without rendering or writing anything of the site."""
    documents = read_documents(config, cache, progress)
    diagnostics = Diagnostics()
    return documents, assemble_timeline(config, documents, diagnostics), diagnostics


def site_settings(config: BuildConfig) -> dict[str, Any]:
    """What templates know of the configuration."""
    return {"title": config.site_title, "description": config.site_description,
            "language": config.language, "base_url": config.base_url,
            "range_start": config.date_range.start.isoformat(), "range_end": config.date_range.end.isoformat()}


def static_artifacts(search_path: list[Path]) -> list[Artifact]:
    """plotly.js and the theme's static assets (the project's theme overriding the built-in)."""
    files = {"assets/plotly.min.js": PLOTLY_JS}
    for folder in reversed(search_path):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path
    artifacts = []
    for site_path, path in sorted(files.items()):
        stat = path.stat()
        key = f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
        artifacts.append(Artifact(site_path, key, path.read_bytes))
    return artifacts


def build(config: BuildConfig, progress: Progress | None = None) -> BuildReport:
    """Build the site: gather everything first, then write it in one swap.

    Extraction comes from the cache for unchanged documents, unchanged pages are not rendered
    again, and unchanged files are not rewritten.
    """
    started = time.perf_counter()
    progress = progress or Progress.silent()
    with build_lock(config.cache_dir):
        clean_stale_staging(config.output_dir)
        check_replaceable(config.output_dir, [config.content_dir, config.theme_dir, config.cache_dir, Path.cwd()])
        cache = ExtractionCache(config.cache_dir, config.extraction_settings())
        documents, timeline, diagnostics = extract_timeline(config, cache, progress)
        search_path = theme_search_path(config.theme_dir)
        artifacts = site_artifacts(timeline, make_environment(search_path), site_settings(config), search_path)
        artifacts += static_artifacts(search_path)
        progress.stage("writing", len(artifacts))
        stats = write_site(artifacts, config.output_dir)
        progress.finish()
        cache.prune()
    pages = sum(1 for artifact in artifacts if artifact.path.endswith(".html"))
    return BuildReport(len(documents.items), len(timeline.events), pages, time.perf_counter() - started,
                       documents.extracted, documents.cached, stats.written, stats.unchanged, stats.removed,
                       tuple(diagnostics.sorted()))
