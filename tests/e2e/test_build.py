"""The whole build through the real command line, on temporary projects."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

from tests.conftest import run_sitegen
from tests.e2e.sitecheck import broken_links, unsafe_markup


def _build(root: Path, *extra: str):
    return run_sitegen(["build", *extra], root)


def test_seed_site_builds_with_its_data_file(project) -> None:
    root = project({}, seeds=True)
    result = _build(root)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Built 5 documents, \d+ events, \d+ pages in [\d.]+ s into output\n", result.stdout)
    site = root / "output"
    data = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert data["schema"] == "sitegen.timeline/1"
    assert data["range"] == {"start": "2020-01-01", "end": "2023-12-31"}
    assert [s["id"] for s in data["sources"]] == sorted(p.stem for p in (root / "content").glob("*.txt"))
    for source in data["sources"]:
        assert source["url"] == f"sources/{source['id']}.html" and (site / source["url"]).is_file()
    assert len(data["events"]) >= 15  # 19 gold statements, some of them reports of the same event
    keys = [(e["date"]["start"], e["id"]) for e in data["events"]]
    assert keys == sorted(keys) and len({e["id"] for e in data["events"]}) == len(keys)
    paths = {s["id"]: s["path"] for s in data["sources"]}
    for event in data["events"]:
        assert event["date"]["precision"] in ("day", "month", "season", "year")
        assert "2020-01-01" <= event["date"]["start"] <= event["date"]["end"] <= "2023-12-31"
        page, anchor = event["url"].split("#")
        assert anchor == event["id"] and f'id="{anchor}"' in (site / page).read_text(encoding="utf-8")
        for quote in event["quotes"]:
            text = Path(root, "content", paths[quote["source"]]).read_text(encoding="utf-8")
            assert text[quote["start"]:quote["end"]] == quote["text"]
            page, anchor = quote["url"].split("#")
            assert f'id="{anchor}"' in (site / page).read_text(encoding="utf-8")


def test_every_link_and_anchor_resolves(project) -> None:
    root = project({"sub dir/ünïcode name.md": "# A note\n\nOn 3 May 2021 the [talks](https://example.org/talks) resumed.\n"}, seeds=True)
    assert _build(root).returncode == 0
    assert broken_links(root / "output") == []


def test_plotly_is_copied_once_and_never_inlined(project) -> None:
    root = project({}, seeds=True)
    assert _build(root).returncode == 0
    site = root / "output"
    plotly_js = (site / "assets" / "plotly.min.js").read_text(encoding="utf-8")
    marker = plotly_js[200:400]
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert marker not in html, page
        assert page.stat().st_size < 1_000_000, page
        assert "http://" not in re.sub(r'href="https?://[^"]*"', "", html).replace("http://www.w3.org", "")
    assert 'src="assets/plotly.min.js"' in (site / "index.html").read_text(encoding="utf-8")


def test_document_text_is_escaped_everywhere(project) -> None:
    hostile = ('Hostile report\n\nOn 3 May 2021 a man wrote <script>alert(1)</script> and </script> '
               'and " onmouseover="alert(2)" in the news.\n')
    root = project({"hostile.txt": hostile,
                    "hostile-md.md": "---\ntitle: '<img src=x onerror=alert(3)>'\n---\n" + hostile
                    + "\n[click](javascript:alert(4)) on 4 May 2021.\n"})
    assert _build(root).returncode == 0
    site = root / "output"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert unsafe_markup(html) == [], page
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
            assert "<" not in block
            json.loads(block)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    data = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert any("<script>alert(1)</script>" in q["text"] for e in data["events"] for q in e["quotes"])


def test_unreadable_document_stops_the_build_and_keeps_the_old_site(project) -> None:
    root = project({}, seeds=True)
    assert _build(root).returncode == 0
    before = (root / "output" / "index.html").read_bytes()
    (root / "content" / "broken.txt").write_bytes(b"Fine line\nbad \xff byte\n")
    result = _build(root)
    assert result.returncode == 1
    assert "broken.txt:2" in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "output" / "index.html").read_bytes() == before
    assert not list(root.glob(".output.*"))


def test_broken_front_matter_names_file_and_line(project) -> None:
    root = project({"a.md": "---\ntitle: fine\ndate: [oops\n---\nBody\n"})
    result = _build(root)
    assert result.returncode == 1
    assert re.search(r"a\.md:\d+: invalid YAML front matter", result.stderr)
    assert "Traceback" not in result.stderr
    assert not (root / "output").exists()


def test_builds_are_deterministic(project) -> None:
    root = project({}, seeds=True)
    assert _build(root, "--output", "one").returncode == 0
    assert _build(root, "--output", "two").returncode == 0
    comparison = filecmp.dircmp(root / "one", root / "two")

    def differences(node: filecmp.dircmp) -> list[str]:
        found = node.left_only + node.right_only + node.diff_files + node.funny_files
        return found + [d for sub in node.subdirs.values() for d in differences(sub)]

    _, mismatch, errors = filecmp.cmpfiles(root / "one", root / "two",
                                           [p.relative_to(root / "one").as_posix()
                                            for p in (root / "one").rglob("*") if p.is_file()],
                                           shallow=False)
    assert differences(comparison) == [] and mismatch == [] and errors == []


def test_refuses_to_replace_a_folder_it_did_not_write(project) -> None:
    root = project({}, seeds=True)
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("precious", encoding="utf-8")
    result = _build(root, "--output", "mine")
    assert result.returncode == 1 and "did not write" in result.stderr
    assert (root / "mine" / "notes.txt").read_text(encoding="utf-8") == "precious"
    result = _build(root, "--output", "content")
    assert result.returncode == 1
    assert len(list((root / "content").glob("*.txt"))) == 5


def test_custom_folders_and_theme_override(project) -> None:
    root = project({"a.txt": "A report on the war\n\nTalks resumed on 3 May 2021.\n"})
    (root / "docs").mkdir()
    (root / "content" / "a.txt").rename(root / "docs" / "a.txt")
    theme = root / "mytheme" / "templates"
    theme.mkdir(parents=True)
    (theme / "events.html").write_text("{% extends 'base.html' %}{% block main %}CUSTOM {{ events[0].title }}{% endblock %}",
                                      encoding="utf-8")
    result = _build(root, "--content", "docs", "--output", "site", "--theme", "mytheme")
    assert result.returncode == 0, result.stderr
    events = list((root / "site" / "events").glob("*.html"))
    assert len(events) == 1 and "CUSTOM Talks resumed" in events[0].read_text(encoding="utf-8")
    assert (root / "site" / "sources" / "a.html").is_file()


def test_missing_content_folder(project) -> None:
    root = project({})
    result = _build(root, "--content", "nowhere")
    assert result.returncode == 1 and "nowhere" in result.stderr and "not found" in result.stderr


def test_the_site_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    assert unsafe_markup('<p onmouseover="x">a</p><a href="javascript:alert(1)">b</a><script>x</script>') == [
        "<p onmouseover=...>", "<a href='javascript:alert(1)'>", "<script {}>"]
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="a.html#nope">x</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: b.html (no such file)", "a.html: a.html#nope (no such anchor)"]
