"""Per-document extraction cache, keyed by the document's bytes, path, extractor and settings.

Entries are content-addressed pickles under `<cache>/documents/`; entries no build used are
pruned after a successful build. The folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .events import Extraction
from .cachefiles import UNREADABLE, load_salted, store_salted, write_atomically
from .model import Source
from .temporal.starts import known_start_keys, remember_start_keys

PACKAGE_DIR = Path(__file__).resolve().parent
# The code whose behaviour decides what extraction yields: any change to it invalidates entries.
EXTRACTOR_FILES = ("sources.py", "frontmatter.py", "published.py", "events.py", "assembly.py", "model.py",
                   "diagnostics.py", "text", "temporal")


@lru_cache(maxsize=None)
def code_fingerprint(files: tuple[str, ...], root: Path = PACKAGE_DIR) -> str:
    """A hash of the named files and folders of sitegen's own code (sorted, with their paths).

    Computed once per process: the code that runs is the code that was imported, whatever
    happens to the files afterwards."""
    digest = hashlib.sha256()
    for name in files:
        path = root / name
        paths = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in paths:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


START_KEYS_FILE = "tagger-start-keys.pickle"


def remembered_start_keys(folder: Path) -> int:
    """Hand the tagger the start keys of its rules that an earlier build stored in `folder`
    (`store_start_keys`), so it need not work them out; how many there were."""
    keys = load_salted(folder / START_KEYS_FILE, code_fingerprint(("temporal",)))
    if not isinstance(keys, dict):
        return 0
    remember_start_keys(keys)
    return len(keys)


def store_start_keys(folder: Path, remembered: int) -> None:
    """Store the tagger's start keys in `folder` when this process worked out more than the
    `remembered` ones."""
    keys = known_start_keys()
    if len(keys) > remembered:
        store_salted(folder / START_KEYS_FILE, code_fingerprint(("temporal",)), keys)


@dataclass(frozen=True)
class CachedDocument:
    """A document read and extracted earlier: the source (without its text) and its extraction."""

    source: Source
    extraction: Extraction


def _entry_file(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.pickle"


def store_entry(folder: Path, key: str, document: CachedDocument) -> None:
    """Save `document` (without its text) as the entry `key` of the cache folder `folder`
    (`write_atomically`: safe to call from worker processes)."""
    stripped = replace(document, source=replace(document.source, text=""))
    write_atomically(_entry_file(folder, key), pickle.dumps(stripped, protocol=pickle.HIGHEST_PROTOCOL))


class ExtractionCache:
    """Cached extractions of documents, looked up by `key`."""

    def __init__(self, folder: Path, settings: dict[str, str], persistent: bool = True) -> None:
        self.folder = folder / "documents"
        self.persistent = persistent
        self.salt = code_fingerprint(EXTRACTOR_FILES) + repr(sorted(settings.items()))
        self.used: set[str] = set()

    def key(self, relative_path: str, data: bytes) -> str:
        """The cache key of a document's path and bytes under the current extractor and settings."""
        return hashlib.sha256(self.salt.encode() + b"\0" + relative_path.encode() + b"\0" + data).hexdigest()

    def load(self, key: str, text: str) -> CachedDocument | None:
        """The cached document for `key` with its text restored, or None."""
        self.used.add(key)
        if not self.persistent:
            return None
        try:
            with _entry_file(self.folder, key).open("rb") as handle:
                cached = pickle.load(handle)
        except UNREADABLE:
            return None
        if not isinstance(cached, CachedDocument):
            return None
        return replace(cached, source=replace(cached.source, text=text))

    def keep(self, key: str) -> None:
        """Mark the entry `key` as used by this build without reading it (see `prune`)."""
        self.used.add(key)

    def store(self, key: str, document: CachedDocument) -> None:
        """Save `document` under `key` (see `store_entry`)."""
        self.used.add(key)
        if self.persistent:
            store_entry(self.folder, key, document)

    @property
    def entries_folder(self) -> Path | None:
        """Where entries are written (for `store_entry` in worker processes), or None when the
        cache is not persistent."""
        return self.folder if self.persistent else None

    def prune(self) -> None:
        """Remove every entry the current build did not use."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.stem not in self.used or path.suffix != ".pickle":
                path.unlink(missing_ok=True)
