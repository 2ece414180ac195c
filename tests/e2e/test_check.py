"""`sitegen check` and the build's -q, -v and --strict, through the real command line."""

from __future__ import annotations

import re

from tests.conftest import run_sitegen


def test_check_reports_with_path_line_and_kind_and_writes_nothing(project) -> None:
    root = project({"undated.txt": "A note without a date\n\nTalks resumed on Tuesday (19 September) and in 1994 "
                                   "the war ended. The meeting on Monday, 3 May 2021 was short.\n",
                    "empty.md": "# Nothing dated here\n\nJust words.\n"}, seeds=True)
    result = run_sitegen(["check"], root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "content/003_e381b43fcb56655b.txt:7: published: 2020-11-04" in lines
    assert "content/undated.txt:1: no-date: no publication date found; relative dates were resolved from the " \
           "years the document mentions" in lines
    assert any(re.fullmatch(r"content/empty\.md:1: no-events: .*", line) for line in lines)
    assert any(re.fullmatch(r"content/undated\.txt:3: out-of-range: '1994' .*", line) for line in lines)
    assert any(re.fullmatch(r"content/undated\.txt:3: weekday-mismatch: 'Monday, 3 May 2021': 2021-05-03 is a "
                            r"Monday", line) for line in lines) is False
    assert any(re.fullmatch(r"content/\S+:\d+: event: \d{8}-[0-9a-f]{8} \S+ .+", line) for line in lines)
    assert lines[-1].startswith("Checked 7 documents")
    assert not (root / "output").exists()
    strict = run_sitegen(["check", "--strict"], root)
    assert strict.returncode == 1


def test_check_flags_a_weekday_that_contradicts_its_date(project) -> None:
    root = project({"a.txt": "Dated report\n\n2 May 2021\n\nThe talks on Tuesday, 3 May 2021 failed.\n"})
    lines = run_sitegen(["check"], root).stdout.splitlines()
    assert "content/a.txt:5: weekday-mismatch: 'Tuesday, 3 May 2021': 2021-05-03 is a Monday" in lines


def test_strict_build_fails_on_warnings_and_quiet_prints_nothing(project) -> None:
    root = project({"a.txt": "A report on the war\n\nFighting resumed on 3 May 2021 after the 1994 truce.\n"})
    quiet = run_sitegen(["build", "-q"], root)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    normal = run_sitegen(["build"], root)
    assert normal.stdout.startswith("Built 1 documents") and "2 warnings: 1 no-date, 1 out-of-range" in normal.stderr
    verbose = run_sitegen(["build", "-v"], root)
    assert "content/a.txt:3: out-of-range:" in verbose.stderr and "from cache" in verbose.stdout
    strict = run_sitegen(["build", "--strict"], root)
    assert strict.returncode == 1 and "--strict: 2 warnings" in strict.stderr


def test_bad_configuration_is_reported_whole(project) -> None:
    root = project({}, seeds=True)
    (root / "sitegen.toml").write_text('title = 1\n[range]\nstart = "x"\n', encoding="utf-8")
    result = run_sitegen(["build"], root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'title': expected text" in result.stderr and "'range.start'" in result.stderr
