"""An error raised on a worker process reaches the user as the same message as without workers."""

from __future__ import annotations

from sitegen.parallel import PARALLEL_PAGES_MINIMUM
from tests.conftest import run_sitegen


def _documents(count: int) -> dict[str, str]:
    return {f"d{i:03}.md": f"Bulletin {i}\n\nA ceasefire was announced on {1 + i % 28} March 2021 in town {i}.\n"
            for i in range(count)}


def test_a_document_error_in_parallel_extraction_is_reported_as_such(project) -> None:
    root = project({**_documents(40), "d005.md": "---\ntitle: [unclosed\n---\nText on 3 May 2021.\n"})
    serial = run_sitegen(["build", "-q", "-j", "1"], root)
    parallel = run_sitegen(["build", "-q", "-j", "2"], root)
    assert serial.returncode == parallel.returncode == 1
    assert "Traceback" not in parallel.stderr, parallel.stderr[-600:]
    assert parallel.stderr == serial.stderr


def test_a_configuration_error_made_on_a_worker_is_reported_as_such(project, monkeypatch) -> None:
    root = project(_documents(PARALLEL_PAGES_MINIMUM))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    serial = run_sitegen(["build", "-q", "-j", "1"], root)
    parallel = run_sitegen(["build", "-q", "-j", "2"], root)
    assert serial.returncode == parallel.returncode == 1
    assert "SOURCE_DATE_EPOCH: expected a whole number" in serial.stderr
    assert parallel.stderr == serial.stderr, parallel.stderr[:300]
