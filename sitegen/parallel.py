"""Rendering many pages on several processes.

Each worker receives the timeline once (at start-up), builds its own jinja environment and page
list, and renders the pages it is sent by path. The bytes are the same as a single process makes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator, Sequence

from .model import Timeline
from .pages import AboutPage, Page, site_pages
from .render import make_environment, render_page

# Below this many pages, starting workers costs more than it saves.
PARALLEL_PAGES_MINIMUM = 400
BATCH = 200

# What a worker process renders from, set once by `_start_worker` in that process only.
_worker: dict[str, Any] = {}


def process_context() -> multiprocessing.context.BaseContext:
    """forkserver (spawn where it does not exist). Not fork: forked workers would inherit the
    build lock and their queue pipes, so a build killed with `kill -9` would leave them behind,
    still holding the lock; and forking the threaded `sitegen serve` can deadlock."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The server imports sitegen and builds the tagger once; every worker is forked from it ready.
    context.set_forkserver_preload(["sitegen.parallel_preload"])
    return context


def _start_worker(timeline: Timeline, about: Sequence[AboutPage], site: dict[str, Any],
                  search_path: list[Path]) -> None:
    _worker["pages"] = {page.path: page for page in site_pages(timeline, about)}
    _worker["environment"] = make_environment(search_path)
    _worker["site"] = site
    _worker["titles"] = {source.id: source.title for source in timeline.sources}


def _render_batch(paths: list[str]) -> list[bytes]:
    pages: dict[str, Page] = _worker["pages"]
    return [render_page(pages[path], _worker["environment"], _worker["site"], _worker["titles"]) for path in paths]


def render_pages_in_parallel(paths: Sequence[str], timeline: Timeline, about: Sequence[AboutPage],
                             site: dict[str, Any], search_path: list[Path], jobs: int) -> Iterator[bytes]:
    """The HTML of the pages at `paths`, in that order, rendered on `jobs` processes; pages are
    handed over as they come, so they need not all be held in memory at once."""
    batches = [list(paths[i:i + BATCH]) for i in range(0, len(paths), BATCH)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=process_context(), initializer=_start_worker,
                             initargs=(timeline, tuple(about), site, search_path)) as pool:
        for results in pool.map(_render_batch, batches):
            yield from results


class RenderedAhead:
    """Pages rendered by `render_pages_in_parallel`, taken one by one in the same order."""

    def __init__(self, paths: Sequence[str], pages: Iterator[bytes]) -> None:
        self._paths = iter(paths)
        self._pages = pages

    def take(self, path: str) -> bytes:
        """The next page, which must be the one at `path`."""
        expected = next(self._paths)
        if expected != path:
            raise RuntimeError(f"pages taken out of order: {path} before {expected}")
        return next(self._pages)
