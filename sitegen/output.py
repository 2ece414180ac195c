"""Writing the site: everything goes into a temporary folder beside the output, swapped in at the
end, so a failed build leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from .errors import SitegenError

MARKER = ".sitegen-output"


def safe_target(root: Path, site_path: str) -> Path:
    """The file for `site_path` under `root`; raises SitegenError if it would land outside."""
    relative = PurePosixPath(site_path)
    if relative.is_absolute() or not site_path or ".." in relative.parts:
        raise SitegenError(f"refusing to write {site_path!r}: outside the output folder")
    target = root.joinpath(*relative.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise SitegenError(f"refusing to write {site_path!r}: outside the output folder")
    return target


def check_replaceable(output_dir: Path, protected: list[Path]) -> None:
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


def write_site(files: dict[str, bytes], output_dir: Path) -> None:
    """Write `files` ({site path: bytes}) as the new content of `output_dir`, all or nothing."""
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{output_dir.name}.tmp-{os.getpid()}"
    retired = parent / f".{output_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for site_path in sorted(files):
            target = safe_target(staging, site_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[site_path])
        (staging / MARKER).write_bytes(b"")
        if output_dir.exists():
            os.replace(output_dir, retired)
        os.replace(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not output_dir.exists():
            os.replace(retired, output_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
