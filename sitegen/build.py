"""The build, top to bottom: read every document, extract, assemble, render, then write."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .assembly import Assembly, load_assembly, store_assembly
from .cache import (
    CachedDocument,
    ExtractionCache,
    code_fingerprint,
    remembered_start_keys,
    store_entry,
    store_start_keys,
)
from .cachefiles import load_salted, remove_stale_temporaries, store_salted
from .config import BuildConfig
from .diagnostics import Diagnostic, Diagnostics, count_kinds
from .errors import DocumentError, InterruptedAfterWriting, SitegenError
from .events import extract
from .exports import export_artifacts, sitemap_artifact
from .lock import build_lock
from .memo import Memo
from .model import DateRange, Source, Timeline
from .output import (
    Placed,
    check_replaceable,
    clean_stale_staging,
    output_is_current,
    previous_keys,
    staging_folder_of,
    write_site,
)
from .pages import AboutPage, Page, site_pages
from .parallel import (
    PARALLEL_PAGES_MINIMUM,
    FileMaker,
    MadeAside,
    RenderedAhead,
    WorkerPool,
    exit_with_parent,
    interrupts_deferred,
    process_context,
    stop_pool,
    wait_for,
)
from .progress import Progress
from .render import (
    Artifact,
    digest,
    make_environment,
    site_artifacts,
    theme_fingerprint,
    theme_search_path,
)
from .search import PAGE_PATH as SEARCH_PAGE
from .search import search_artifacts
from .sources import (
    PAGES_FOLDER,
    decode_text,
    document_files,
    id_of_relative,
    read_about_pages,
    read_bytes,
    read_source,
)
from .temporal import default_tagger
from .temporal.starts import known_start_keys, remember_start_keys

CORRECTIONS_FILE = "corrections.toml"
ASSEMBLY_FILE = "assembly.pickle"
MEMO_FOLDER = "memo"


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
        detail = ", ".join(f"{n} {kind}" for kind, n in count_kinds(self.diagnostics).items())
        return f"{len(self.diagnostics)} warnings: {detail}"


@dataclass(frozen=True)
class Documents:
    """Every document of the content folder, read and extracted: their sources in content order,
    their cache keys, the assembled events, and how many were extracted or came from cache."""

    sources: tuple[Source, ...]
    keys: tuple[str, ...]
    assembly: Assembly
    extracted: int
    cached: int


@dataclass(frozen=True)
class DocumentFile:
    """A document's file: its path (and that path under the content folder, "/"-separated), its
    bytes and its cache key."""

    path: Path
    relative: str
    data: bytes
    key: str


def scan_documents(config: BuildConfig, cache: ExtractionCache) -> list[DocumentFile]:
    """Every document's bytes and cache key; ids (paths without extension) must be unique."""
    files = []
    seen: dict[str, Path] = {}
    for relative, path in document_files(config.content_dir):
        source_id = id_of_relative(relative)
        if source_id in seen:
            raise DocumentError(path, f"has the same id {source_id!r} as "
                                      f"{seen[source_id].relative_to(config.content_dir).as_posix()}; rename one of them")
        seen[source_id] = path
        data = read_bytes(path)
        files.append(DocumentFile(path, relative, data, cache.key(relative, data)))
    return files


# Below this many documents to extract, starting worker processes costs more than it saves.
PARALLEL_MINIMUM = 16


def _extract_document(path: Path, text: str, content_dir: Path, date_range: DateRange) -> CachedDocument:
    """Read and extract one document (the unit of work of `read_documents`, also in workers)."""
    tagger = default_tagger()
    source = read_source(path, content_dir, tagger, text)
    return CachedDocument(source, extract(source, tagger, date_range))


def _extract_batch(batch: list[tuple[Path, str, str]], content_dir: Path, date_range: DateRange,
                   cache_folder: Path | None) -> tuple[list[CachedDocument], StartKeysFound]:
    """Extract documents in a worker process, storing each in the cache there (in parallel);
    with them, the first time, the tagger's start keys the worker worked out, so the main
    process can store them for later builds."""
    results = []
    for path, text, key in batch:
        document = _extract_document(path, text, content_dir, date_range)
        if cache_folder is not None:
            store_entry(cache_folder, key, document)
        results.append(document)
    global _START_KEYS_SENT
    keys = None if _START_KEYS_SENT else known_start_keys()
    _START_KEYS_SENT = True
    return results, keys


StartKeysFound = dict[tuple[str, int], Any] | None
# Whether this (worker) process sent its start keys already.
_START_KEYS_SENT = False


def read_documents(config: BuildConfig, cache: ExtractionCache, files: list[DocumentFile],
                   progress: Progress | None = None, previous: Assembly | None = None) -> Documents:
    """Read and extract every document and assemble their events. Documents in `previous` (the
    last build's assembly) are only decoded; the others come from `cache` or are extracted on
    `config.jobs` processes. The result does not depend on the number of jobs nor on `previous`."""
    progress = progress or Progress.silent()
    previous = previous or Assembly()
    progress.stage("reading", len(files))
    sources: list[Source | None] = []
    new: dict[str, CachedDocument] = {}
    missing: list[tuple[int, DocumentFile, str]] = []
    for file in files:
        text = decode_text(file.data, file.path)
        summary = previous.documents.get(file.key)
        if summary is not None:
            cache.keep(file.key)
            sources.append(replace(summary.source, text=text))
            progress.advance()
            continue
        item = cache.load(file.key, text)
        if item is None:
            missing.append((len(sources), file, text))
            sources.append(None)
            continue
        new[file.key] = item
        sources.append(item.source)
        progress.advance()
    for (index, file, _), item in zip(missing, _extract_all(config, cache, missing, progress)):
        new[file.key] = item
        sources[index] = item.source
    keys = tuple(file.key for file in files)
    return Documents(tuple(s for s in sources if s is not None), keys, previous.update(keys, new),
                     len(missing), len(files) - len(missing))


def _extract_all(config: BuildConfig, cache: ExtractionCache, missing: list[tuple[int, DocumentFile, str]],
                 progress: Progress) -> list[CachedDocument]:
    """Extract the documents missing from the cache and store them there."""
    jobs = min(config.jobs or available_cpus(), len(missing))
    if jobs <= 1 or len(missing) < PARALLEL_MINIMUM:
        results = []
        for _, file, text in missing:
            results.append(_extract_document(file.path, text, config.content_dir, config.date_range))
            cache.store(file.key, results[-1])
            progress.advance()
        return results
    size = max(1, min(64, len(missing) // (jobs * 4)))
    batches = [[(file.path, text, file.key) for _, file, text in missing[i:i + size]]
               for i in range(0, len(missing), size)]
    results: list[CachedDocument] = []
    extract = partial(_extract_batch, content_dir=config.content_dir, date_range=config.date_range,
                      cache_folder=cache.entries_folder)
    with interrupts_deferred():
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=process_context(), initializer=exit_with_parent)
        try:
            for future in [pool.submit(extract, batch) for batch in batches]:
                batch_result, start_keys = wait_for(future)
                results.extend(batch_result)
                if start_keys:
                    remember_start_keys(start_keys)
                progress.advance(len(batch_result))
        finally:
            stop_pool(pool)
    return results


def available_cpus() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def assemble_timeline(config: BuildConfig, documents: Documents, diagnostics: Diagnostics) -> Timeline:
    """The timeline of every dated event the documents report inside the configured range, with the
    editors' corrections (content/corrections.toml) applied."""
    for key in documents.keys:
        found = documents.assembly.documents[key].diagnostics
        diagnostics.extend([replace(d, path=str(config.content_dir / d.path)) for d in found])
    events = documents.assembly.sorted_events()
    sources = documents.sources
    corrections_path = config.content_dir / CORRECTIONS_FILE
    if corrections_path.exists():
        from .corrections import apply_corrections, load_corrections

        corrections = load_corrections(corrections_path)
        events, problems = apply_corrections(events, {s.id: s for s in sources}, corrections, config.date_range)
        diagnostics.extend(problems)
    return Timeline(config.date_range, tuple(sources), tuple(events))


def extract_timeline(config: BuildConfig, cache: ExtractionCache | None = None,
                     progress: Progress | None = None,
                     files: list[DocumentFile] | None = None) -> tuple[Documents, Timeline, Diagnostics]:
    """Read, extract and assemble without rendering or writing anything of the site. With a
    persistent cache, the last assembly is read from it and this one stored there."""
    cache = cache or ExtractionCache(config.cache_dir, config.extraction_settings(), persistent=False)
    stored = config.cache_dir / ASSEMBLY_FILE
    previous = load_assembly(stored, cache.salt) if cache.persistent else Assembly()
    remembered = remembered_start_keys(config.cache_dir) if cache.persistent else 0
    files = files if files is not None else scan_documents(config, cache)
    documents = read_documents(config, cache, files, progress, previous)
    if cache.persistent:
        store_start_keys(config.cache_dir, remembered)
        if documents.assembly is not previous:
            store_assembly(stored, cache.salt, documents.assembly, previous)
    diagnostics = Diagnostics()
    return documents, assemble_timeline(config, documents, diagnostics), diagnostics


def site_settings(config: BuildConfig, about: Sequence[AboutPage] = ()) -> dict[str, Any]:
    """What templates know of the configuration (and the editors' pages, for the navigation)."""
    return {"title": config.site_title, "description": config.site_description,
            "language": config.language, "base_url": config.base_url,
            "range_start": config.date_range.start.isoformat(), "range_end": config.date_range.end.isoformat(),
            "pages": [[page.title, page.path] for page in about]}


def plotly_js() -> Path:
    """plotly.js as the installed plotly package ships it (found without importing plotly)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise SitegenError("the plotly package is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve() / "package_data" / "plotly.min.js"


def _plotly_identity(plotly: Path) -> tuple[str, int, int, tuple[str, ...]]:
    """What tells one installed plotly.js from another without reading it: its path, size and
    modification time, and the names of the installed plotly distributions
    ("plotly-6.0.1.dist-info")."""
    status = plotly.stat()
    package = plotly.parent.parent
    versions = tuple(sorted(path.name for path in package.parent.glob(f"{package.name}-*.dist-info")))
    return str(plotly), status.st_size, status.st_mtime_ns, versions


def static_artifacts(search_path: list[Path], memos: Path | None = None) -> list[Artifact]:
    """plotly.js and the theme's static assets (the project's theme overriding the built-in),
    each keyed by a hash of its bytes. plotly.js (4.6 MB) is hashed once per installed plotly:
    its hash is kept in a memo in `memos` under the file's path, size and modification time and
    the installed plotly's version; a theme's files, which an editor may copy over with their
    times kept, are hashed at every build."""
    plotly = plotly_js()
    memo = Memo(memos, "static", "2")
    plotly_key = memo.get(_plotly_identity(plotly), lambda: hashlib.sha256(plotly.read_bytes()).hexdigest())
    memo.save()
    files = {}
    for folder in reversed(search_path):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path
    artifacts = [] if "assets/plotly.min.js" in files else [Artifact("assets/plotly.min.js", plotly_key,
                                                                      plotly.read_bytes)]
    for site_path, path in sorted(files.items()):
        data = path.read_bytes()
        artifacts.append(Artifact(site_path, hashlib.sha256(data).hexdigest(), partial(bytes, data)))
    return sorted(artifacts, key=lambda artifact: artifact.path)


def _export_files(timeline: Timeline, site: dict[str, Any], search_path: list[Path],
                  memos: Path | None) -> list[Artifact]:
    """`export_artifacts` with the signature of a worker's file maker (it needs no theme)."""
    return export_artifacts(timeline, site, memos=memos)


def _parallel(config: BuildConfig, timeline: Timeline) -> bool:
    """Whether there is more than one CPU to use and the site is large enough to repay starting
    worker processes."""
    jobs = config.jobs or available_cpus()
    return jobs > 1 and len(timeline.events) + len(timeline.sources) >= PARALLEL_PAGES_MINIMUM


def _search_aside(config: BuildConfig, timeline: Timeline, site: dict[str, Any], search_path: list[Path],
                  staging: Path, old_keys: dict[str, str], memos: Path, stack: ExitStack) -> Iterator[Placed] | None:
    """The search index, started at once on a forked process of its own (it needs no page, so
    it runs while the page list is made), when workers are worth it and may be forked; None
    otherwise."""
    if not _parallel(config, timeline) or not MadeAside.possible():
        return None
    aside = MadeAside(search_artifacts, timeline, site, search_path, config.output_dir, staging, old_keys, memos)
    stack.callback(aside.close)
    return aside.placed()


def _worker_pool(config: BuildConfig, timeline: Timeline, pages: Sequence[Page], about: Sequence[AboutPage],
                 site: dict[str, Any], search_path: list[Path], stack: ExitStack) -> WorkerPool | None:
    """Worker processes (closed by `stack`) when `_parallel`; None otherwise."""
    if not _parallel(config, timeline):
        return None
    pool = WorkerPool(timeline, pages, about, site, search_path, config.jobs or available_cpus(),
                      config.cache_dir / MEMO_FOLDER)
    stack.callback(pool.close)
    return pool


def _side_files(pool: WorkerPool | None, make: FileMaker, timeline: Timeline, site: dict[str, Any],
                search_path: list[Path], output_dir: Path, staging: Path, old_keys: dict[str, str],
                memos: Path) -> Iterator[Artifact | Placed]:
    """A set of files besides the pages (the search index, the exports): started at once on a
    worker of `pool`, which puts them straight into the `staging` folder, or (without a pool)
    made here when the writer reaches them, so their working memory does not add to the pages'.
    Makers keep what they make, date by date or document by document, in memos in `memos`."""
    if pool is None:
        return _later(make, timeline, site, search_path, memos)
    return pool.make_files(make, output_dir, staging, old_keys, memos)


def _site_files(pages: Iterable[Artifact], pool: WorkerPool | None, search: Iterator[Artifact | Placed],
                side: Callable[..., Iterator[Artifact | Placed]], search_path: list[Path], site: dict[str, Any],
                previous: dict[str, str], memos: Path | None = None) -> Iterator[Artifact | Placed]:
    """Every file of the site in writing order: the pages whose previous file can be reused, the
    others, static assets, the search index (`search`, under way already when made elsewhere),
    exports, sitemap.

    With workers, the pages that changed are sent to them first, so they render while this
    process links the unchanged files; the first few (the longest lists come first) are sent as
    soon as they are keyed. When they are few enough to be sent all at once, this process makes
    the exports itself, before taking them (it would otherwise wait); else a worker makes them."""
    html_paths: list[str] = []
    unchanged: list[Artifact] = []
    changed: list[Artifact] = []
    sent_early: set[str] = set()
    for artifact in pages:
        is_html = artifact.path.endswith(".html")
        if is_html:
            html_paths.append(artifact.path)
        if previous.get(artifact.path) == artifact.key:
            unchanged.append(artifact)
        elif pool is not None and is_html and len(sent_early) < pool.jobs:
            sent_early.add(artifact.path)
            changed += _rendered_by(pool, [artifact])
        else:
            changed.append(artifact)
    html_paths.append(SEARCH_PAGE)
    exports_here = False
    if pool is not None:
        stale = [a for a in changed if a.path.endswith(".html") and a.path not in sent_early]
        exports_here = pool.sends_at_once(len(stale) + len(sent_early))
        sent = {a.path: a for a in _rendered_by(pool, stale)}
        changed = [sent.get(a.path, a) for a in changed]
    exports = side(_export_files, here=exports_here)
    before, after = ([exports], []) if exports_here else ([], [exports])
    return chain(_drain(unchanged), *before, _drain(changed), static_artifacts(search_path, memos), search, *after,
                 _later(_sitemap, html_paths, site))


def _rendered_by(pool: WorkerPool, artifacts: list[Artifact]) -> list[Artifact]:
    """The artifacts, their pages sent to `pool` at once (the writer takes them in this order)."""
    paths = [a.path for a in artifacts]
    ahead = RenderedAhead(paths, pool.render(paths))
    return [Artifact(a.path, a.key, partial(ahead.take, a.path)) for a in artifacts]


def build_inputs(config: BuildConfig, files: list[DocumentFile], search_path: list[Path]) -> str:
    """A hash of everything a build reads: documents, corrections, theme, settings and sitegen."""
    corrections = config.content_dir / CORRECTIONS_FILE
    about = tuple((p.name, p.read_bytes()) for p in sorted((config.content_dir / PAGES_FOLDER).glob("*.md")))
    return digest(tuple((f.relative, f.key) for f in files),
                  corrections.read_bytes() if corrections.exists() else b"", about,
                  theme_fingerprint(search_path), site_settings(config), config.extraction_settings(),
                  code_fingerprint(("",)), _plotly_identity(plotly_js()),
                  os.environ.get("SOURCE_DATE_EPOCH", ""))


def build(config: BuildConfig, progress: Progress | None = None, retained: list[Any] | None = None) -> BuildReport:
    """Build the site: gather everything first, then write it in one swap.

    When nothing it reads has changed since the last build, the build stops there. Otherwise
    extraction comes from the cache for unchanged documents, unchanged pages are not rendered
    again, and unchanged files are not rewritten. The timeline is appended to `retained` when
    given, for a caller that exits at once to leave it unfreed.
    """
    started = time.perf_counter()
    progress = progress or Progress.silent()
    with build_lock(config.cache_dir):
        clean_stale_staging(config.output_dir)
        remove_stale_temporaries(config.cache_dir)
        check_replaceable(config.output_dir, [config.content_dir, config.theme_dir, config.cache_dir, Path.cwd()])
        cache = ExtractionCache(config.cache_dir, config.extraction_settings())
        files = scan_documents(config, cache)
        search_path = theme_search_path(config.theme_dir)
        inputs = build_inputs(config, files, search_path)
        previous = last_build(config, inputs)
        if previous is not None:
            return replace(previous, seconds=time.perf_counter() - started, extracted=0, cached=previous.documents,
                           written=0, unchanged=previous.written + previous.unchanged, removed=0)
        documents, timeline, diagnostics = extract_timeline(config, cache, progress, files)
        if retained is not None:
            retained.append(timeline)
        counts = (len(documents.sources), documents.extracted, documents.cached)
        del documents, files  # the per-document extractions are in the timeline now
        removals: list[threading.Thread] = []  # not empty once the new site is in place
        try:
            report = _make_site(config, progress, timeline, diagnostics, counts, search_path, inputs, started,
                                removals)
            cache.prune()
            remember_build(config, inputs, report)
            for removal in removals:
                removal.join()
        except KeyboardInterrupt:
            if not removals:
                raise
            for removal in removals:  # a few hundredths of a second: the folder is not left behind
                removal.join()
            raise InterruptedAfterWriting from None
    return report


def _make_site(config: BuildConfig, progress: Progress, timeline: Timeline, diagnostics: Diagnostics,
               counts: tuple[int, int, int], search_path: list[Path], inputs: str, started: float,
               removals: list[threading.Thread]) -> BuildReport:
    """Render the site of `timeline` and swap it in (the second half of `build`); its report. The
    previous site is removed by threads added to `removals`, for the caller to join."""
    about = read_about_pages(config.content_dir)
    site = site_settings(config, about)
    previous_files = previous_keys(config.output_dir)
    staging = staging_folder_of(config.output_dir)
    memos = config.cache_dir / MEMO_FOLDER
    with ExitStack() as stack:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        stack.callback(lambda: removals or shutil.rmtree(staging, True))  # unless a thread removes it
        search = _search_aside(config, timeline, site, search_path, staging, previous_files, memos, stack)
        page_list = site_pages(timeline, about, memos)
        pool = _worker_pool(config, timeline, page_list, about, site, search_path, stack)
        pages = site_artifacts(timeline, make_environment(search_path, memos), site, search_path, about, page_list,
                               memos)
        page_count = sum(1 for page in page_list if page.path.endswith(".html")) + 1  # and the search page
        progress.stage("writing", len(page_list) + 1)
        del page_list

        def side(make: FileMaker, here: bool = False) -> Iterator[Artifact | Placed]:
            return _side_files(None if here else pool, make, timeline, site, search_path, config.output_dir,
                               staging, previous_files, memos)
        files = _site_files(pages, pool, search or side(search_artifacts), side, search_path, site,
                            previous_files, memos)
        stats = write_site(files, config.output_dir, inputs, staging, removals)
    progress.finish()
    return BuildReport(counts[0], len(timeline.events), page_count, time.perf_counter() - started,
                       counts[1], counts[2], stats.written, stats.unchanged, stats.removed,
                       tuple(diagnostics.sorted()))


def _drain(items: list[Artifact]) -> Iterator[Artifact]:
    """The items in order, each let go of by the list once handed over."""
    items.reverse()
    while items:
        yield items.pop()


def _later(make: Callable[..., Iterable[Artifact]], *arguments: Any) -> Iterator[Artifact]:
    """The artifacts `make(*arguments)` returns, made only when the writer reaches them (after the
    pages are written), so their working memory does not add to the pages'."""
    yield from make(*arguments)


def _sitemap(html_paths: list[str], site: dict[str, Any]) -> list[Artifact]:
    sitemap = sitemap_artifact([path for path in html_paths if path != "404.html"], site)
    return [sitemap] if sitemap else []


def _record_file(config: BuildConfig) -> Path:
    return config.cache_dir / f"last-build-{digest(str(config.output_dir.resolve()))[:16]}.pickle"


def last_build(config: BuildConfig, inputs: str) -> BuildReport | None:
    """The report of the last build of this output if it read exactly `inputs` and its output
    is still in place; None otherwise."""
    if not output_is_current(config.output_dir, inputs):
        return None
    report = load_salted(_record_file(config), inputs)
    return report if isinstance(report, BuildReport) else None


def remember_build(config: BuildConfig, inputs: str, report: BuildReport) -> None:
    """Record what this build read and reported, for `last_build`."""
    store_salted(_record_file(config), inputs, report)
