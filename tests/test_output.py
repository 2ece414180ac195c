"""Output paths never leave the output folder; writes swap the whole site in one step."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.output import MARKER, previous_keys, safe_target, write_site


@pytest.mark.parametrize("site_path", ["../escape.html", "a/../../b.html", "/etc/passwd", "a//b.html",
                                       "a\\..\\b.html", "", "dir/", "./x.html", "x\x00.html"])
def test_paths_that_would_leave_the_output_are_refused(tmp_path: Path, site_path: str) -> None:
    with pytest.raises(SitegenError, match="outside the output folder"):
        safe_target(tmp_path, site_path)


def test_a_folder_that_links_outside_is_refused(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "events")
    with pytest.raises(SitegenError):
        safe_target(root, "events/a.html")
    assert safe_target(root, "sources/a b.html") == root / "sources" / "a b.html"


@dataclass(frozen=True)
class _File:
    path: str
    key: str
    data: bytes

    def produce(self) -> bytes:
        return self.data


def test_write_reuses_unchanged_files_and_removes_stale_ones(tmp_path: Path) -> None:
    site = tmp_path / "output"
    first = write_site([_File("a.html", "1", b"A"), _File("b/c.html", "2", b"C")], site)
    assert (first.written, first.unchanged, first.removed) == (2, 0, 0)
    inode = (site / "a.html").stat().st_ino
    second = write_site([_File("a.html", "1", b"A"), _File("d.html", "3", b"D")], site)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (site / "a.html").stat().st_ino == inode and not (site / "b").exists()
    assert previous_keys(site) == {"a.html": "1", "d.html": "3"}
    assert (site / MARKER).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_an_unchanged_file_missing_from_the_previous_site_is_written_again(tmp_path: Path) -> None:
    site = tmp_path / "output"
    write_site([_File("a.html", "1", b"A"), _File("b/c.html", "2", b"C")], site)
    (site / "b" / "c.html").unlink()
    stats = write_site([_File("a.html", "1", b"A"), _File("b/c.html", "2", b"C")], site)
    assert (stats.written, stats.unchanged) == (1, 1) and (site / "b" / "c.html").read_bytes() == b"C"
    with pytest.raises(SitegenError, match="outside the output folder"):
        write_site([_File("a.html", "1", b"A"), _File("../escape.html", "9", b"X")],
                   site)  # refused, unchanged or not
    assert (site / "a.html").read_bytes() == b"A" and not (tmp_path / "escape.html").exists()


def test_the_previous_site_can_be_removed_by_a_thread_the_caller_joins(tmp_path: Path) -> None:
    site = tmp_path / "output"
    write_site([_File("a.html", "1", b"A"), _File("b/c.html", "2", b"C")], site)
    removals: list[threading.Thread] = []
    stats = write_site([_File("a.html", "4", b"A2"), _File("d.html", "3", b"D")], site, removals=removals)
    assert (stats.written, stats.removed) == (2, 1) and (site / "d.html").read_bytes() == b"D"
    assert [thread.name for thread in removals] == ["remove-previous-site"]
    removals[0].join()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]
    assert write_site([_File("a.html", "4", b"A2")], site, removals=removals).removed == 1
    removals[-1].join()


def test_a_failure_while_producing_leaves_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "output"
    write_site([_File("a.html", "1", b"A")], site)

    class Broken(_File):
        def produce(self) -> bytes:
            raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        write_site([_File("a.html", "2", b"new"), Broken("b.html", "3", b"")], site)
    assert (site / "a.html").read_bytes() == b"A" and not (site / "b.html").exists()


def test_a_file_in_parts_is_written_whole_and_kept_when_its_bytes_are_the_same(tmp_path: Path) -> None:
    from sitegen.render import lazy_artifact

    site = tmp_path / "output"
    pieces = [b"header,", b"", b"row one,", b"row two\n"]
    first = write_site([lazy_artifact("data/x.csv", lambda: pieces, "first inputs")], site)
    assert first.written == 1 and (site / "data/x.csv").read_bytes() == b"".join(pieces)
    inode = (site / "data/x.csv").stat().st_ino
    # Other inputs, the same bytes in other pieces: the file is compared piece by piece and kept.
    again = write_site([lazy_artifact("data/x.csv", lambda: [b"header,row one,", b"row two\n"], "other")], site)
    assert (again.written, again.unchanged) == (0, 1) and (site / "data/x.csv").stat().st_ino == inode
    # One byte changed in the last piece: written anew.
    changed = write_site([lazy_artifact("data/x.csv", lambda: [b"header,row one,", b"row 2\n"], "third")], site)
    assert changed.written == 1 and (site / "data/x.csv").read_bytes() == b"header,row one,row 2\n"
