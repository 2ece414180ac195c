"""Rendering many pages, and making the search index and exports, on several processes.

Each worker holds the timeline and the page list (shared when forked, else made at start-up) and
its own jinja environment, and renders the pages it is sent by path, or makes a set of files and
puts them straight into the new site's staging folder (`place_file`), telling the writer what it
placed. `MadeAside` does the latter in a forked process of its own. The bytes are the same as a
single process makes.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from .errors import SitegenError
from .model import Timeline
from .output import Placed, place_file
from .pages import AboutPage, Page, site_pages
from .render import Artifact, make_environment, render_page

# Below this many pages, starting workers costs more than it saves.
PARALLEL_PAGES_MINIMUM = 400
BATCH = 10
# Batches sent ahead per worker: enough to keep every worker busy, few enough that pages rendered
# before the writer wants them do not pile up in memory.
BATCHES_AHEAD = 8

# What a worker process renders from, set once by `_start_worker` in that process only.
_worker: dict[str, Any] = {}
# How often a wait for a worker's result looks whether Ctrl-C was pressed (seconds).
INTERRUPT_POLL = 0.1

T = TypeVar("T")


def wait_for(future: Future[T]) -> T:
    """`future.result()`, with Ctrl-C raising KeyboardInterrupt only between short waits, from
    here. Raised inside the future's own lock, where a plain wait would be, it can leave that lock
    held, and the pool's shutdown then waits for ever for a thread that needs it."""
    with interrupts_deferred():
        while True:
            try:
                return future.result(timeout=INTERRUPT_POLL)
            except TimeoutError:
                if _PRESSED:
                    _PRESSED.clear()
                    raise KeyboardInterrupt from None


# Ctrl-Cs noted while interrupts are deferred, not raised yet.
_PRESSED: list[bool] = []


def _note_interrupt(number: int, frame: Any) -> None:
    _PRESSED.append(True)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Within it, Ctrl-C only is noted: `wait_for` raises it between waits, and leaving raises a
    Ctrl-C nothing raised yet (code that starts or stops a pool runs inside it, so no
    KeyboardInterrupt lands inside the pool's locks). Nested uses share the outermost one.
    Outside the main thread, or where SIGINT is not Python's default handler, nothing changes."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    _PRESSED.clear()
    signal.signal(signal.SIGINT, _note_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if _PRESSED:
        _PRESSED.clear()
        raise KeyboardInterrupt


def process_context() -> multiprocessing.context.BaseContext:
    """How worker processes start.

    `fork` on Linux when this process runs no other thread (a command-line build): workers start
    at once and share the parent's memory (the timeline, the page list) until they write to it.
    They exit with the parent (`exit_with_parent`), so a build killed with `kill -9` leaves
    nothing behind, not even a worker holding the build lock. Otherwise `forkserver`, from a
    server that has imported sitegen: forking while `sitegen serve`'s threads may hold locks
    could deadlock, and macOS's system libraries are not safe to fork. `spawn` where neither
    exists."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The server imports sitegen and builds the tagger once; every worker is forked from it ready.
    context.set_forkserver_preload(["sitegen.parallel_preload"])
    return context


def exit_with_parent() -> None:
    """In a worker process: ignore Ctrl-C (the build stops its workers itself; interrupted while
    sending a result, a worker could leave the pool waiting for ever), and exit as soon as the
    process that started it is gone, even killed with `kill -9` (a worker waiting for work would
    otherwise wait, and hold its memory, for ever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _start_worker(timeline: Timeline, pages: Sequence[Page] | None, about: Sequence[AboutPage],
                  site: dict[str, Any], search_path: list[Path], memos: Path | None) -> None:
    exit_with_parent()
    _worker["timeline"] = timeline
    _worker["pages"] = {page.path: page for page in (site_pages(timeline, about) if pages is None else pages)}
    _worker["environment"] = make_environment(search_path, memos)
    _worker["site"] = site
    _worker["search_path"] = search_path
    _worker["titles"] = timeline.titles


def _render_batch(paths: list[str]) -> list[bytes]:
    pages: dict[str, Page] = _worker["pages"]
    return [render_page(pages[path], _worker["environment"], _worker["site"], _worker["titles"]) for path in paths]


# A maker of a set of files: (timeline, site settings, theme search path, memo folder or None).
FileMaker = Callable[[Timeline, dict[str, Any], list[Path], "Path | None"], Iterable[Artifact]]


def _make_files(make: FileMaker, output_dir: str, staging: str, old_keys: dict[str, str],
                memos: Path | None) -> list[tuple[str, str, bool]]:
    """In a worker: `make_and_place` with the worker's timeline and settings."""
    return make_and_place(make, _worker["timeline"], _worker["site"], _worker["search_path"],
                          output_dir, staging, old_keys, memos)


def make_and_place(make: FileMaker, timeline: Timeline, site: dict[str, Any], search_path: list[Path],
                   output_dir: str, staging: str, old_keys: dict[str, str],
                   memos: Path | None) -> list[tuple[str, str, bool]]:
    """Put every artifact `make` returns in the staging folder, as the writer would
    (`place_file`); their (path, key, written anew)."""
    made: list[tuple[str, str, bool]] = []
    folders: set[str] = set()
    for artifact in make(timeline, site, search_path, memos):
        made.append((artifact.path, artifact.key,
                     place_file(artifact, output_dir, staging, old_keys.get(artifact.path), folders)))
    return made


class MadeAside:
    """A set of files made by a forked process of its own, started at once (a command-line build
    starts it before making the page list, which it does not need). Close it when done."""

    def __init__(self, make: FileMaker, timeline: Timeline, site: dict[str, Any], search_path: list[Path],
                 output_dir: Path, staging: Path, old_keys: dict[str, str], memos: Path | None) -> None:
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_make_aside, daemon=True, args=(
            sending, make, timeline, site, search_path, os.fspath(output_dir), os.fspath(staging), old_keys, memos))
        gc.freeze()  # the child's collector would otherwise copy shared objects by walking them
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        sending.close()

    @staticmethod
    def possible() -> bool:
        """Whether this process may fork one (see `process_context`)."""
        return process_context().get_start_method() == "fork"

    def placed(self) -> Iterator[Placed]:
        """What the process placed, once it is done."""
        try:
            result = self._receiving.recv()
        except EOFError:
            raise SitegenError("a build process stopped before it had made its files") from None
        self._process.join()
        if isinstance(result, BaseException):
            raise result
        for path, key, written in result:
            yield Placed(path, key, written)

    def close(self) -> None:
        """Stop the process if it still runs (the build failed), and wait for it."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiving.close()


def _make_aside(sending: multiprocessing.connection.Connection, make: FileMaker, *arguments: Any) -> None:
    exit_with_parent()
    try:
        result: Any = make_and_place(make, *arguments)
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        result = error
    sending.send(result)
    sending.close()


class WorkerPool:
    """Worker processes that each hold the timeline: they render pages, in order, and make whole
    sets of files (the search index, the exports) beside them (with compiled templates kept in
    `memos`, see `make_environment`). Close it when done."""

    def __init__(self, timeline: Timeline, pages: Sequence[Page], about: Sequence[AboutPage],
                 site: dict[str, Any], search_path: list[Path], jobs: int, memos: Path | None = None) -> None:
        self._jobs = jobs
        context = process_context()
        # Forked workers share `pages`; others make their own (page contexts are not picklable).
        shared = pages if context.get_start_method() == "fork" else None
        self._frozen = shared is not None
        if self._frozen:
            gc.freeze()  # the collector would copy every shared page in each worker by walking it
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                                         initargs=(timeline, shared, tuple(about), site, search_path, memos))

    @property
    def jobs(self) -> int:
        """The number of workers."""
        return self._jobs

    def make_files(self, make: FileMaker, output_dir: Path, staging: Path, old_keys: dict[str, str],
                   memos: Path | None) -> Iterator[Placed]:
        """Start making `make`'s files on a worker, straight into the `staging` folder of the new
        site (linked to the previous files in `output_dir` where unchanged, see `place_file`;
        with its memos in `memos`); what it placed, once asked for, when it is done."""
        with interrupts_deferred():
            future = self._pool.submit(_make_files, make, os.fspath(output_dir), os.fspath(staging), old_keys,
                                       memos)

        def placed() -> Iterator[Placed]:
            for path, key, written in wait_for(future):
                yield Placed(path, key, written)
        return placed()

    def _batches(self, count: int) -> list[range]:
        """How `render` splits `count` pages: one page each for the first few (the longest lists,
        so that they go to different workers), then BATCH at a time."""
        batches, start = [], 0
        for size in [1] * self._jobs + [BATCH] * count:
            if start >= count:
                break
            batches.append(range(start, min(start + size, count)))
            start += size
        return batches

    def sends_at_once(self, pages: int) -> bool:
        """Whether `render` sends this many pages to the workers at once (none waits for the
        reader)."""
        return len(self._batches(pages)) <= self._jobs * BATCHES_AHEAD

    def render(self, paths: Sequence[str]) -> Iterator[bytes]:
        """The HTML of the pages at `paths`, in that order. The first batches are sent at once;
        then batches go a few ahead of the reader, so pages do not pile up in memory."""
        pending = deque([paths[i] for i in batch] for batch in self._batches(len(paths)))
        waiting: deque[Future[list[bytes]]] = deque()
        with interrupts_deferred():
            while pending and len(waiting) < self._jobs * BATCHES_AHEAD:
                waiting.append(self._pool.submit(_render_batch, pending.popleft()))
        return self._rendered(waiting, pending)

    def _rendered(self, waiting: deque[Future[list[bytes]]], pending: deque[list[str]]) -> Iterator[bytes]:
        while waiting:
            yield from wait_for(waiting.popleft())
            if pending:
                with interrupts_deferred():
                    waiting.append(self._pool.submit(_render_batch, pending.popleft()))

    def close(self) -> None:
        """Stop the workers (see `stop_pool`; a Ctrl-C meanwhile is raised once they are)."""
        try:
            with interrupts_deferred():
                stop_pool(self._pool)
        finally:
            if self._frozen:
                gc.unfreeze()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down: work not started is cancelled, work under way is waited for. Workers are
    never terminated: one killed while it holds a queue's lock can leave the pool waiting for
    ever (and they ignore Ctrl-C, so none is interrupted half-way either)."""
    pool.shutdown(wait=True, cancel_futures=True)


class RenderedAhead:
    """Pages rendered by `WorkerPool.render`, taken one by one in the same order."""

    def __init__(self, paths: Sequence[str], pages: Iterator[bytes]) -> None:
        self._paths = iter(paths)
        self._pages = pages

    def take(self, path: str) -> bytes:
        """The next page, which must be the one at `path`."""
        expected = next(self._paths)
        if expected != path:
            raise RuntimeError(f"pages taken out of order: {path} before {expected}")
        return next(self._pages)
