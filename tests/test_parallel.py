"""Files made aside by a forked process: placed in the staging folder, errors raised here."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitegen.model import DateRange, Timeline
from sitegen.output import Placed
from sitegen.parallel import MadeAside, interrupts_deferred, wait_for
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


def test_ctrl_c_while_waiting_for_a_worker_is_raised_between_waits_not_inside_the_futures_lock() -> None:
    with ThreadPoolExecutor(1) as threads:
        slow = threads.submit(time.sleep, 1.0)
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
        with pytest.raises(KeyboardInterrupt) as raised:
            wait_for(slow)
        assert raised.traceback[-1].name == "wait_for"
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert wait_for(threads.submit(lambda: 7)) == 7


def test_a_ctrl_c_while_interrupts_are_deferred_is_raised_on_leaving() -> None:
    reached = False
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the signal is handled here, and only noted
            reached = True
    assert reached and signal.getsignal(signal.SIGINT) is signal.default_int_handler
