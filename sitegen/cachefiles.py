"""Files of the cache folder: written whole or not at all, read back only by the code that wrote
them, and never fatal when damaged (an unreadable file is an empty cache entry).

This module imports nothing of sitegen's own.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, NamedTuple

# What reading a damaged or foreign pickle can raise.
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
              IndexError, KeyError, MemoryError)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` at `path` through `<name>.tmp-<pid>` renamed into place, so a reader sees the
    old file or the new one, never half of one (`remove_stale_temporaries` removes what a killed
    writer left). Safe from worker processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def remove_stale_temporaries(cache_dir: Path) -> None:
    """Remove the temporary files of writers killed half-way in the cache folder and its
    subfolders; call it holding the build lock, when no other build can be writing."""
    for pattern in ("*.tmp-*", "*/*.tmp-*"):
        for path in cache_dir.glob(pattern):
            if path.is_file():
                path.unlink(missing_ok=True)


def store_salted(path: Path, salt: Any, value: Any) -> int:
    """Pickle `value` at `path` with `salt` (what must be the same for it to be read back: the
    code that made it, its settings, a format); the bytes written."""
    data = pickle.dumps((salt, value), protocol=pickle.HIGHEST_PROTOCOL)
    write_atomically(path, data)
    return len(data)


class Framed(NamedTuple):
    """What `read_framed` read."""

    value: Any  # what `store_salted` stored
    frames: list[Any]  # what `append_frame` added since, in order
    whole: bool  # whether all of the file could be read (else it should be written anew)
    stored_size: int  # the bytes `store_salted` wrote (the file holds `stored_size` + frames)


def read_framed(path: Path, salt: Any) -> Framed | None:
    """The value `store_salted` stored at `path` with the same `salt` and the frames
    `append_frame` added to it since (a frame left unfinished by a writer killed while appending
    is dropped, and the file is then not `whole`). None when there is no such file, its salt
    differs or it cannot be read."""
    try:
        handle = path.open("rb")
    except OSError:
        return None
    with handle:
        try:
            stored_salt, value = pickle.load(handle)
        except UNREADABLE:
            return None
        if stored_salt != salt:
            return None
        frames = []
        size = os.fstat(handle.fileno()).st_size
        stored_size = handle.tell()
        while True:
            start = handle.tell()
            try:
                frames.append(pickle.load(handle))
            except EOFError:
                return Framed(value, frames, start == size, stored_size)
            except UNREADABLE:
                return Framed(value, frames, False, stored_size)


def append_frame(path: Path, frame: Any) -> int:
    """Append `frame` to a file `store_salted` wrote, for `read_framed`; the bytes appended."""
    data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    with path.open("ab") as handle:
        handle.write(data)
    return len(data)


def load_salted(path: Path, salt: Any) -> Any | None:
    """The value `store_salted` stored at `path` with the same `salt`; None when there is none,
    its salt differs or it cannot be read."""
    try:
        stored_salt, value = pickle.loads(path.read_bytes())
    except UNREADABLE:
        return None
    return value if stored_salt == salt else None
