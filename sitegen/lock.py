"""One build at a time per project: an exclusive lock on a file in the cache folder."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import SitegenError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: builds are not serialised
    fcntl = None  # type: ignore[assignment]


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the project's build lock, or fail at once naming the process that holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "build.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise SitegenError(f"another sitegen build is running in this project (pid {holder}); "
                                   f"wait for it to finish (lock: {path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
