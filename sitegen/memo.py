"""Results of costly, pure computations, kept between builds under a key that names every input.

A build opens a memo by name, asks it for values by key, and saves it at the end: the file then
holds exactly the entries this build used, so it never grows beyond one build's worth. The salt
(the code that computes the values) is stored with the entries; a memo saved by other code is
not read. A missing or unreadable file is an empty memo, so the folder is safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")
FORMAT = 1


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
        self._previous: dict[Hashable, Any] = self._read()
        self._used: dict[Hashable, Any] = {}
        self._computed = 0

    def _read(self) -> dict[Hashable, Any]:
        if self._path is None:
            return {}
        try:
            stored_format, salt, entries = pickle.loads(self._path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return {}
        return entries if stored_format == FORMAT and salt == self._salt and isinstance(entries, dict) else {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under `key` (plain data: strings, tuples), or `compute()` (then
        stored)."""
        if key in self._used:
            return self._used[key]
        if key in self._previous:
            value = self._used[key] = self._previous.pop(key)
            return value
        value = self._used[key] = compute()
        self._computed += 1
        return value

    def save(self) -> None:
        """Write the entries this build used (nothing when they are exactly those read)."""
        if self._path is None or (not self._computed and not self._previous):
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_name(f"{self._path.name}.tmp-{os.getpid()}")
        temporary.write_bytes(pickle.dumps((FORMAT, self._salt, self._used), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self._path)
        self._previous, self._computed = {}, 0
