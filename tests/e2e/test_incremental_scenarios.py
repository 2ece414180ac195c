"""Rebuilds after edits that only the memos and the assembly see (titles, publication dates, settings,
SOURCE_DATE_EPOCH, corrections, damaged or deleted memos, merged events losing a source) equal clean
builds, with and without worker processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.e2e.test_incremental import _clean_build, _rebuild


def _compare(root: Path, label: str) -> None:
    incremental = _rebuild(root)
    clean = _clean_build(root)
    assert incremental.keys() == clean.keys(), label
    different = [path for path in clean if clean[path] != incremental[path]]
    assert different == [], f"{label}: {different}"


DOC_A = "---\ntitle: Report A\npublished: 2021-05-01\n---\nTalks resumed on 3 May 2021 in Vienna between the two delegations.\n"
DOC_B = "---\ntitle: Report B\npublished: 2021-05-02\n---\nTalks resumed on 3 May 2021 in Vienna between the two delegations, officials said.\n"


def test_rebuilds_after_titles_dates_settings_and_damaged_memos_equal_clean_builds(project, monkeypatch) -> None:
    root = project({"a.md": DOC_A, "b.md": DOC_B}, seeds=True)
    toml = root / "sitegen.toml"
    toml.write_text('title = "T"\noutput = "output"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    content = root / "content"
    memo = root / ".sitegen-cache" / "memo"
    steps = [
        ("retitle a", lambda: (content / "a.md").write_text(DOC_A.replace("Report A", "Report A2"), encoding="utf-8")),
        ("republish a", lambda: (content / "a.md").write_text(DOC_A.replace("Report A", "Report A2").replace("2021-05-01", "2021-05-09"), encoding="utf-8")),
        ("base_url", lambda: toml.write_text('title = "T"\noutput = "output"\nbase_url = "https://other.example/x/"\n', encoding="utf-8")),
        ("site title", lambda: toml.write_text('title = "T2"\noutput = "output"\nbase_url = "https://other.example/x/"\n', encoding="utf-8")),
        ("epoch", lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")),
        ("delete one memo", lambda: (memo / "exports-ics.pickle").unlink()),
        ("truncate a memo", lambda: (memo / "search.pickle").write_bytes((memo / "search.pickle").read_bytes()[:-7])),
        ("delete b", lambda: (content / "b.md").unlink()),
        ("restore b", lambda: (content / "b.md").write_text(DOC_B, encoding="utf-8")),
        ("delete a", lambda: (content / "a.md").unlink()),
        ("rename b", lambda: (content / "b.md").rename(content / "c.md")),
        ("range", lambda: toml.write_text('title = "T2"\noutput = "output"\n[range]\nstart = 2021-01-01\nend = 2023-12-31\n', encoding="utf-8")),
        ("delete memo folder", lambda: shutil.rmtree(memo)),
    ]
    _rebuild(root)
    for label, step in steps:
        step()
        _compare(root, label)


def _many(count: int) -> dict[str, str]:
    return {f"bulk/d{i:03}.txt": f"Bulletin {i}\n\nA ceasefire was announced on {1 + i % 28} March 2021 in town {i}.\n"
            for i in range(count)}


def _first_event(root: Path) -> str:
    return json.loads((root / "output" / "data" / "timeline.json").read_text(encoding="utf-8"))["events"][0]["id"]


def _corrections_steps(root: Path):
    content = root / "content"
    corrections = content / "corrections.toml"
    return [
        ("retitle", lambda: corrections.write_text(f'[[retitle]]\nevent = "{_first_event(root)}"\ntitle = "New title"\n', encoding="utf-8")),
        ("redate", lambda: corrections.write_text(corrections.read_text(encoding="utf-8") + f'[[redate]]\nevent = "{_first_event(root)}"\ndate = "2021-10"\n', encoding="utf-8")),
        ("no corrections", lambda: corrections.unlink()),
        ("edit one", lambda: (content / "a.md").write_text(DOC_A.replace("Report A", "Report Z"), encoding="utf-8")),
        ("memo gone", lambda: shutil.rmtree(root / ".sitegen-cache" / "memo")),
        ("delete one", lambda: (content / "b.md").unlink()),
    ]


def test_rebuilds_after_corrections_equal_clean_builds(project) -> None:
    root = project({"a.md": DOC_A, "b.md": DOC_B}, seeds=True)
    (root / "sitegen.toml").write_text('title = "T"\noutput = "output"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    _rebuild(root)
    for label, step in _corrections_steps(root):
        step()
        _compare(root, label)


def test_rebuilds_after_corrections_with_workers_equal_clean_builds(project) -> None:
    root = project({"a.md": DOC_A, "b.md": DOC_B, **_many(420)}, seeds=True)
    (root / "sitegen.toml").write_text('title = "T"\noutput = "output"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    _rebuild(root)
    for label, step in _corrections_steps(root):
        step()
        _compare(root, label)

