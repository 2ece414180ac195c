"""Writing the site, all or nothing.

The new site is assembled in a temporary folder beside the output and exchanged with it in one
atomic step, so an error, Ctrl-C or `kill -9` part-way leaves the previous site intact. Files
whose bytes did not change are hard links to the previous ones (same mtime, nothing for rsync
to do); a build that changes nothing writes nothing. The output's marker file records the key of
every file, so the next build knows which files it can reuse without rendering them.
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import re
import shutil
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from .errors import SitegenError

MARKER = ".sitegen-output"
MANIFEST_SCHEMA = "sitegen.output/1"


class Producible(Protocol):
    """What the writer needs of a file of the site (see render.Artifact)."""

    path: str
    key: str

    def produce(self) -> bytes: ...


@dataclass(frozen=True)
class Placed:
    """A file of the site that a worker process already put in the staging folder (see
    `place_file`); `written` tells whether it was written anew or linked to the previous one."""

    path: str
    key: str
    written: bool


@dataclass(frozen=True)
class WriteStats:
    """What a write did: files written anew, reused unchanged, removed."""

    written: int
    unchanged: int
    removed: int


_UNSAFE_PATH = re.compile(r"(?:^|/)\.{1,2}(?:/|$)|^/|//|\\|\x00|^$|/$")


def safe_target(root: Path, site_path: str) -> Path:
    """The file for `site_path` under `root`; raises SitegenError if it would land outside
    (an absolute path, a `..` part, or a folder that resolves elsewhere through a link)."""
    return Path(_safe_join(os.fspath(root), site_path))


def _safe_join(root: str, site_path: str) -> str:
    _check_site_path(site_path)
    return _joined(root, site_path, site_path.rpartition("/")[0])


def _check_site_path(site_path: str) -> None:
    """Refuse a site path that is absolute, empty or has an empty, `.` or `..` part."""
    if _UNSAFE_PATH.search(site_path):
        raise SitegenError(f"refusing to write {site_path!r}: outside the output folder")


def _joined(root: str, site_path: str, folder: str) -> str:
    """`root`/`site_path` (checked by `_check_site_path`; `folder` is its folder part), unless its
    folder resolves outside `root` or it is a link."""
    target = f"{root}/{site_path}"
    if not _inside(f"{root}/{folder}" if folder else root, root) or os.path.islink(target):
        raise SitegenError(f"refusing to write {site_path!r}: outside the output folder")
    return target


@lru_cache(maxsize=4096)
def _inside(folder: str, root: str) -> bool:
    """Whether `folder` is `root` or lies inside it once links are resolved (asked once per
    folder: a site has few)."""
    return folder == root or Path(folder).resolve().is_relative_to(Path(root).resolve())


def check_replaceable(output_dir: Path, protected: Iterable[Path]) -> None:
    """Refuse to replace a folder sitegen did not make, or one holding the project's own files."""
    resolved = output_dir.resolve()
    for folder in protected:
        folder = folder.resolve()
        if resolved == folder or folder.is_relative_to(resolved):
            raise SitegenError(f"output folder {output_dir} would replace {folder}; choose another")
    if output_dir.exists():
        if not output_dir.is_dir():
            raise SitegenError(f"output path {output_dir} exists and is not a folder")
        if any(output_dir.iterdir()) and not (output_dir / MARKER).exists():
            raise SitegenError(
                f"output folder {output_dir} holds files sitegen did not write; "
                "empty it or choose another output folder")


def _previous_manifest(output_dir: Path) -> dict[str, object]:
    try:
        manifest = json.loads((output_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        return {}
    return manifest


def previous_keys(output_dir: Path) -> dict[str, str]:
    """The keys of the files of the current output, from its marker ({} when unknown)."""
    files = _previous_manifest(output_dir).get("files")
    return files if isinstance(files, dict) else {}


def output_is_current(output_dir: Path, inputs: str) -> bool:
    """Whether the output was built from exactly `inputs` and every file it lists is in place."""
    manifest = _previous_manifest(output_dir)
    files = manifest.get("files")
    if manifest.get("inputs") != inputs or not isinstance(files, dict):
        return False
    return all((output_dir / path).is_file() for path in files)


def staging_folder_of(output_dir: Path) -> Path:
    """The temporary folder beside `output_dir` where this process assembles the new site
    (`clean_stale_staging` removes one that an interrupted build left)."""
    return output_dir.parent / f".{output_dir.name}.tmp-{os.getpid()}"


def write_site(artifacts: Iterable[Producible | Placed], output_dir: Path, inputs: str = "",
               staging: Path | None = None, removals: list[threading.Thread] | None = None) -> WriteStats:
    """Make `output_dir` hold exactly `artifacts`, reusing unchanged files of the previous site.
    `inputs` (a hash of everything the build read) is recorded in the marker.

    Files are produced one at a time and written straight into the staging folder, so memory
    does not grow with the size of the site. A build that changes nothing leaves the output as
    it was (the staging folder is dropped instead of swapped in). `staging`, when given, is a
    staging folder (`staging_folder_of`) that workers are already placing files in. With a
    `removals` list, the previous site is removed by a thread added to it once the new one is in
    place (the caller joins it), not before returning.
    """
    _inside.cache_clear()
    old_keys = previous_keys(output_dir)
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    if staging is None:
        staging = staging_folder_of(output_dir)
        shutil.rmtree(staging, ignore_errors=True)
    swapped = False
    try:
        staging.mkdir(exist_ok=True)
        keys, written = _fill_staging(artifacts, os.fspath(output_dir), os.fspath(staging), old_keys)
        manifest = _manifest(keys, inputs)
        removed = len(set(old_keys) - set(keys))
        if written == 0 and removed == 0 and _same_bytes(output_dir / MARKER, (manifest,)):
            return WriteStats(0, len(keys), 0)
        (staging / MARKER).write_bytes(manifest)
        _swap_into_place(staging, output_dir)
        swapped = True
    finally:
        if swapped and removals is not None:  # the previous site, now at `staging`
            removal = threading.Thread(target=shutil.rmtree, args=(staging, True), name="remove-previous-site")
            removal.start()
            removals.append(removal)
        else:
            shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(written, len(keys) - written, removed)


def _fill_staging(artifacts: Iterable[Producible | Placed], output_root: str, staging_root: str,
                  old_keys: dict[str, str]) -> tuple[dict[str, str], int]:
    """Link or write every artifact into the staging folder; (keys by path, files written).
    Unchanged files are linked by a thread of their own while the others are written."""
    keys: dict[str, str] = {}
    made_folders: set[str] = set()
    written = 0
    linker = _Linker(output_root, staging_root)
    try:
        for artifact in artifacts:
            if artifact.path in keys:
                raise SitegenError(f"two files of the site would be written to {artifact.path}")
            keys[artifact.path] = artifact.key
            if isinstance(artifact, Placed):
                written += artifact.written
            elif old_keys.get(artifact.path) == artifact.key:
                linker.add(artifact)
            else:
                written += place_file(artifact, output_root, staging_root, old_keys.get(artifact.path),
                                      made_folders)
        for artifact in linker.finish():  # their previous file was missing
            written += place_file(artifact, output_root, staging_root, None, made_folders)
    finally:
        linker.close()
    return keys, written


class _Linker:
    """A thread linking unchanged files into the staging folder while the writer goes on with the
    others (a link is a system call, made without holding the interpreter)."""

    def __init__(self, output_root: str, staging_root: str) -> None:
        self._queue: queue.SimpleQueue[Producible | None] = queue.SimpleQueue()
        self._missing: list[Producible] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(output_root, staging_root),
                                        name="link-unchanged-files", daemon=True)
        self._thread.start()

    def add(self, artifact: Producible) -> None:
        """Link `artifact`'s previous file (or, if there is none, leave it to `finish`)."""
        self._queue.put(artifact)

    def _run(self, output_root: str, staging_root: str) -> None:
        made_folders: set[str] = set()
        while (artifact := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                old_file, target = _targets(artifact.path, output_root, staging_root, made_folders)
                if not _link_or_copy(old_file, target):
                    self._missing.append(artifact)
            except BaseException as error:  # noqa: BLE001 - raised by `finish`, in the writer
                self._error = error

    def finish(self) -> list[Producible]:
        """Wait for every link; the artifacts whose previous file was missing. Raises what linking
        raised."""
        self.close()
        if self._error is not None:
            raise self._error
        return self._missing

    def close(self) -> None:
        """Stop the thread once it has done what it was given."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


def _targets(site_path: str, output_root: str, staging_root: str,
             made_folders: set[str] | None) -> tuple[str, str]:
    """The previous file of `site_path` and its place in the staging folder (its folder made)."""
    _check_site_path(site_path)
    site_folder = site_path.rpartition("/")[0]
    old_file = _joined(output_root, site_path, site_folder)
    target = _joined(staging_root, site_path, site_folder)
    if made_folders is None or site_folder not in made_folders:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if made_folders is not None:
            made_folders.add(site_folder)
    return old_file, target


def place_file(artifact: Producible, output_root: str, staging_root: str, old_key: str | None,
               made_folders: set[str] | None = None) -> bool:
    """Put `artifact` in the staging folder: a link to the previous file when its key (`old_key`)
    or its bytes are the same, else its bytes. True when it was written anew."""
    old_file, target = _targets(artifact.path, output_root, staging_root, made_folders)
    if old_key == artifact.key and _link_or_copy(old_file, target):
        return False
    parts = getattr(artifact, "parts", None)
    data = _blocks(parts()) if parts is not None else [artifact.produce()]
    if _same_bytes(old_file, data) and _link_or_copy(old_file, target):
        return False
    _write(target, data)
    return True


def _blocks(parts: Sequence[bytes], size: int = 1 << 20) -> list[bytes]:
    """`parts` joined into blocks of about `size` bytes, so a large file is compared and written
    in a few system calls without ever being one piece in memory."""
    blocks: list[bytes] = []
    batch: list[bytes] = []
    length = 0
    for part in parts:
        batch.append(part)
        length += len(part)
        if length >= size:
            blocks.append(b"".join(batch))
            batch, length = [], 0
    if batch:
        blocks.append(b"".join(batch))
    return blocks


def _manifest(keys: dict[str, str], inputs: str) -> bytes:
    data = {"schema": MANIFEST_SCHEMA, "generator": "sitegen", "inputs": inputs,
            "files": dict(sorted(keys.items()))}
    return (json.dumps(data, indent=0, sort_keys=False) + "\n").encode("utf-8")


def _same_bytes(path: Path | str, parts: Sequence[bytes]) -> bool:
    """Whether the file at `path` holds exactly the bytes of `parts` (a few large ones), one
    after the other."""
    try:
        if os.stat(path).st_size != sum(map(len, parts)):
            return False
        with open(path, "rb") as handle:
            return all(handle.read(len(part)) == part for part in parts)
    except OSError:
        return False


def _write(path: str, parts: Sequence[bytes]) -> None:
    with open(path, "wb") as handle:
        handle.writelines(parts)


def _link_or_copy(source: str, target: str) -> bool:
    """Hard-link (or copy) `source` to `target`; False when `source` does not exist."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:
        try:
            shutil.copy2(source, target)
        except FileNotFoundError:
            return False
    return True


def _swap_into_place(staging: Path, output_dir: Path) -> None:
    """Put `staging` at `output_dir` in one step; the old output ends up at `staging`."""
    if output_dir.exists() and _exchange(staging, output_dir):
        return
    if not output_dir.exists():
        os.replace(staging, output_dir)
        return
    retired = staging.with_name(staging.name.replace(".tmp-", ".old-"))
    os.replace(output_dir, retired)
    try:
        os.replace(staging, output_dir)
    except OSError:
        os.replace(retired, output_dir)
        raise
    os.replace(retired, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2  # the C library this process uses
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def clean_stale_staging(output_dir: Path) -> None:
    """Remove temporary folders that an interrupted build left beside the output; if it was
    interrupted between the two renames of a non-atomic swap, put the previous site back first."""
    retired = sorted(output_dir.parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and retired and (retired[-1] / MARKER).exists():
        os.replace(retired[-1], output_dir)
    for pattern in (f".{output_dir.name}.tmp-*", f".{output_dir.name}.old-*"):
        for path in output_dir.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
