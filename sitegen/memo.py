"""Results of costly, pure computations, kept between builds under a key that names every input.

A build opens a memo by name, asks it for values by key, and saves it at the end. Saving appends
the values computed in this build to the memo's file, so a build that changed little writes
little; when more than a quarter of what the file holds went unused, it is written again with only
what this build used, so it never grows much beyond one build's worth. The salt (the code that
computes the values) is stored with the entries; a memo saved by other code is not read. A
missing or unreadable file is an empty memo (an unreadable tail, from a build killed while
appending, is dropped), so the folder is safe to delete.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

from .cachefiles import append_frame, read_framed, store_salted

T = TypeVar("T")
FORMAT = 3
# Above this share of unused entries in the file, saving writes it anew.
UNUSED_LIMIT = 0.25


def memo_key(*parts: str) -> str:
    """A short key naming `parts` (joined unambiguously)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8")
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


class Memo:
    """Values by key, read from `folder/<name>.pickle` (none when `folder` is None)."""

    def __init__(self, folder: Path | None, name: str, salt: str) -> None:
        self._path = None if folder is None else folder / f"{name}.pickle"
        self._salt = salt
        self._whole = False  # whether the file holds a header and complete frames only
        self._previous: dict[Hashable, Any] = self._read()
        self._used: dict[Hashable, Any] = {}
        self._computed: list[Hashable] = []

    def _read(self) -> dict[Hashable, Any]:
        """The file's entries: those stored whole, updated by the frames later builds appended."""
        read = None if self._path is None else read_framed(self._path, (FORMAT, self._salt))
        if read is None or not isinstance(read.value, dict):
            return {}
        entries, self._whole = read.value, read.whole
        for frame in read.frames:
            entries.update(frame)
        return entries

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under `key` (plain data: strings, tuples), or `compute()` (then
        stored)."""
        if key in self._used:
            return self._used[key]
        if key in self._previous:
            value = self._used[key] = self._previous.pop(key)
            return value
        value = self._used[key] = compute()
        self._computed.append(key)
        return value

    def save(self) -> None:
        """Append the values computed since the last save, or write the file anew with the
        entries used when too many of those it holds went unused (or it could not be read)."""
        if self._path is None or (not self._computed and not self._previous):
            return
        unused = len(self._previous)
        if self._whole and unused <= UNUSED_LIMIT * len(self._used):
            if self._computed:
                append_frame(self._path, {key: self._used[key] for key in self._computed})
        else:
            store_salted(self._path, (FORMAT, self._salt), self._used)
            self._whole = True
            self._previous = {}
        self._computed = []
