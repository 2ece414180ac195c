"""The command line's own behaviour (the commands themselves are driven in tests/e2e)."""

from __future__ import annotations

import pytest

from sitegen.cli import main
from sitegen.model import Timeline


def test_a_build_leaves_its_timeline_to_a_caller_that_exits_at_once(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"talks.txt": "Talks\n\nTalks began in Vienna on 3 May 2021.\n"})
    monkeypatch.chdir(root)
    retained: list[object] = []
    assert main(["build", "-q", "-j", "1"], retained=retained) == 0
    assert len(retained) == 1 and isinstance(retained[0], Timeline)
    assert [event.date.timex for event in retained[0].events] == ["2021-05-03"]
    (root / "content" / "more.txt").write_text("More\n\nThey met again on 9 June 2021.\n", encoding="utf-8")
    assert main(["build", "-q", "-j", "1"]) == 0 and (root / "output" / "events" / "2021-06-09.html").is_file()
