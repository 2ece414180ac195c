"""Noticing that files changed: a polling watcher over os.scandir/stat with a debounce.

Polling is portable, needs no dependency and is cheap for a project's few hundred files. A burst
of saves (an editor writing a swap file, then the file, then a backup; `git checkout`) becomes one
batch: the batch is handed out only once nothing has changed for a quiet period.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

Stamp = tuple[int, int]
"""What identifies a version of a file cheaply: (modification time in ns, size in bytes)."""

Clock = Callable[[], float]


def ignored_name(name: str) -> bool:
    """Whether a file or folder name is editor or tool noise: hidden (`.x.swp`, `.git`), a backup
    (`x~`), or an Emacs lock (`.#x`, covered by hidden)."""
    return name.startswith(".") or name.endswith("~")


def snapshot(roots: Iterable[Path], excluded: Iterable[Path] = ()) -> dict[Path, Stamp]:
    """The stamp of every file under `roots` (folders, scanned recursively, or single files).

    A root that does not exist contributes nothing, so creating it later shows up as a change.
    Hidden and backup names inside folders are skipped, and so is anything under `excluded`
    (the output and cache folders, which the build itself writes). Symlinked folders are not
    entered, so a link cycle cannot make the scan endless.
    """
    skip = {Path(os.path.abspath(path)) for path in excluded}
    stamps: dict[Path, Stamp] = {}
    for root in roots:
        root = Path(os.path.abspath(root))
        if root.is_dir():
            _scan_folder(root, skip, stamps)
        else:
            _stamp_file(root, stamps)
    return stamps


def _scan_folder(folder: Path, skip: set[Path], stamps: dict[Path, Stamp]) -> None:
    if folder in skip:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:  # removed or unreadable between two scans: it simply has no files now
        return
    for entry in entries:
        if ignored_name(entry.name):
            continue
        path = folder / entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            _scan_folder(path, skip, stamps)
        elif path not in skip:
            _stamp_file(path, stamps)


def _stamp_file(path: Path, stamps: dict[Path, Stamp]) -> None:
    try:
        status = path.stat()
    except OSError:  # absent (yet) or a dangling link: nothing to stamp
        return
    if not stat.S_ISDIR(status.st_mode):
        stamps[path] = (status.st_mtime_ns, status.st_size)


def changed_paths(before: dict[Path, Stamp], after: dict[Path, Stamp]) -> set[Path]:
    """The files added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Debouncer:
    """Collects changed paths and releases them as one batch after a quiet period."""

    def __init__(self, quiet_period: float = 0.3, clock: Clock = time.monotonic) -> None:
        self.quiet_period = quiet_period
        self._clock = clock
        self._pending: set[Path] = set()
        self._last_change = 0.0

    def note(self, paths: Iterable[Path]) -> None:
        """Record changed paths; any change restarts the quiet period."""
        paths = set(paths)
        if paths:
            self._pending |= paths
            self._last_change = self._clock()

    def ready(self) -> frozenset[Path]:
        """The pending batch once the quiet period has passed since the last change (and forget
        it), else an empty set."""
        if not self._pending or self._clock() - self._last_change < self.quiet_period:
            return frozenset()
        batch, self._pending = frozenset(self._pending), set()
        return batch


class Watcher:
    """Polls a set of roots and returns debounced batches of changed files.

    `poll()` does one scan and is what tests drive (with a fake clock); `run()` loops on it in a
    thread until a stop event is set.
    """

    def __init__(self, roots: Iterable[Path], excluded: Iterable[Path] = (), *,
                 quiet_period: float = 0.3, poll_interval: float = 0.1,
                 clock: Clock = time.monotonic) -> None:
        self.poll_interval = poll_interval
        self._debouncer = Debouncer(quiet_period, clock)
        self._roots: tuple[Path, ...] = ()
        self._excluded: tuple[Path, ...] = ()
        self._stamps: dict[Path, Stamp] = {}
        self.watch(roots, excluded)

    def watch(self, roots: Iterable[Path], excluded: Iterable[Path] = ()) -> None:
        """Watch these roots from now on; their current state is the new baseline."""
        self._roots, self._excluded = tuple(roots), tuple(excluded)
        self._stamps = snapshot(self._roots, self._excluded)

    @property
    def roots(self) -> tuple[Path, ...]:
        """The files and folders being watched."""
        return self._roots

    def poll(self) -> frozenset[Path]:
        """Scan once; the batch of changed files if a burst of changes has just settled."""
        stamps = snapshot(self._roots, self._excluded)
        self._debouncer.note(changed_paths(self._stamps, stamps))
        self._stamps = stamps
        return self._debouncer.ready()

    def run(self, on_change: Callable[[frozenset[Path]], None], stop: threading.Event) -> None:
        """Poll every `poll_interval` seconds, calling `on_change(batch)` for each settled batch,
        until `stop` is set. Changes made while `on_change` runs form the next batch."""
        while not stop.wait(self.poll_interval):
            batch = self.poll()
            if batch and not stop.is_set():
                on_change(batch)
