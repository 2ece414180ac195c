"""Files made aside by a forked process: placed in the staging folder, errors raised here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitegen.model import DateRange, Timeline
from sitegen.output import Placed
from sitegen.parallel import MadeAside
from sitegen.render import Artifact

TIMELINE = Timeline(DateRange(date(2020, 1, 1), date(2023, 12, 31)), (), ())

pytestmark = pytest.mark.skipif(not MadeAside.possible(), reason="needs the fork start method (Linux)")


def _two_files(timeline: Timeline, site: dict[str, Any], search_path: list[Path], memos: Path | None) -> list[Artifact]:
    return [Artifact("search/a.js", "key-a", lambda: b"A"), Artifact("search/b.js", "key-b", lambda: b"B")]


def _failing(timeline: Timeline, site: dict[str, Any], search_path: list[Path], memos: Path | None) -> list[Artifact]:
    raise ValueError("no index today")


def test_files_made_aside_are_placed_and_reported(tmp_path: Path) -> None:
    output, staging = tmp_path / "output", tmp_path / "staging"
    (output / "search").mkdir(parents=True)
    (output / "search" / "a.js").write_bytes(b"A")
    staging.mkdir()
    aside = MadeAside(_two_files, TIMELINE, {}, [], output, staging, {"search/a.js": "key-a"}, None)
    placed = list(aside.placed())
    aside.close()
    assert placed == [Placed("search/a.js", "key-a", False), Placed("search/b.js", "key-b", True)]
    assert (staging / "search" / "a.js").stat().st_ino == (output / "search" / "a.js").stat().st_ino
    assert (staging / "search" / "b.js").read_bytes() == b"B"


def test_an_error_aside_is_raised_here(tmp_path: Path) -> None:
    (tmp_path / "staging").mkdir()
    aside = MadeAside(_failing, TIMELINE, {}, [], tmp_path / "output", tmp_path / "staging", {}, None)
    with pytest.raises(ValueError, match="no index today"):
        list(aside.placed())
    aside.close()
