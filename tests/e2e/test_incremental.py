"""Incremental builds give exactly the output of a clean build, write only what changed, and a
failed, interrupted or concurrent build never damages the published site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitegen.cache import code_fingerprint
from sitegen.lock import build_lock
from sitegen.parallel import PARALLEL_PAGES_MINIMUM
from tests.conftest import ROOT, run_sitegen
from tests.e2e.sitecheck import broken_links


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _clean_build(root: Path) -> dict[str, bytes]:
    """Build the same project from scratch (no cache, no previous output) and return its tree."""
    shutil.rmtree(root / "clean", ignore_errors=True)
    shutil.rmtree(root / "clean-cache", ignore_errors=True)
    (root / "clean.toml").write_text(
        (root / "sitegen.toml").read_text(encoding="utf-8").replace('output = "output"', 'output = "clean"')
        + 'cache = "clean-cache"\n' if (root / "sitegen.toml").exists() else 'output = "clean"\ncache = "clean-cache"\n',
        encoding="utf-8")
    result = run_sitegen(["build", "-q", "--config", "clean.toml"], root)
    assert result.returncode == 0, result.stderr
    return _tree(root / "clean")


def _rebuild(root: Path) -> dict[str, bytes]:
    result = run_sitegen(["build", "-q"], root)
    assert result.returncode == 0, result.stderr
    return _tree(root / "output")


def test_rebuilds_equal_clean_builds_through_a_sequence_of_edits(project) -> None:
    root = project({"extra/report.md": "# Report\n\nTalks resumed on 3 May 2021 in Vienna.\n"}, seeds=True)
    (root / "sitegen.toml").write_text('title = "Test timeline"\noutput = "output"\n', encoding="utf-8")
    content = root / "content"
    steps = [
        lambda: (content / "new.txt").write_text("A new report\n\nFighting resumed on 12 July 2022 near Lachin.\n",
                                                 encoding="utf-8"),
        lambda: (content / "new.txt").write_text("A new report\n\nFighting resumed on 13 July 2022 near Lachin.\n",
                                                 encoding="utf-8"),
        lambda: (content / "new.txt").rename(content / "renamed.txt"),
        lambda: (content / "001_ef06279c62a2649a.txt").unlink(),
        lambda: (content / "extra" / "report.md").write_text("# Report\n\nNo dates any more.\n", encoding="utf-8"),
        lambda: (root / "theme" / "templates").mkdir(parents=True) or (root / "theme" / "templates" / "events.html")
        .write_text("{% extends 'base.html' %}{% block main %}<h1>{{ events[0].title }}</h1>{% endblock %}\n",
                    encoding="utf-8"),
        lambda: (root / "sitegen.toml").write_text('title = "Renamed timeline"\noutput = "output"\n', encoding="utf-8"),
        lambda: (root / "sitegen.toml").write_text(
            'title = "Renamed timeline"\noutput = "output"\n[range]\nstart = 2020-10-01\nend = 2023-12-31\n',
            encoding="utf-8"),
    ]
    _rebuild(root)
    for number, step in enumerate(steps):
        step()
        incremental = _rebuild(root)
        clean = _clean_build(root)
        assert incremental.keys() == clean.keys(), f"step {number}"
        different = [path for path in clean if clean[path] != incremental[path]]
        assert different == [], f"step {number}: {different}"
    assert not (root / "output" / "sources" / "001_ef06279c62a2649a.html").exists()
    assert b"Renamed timeline" in incremental["index.html"]


def test_a_no_op_rebuild_writes_nothing_and_an_edit_writes_little(project) -> None:
    root = project({}, seeds=True)
    assert run_sitegen(["build", "-q"], root).returncode == 0
    site = root / "output"
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}
    time.sleep(0.05)
    result = run_sitegen(["build", "-v"], root)
    assert "0 extracted, 5 from cache; 0 files written" in result.stdout
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()} == before
    doc = root / "content" / "004_5e686fb662056a71.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    result = run_sitegen(["build", "-v"], root)
    assert "1 extracted, 4 from cache" in result.stdout
    unchanged = [p for p, stamp in before.items() if p.exists() and (p.stat().st_mtime_ns, p.stat().st_ino) == stamp]
    assert site / "assets" / "plotly.min.js" in unchanged
    assert site / "sources" / "000_76b872ba3680ac4e.html" in unchanged
    assert site / "sources" / "004_5e686fb662056a71.html" not in unchanged


def test_the_cache_is_safe_to_delete(project) -> None:
    root = project({}, seeds=True)
    first = _rebuild(root)
    shutil.rmtree(root / ".sitegen-cache")
    assert _rebuild(root) == first


def test_files_left_by_a_build_killed_while_saving_its_cache_are_removed(project) -> None:
    root = project({}, seeds=True)
    first = _rebuild(root)
    cache = root / ".sitegen-cache"
    left = [cache / "assembly.pickle.tmp-99999", cache / "memo" / "search.pickle.tmp-99999"]
    for path in left:
        path.write_bytes(b"half")
    (root / "content" / "new.txt").write_text("New\n\nTalks resumed on 3 May 2021.\n", encoding="utf-8")
    assert _rebuild(root) != first
    assert [path for path in left if path.exists()] == []


def test_a_second_build_at_the_same_time_is_refused(project) -> None:
    root = project({}, seeds=True)
    with build_lock(root / ".sitegen-cache"):
        result = run_sitegen(["build"], root)
    assert result.returncode == 1
    assert "another sitegen build is running" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "output").exists()


def _make_corpus(content: Path, count: int) -> None:
    body = ("Forces clashed near the town on {day} March 2021, the ministry said. Talks were held "
            "on Tuesday. Officials met again in April 2021 and plan to meet next month.\n\n") * 8
    for number in range(count):
        (content / f"doc{number:04d}.txt").write_text(
            f"Report number {number} on the war\n\n{body.format(day=number % 28 + 1)}", encoding="utf-8")


def _published_then_grown(project) -> tuple[Path, dict[str, bytes], dict[str, str]]:
    """A project built from the seeds, then given 300 more documents: its root, the published
    tree, and the environment to run sitegen from this checkout."""
    root = project({}, seeds=True)
    assert run_sitegen(["build", "-q"], root).returncode == 0
    published = _tree(root / "output")
    _make_corpus(root / "content", 300)
    return root, published, dict(os.environ, PYTHONPATH=str(ROOT))


def test_kill_9_at_any_moment_leaves_the_previous_site_intact(project) -> None:
    root, published, environment = _published_then_grown(project)
    for delay in (0.4, 1.0, 1.8, 2.6):
        process = subprocess.Popen([sys.executable, "-m", "sitegen", "build", "-q"], cwd=root, env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        current = _tree(root / "output")
        assert current == published or current == _tree(root / "output"), "output changed half-way"
        if current != published:
            published = current  # the build finished its swap just before the kill
        assert broken_links(root / "output") == []
    result = run_sitegen(["build", "-q"], root)
    assert result.returncode == 0, result.stderr
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]
    assert broken_links(root / "output") == []
    assert _processes_in(root, wait=10) == [], "worker processes outlived the killed builds"


def _processes_in(root: Path, wait: float) -> list[str]:
    """Command lines of running processes working in `root` or naming it (forkservers name it in
    their arguments), after up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for folder in Path("/proc").iterdir():
            try:
                command = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
                cwd = os.readlink(folder / "cwd")
            except OSError:
                continue
            if str(root) in command or cwd == str(root):
                found.append(command)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_ctrl_c_leaves_the_previous_site_and_says_so(project) -> None:
    root, published, environment = _published_then_grown(project)
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "build"], cwd=root, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.8)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 130:
        assert "previous output was left as it was" in stderr and "Traceback" not in stderr
        assert _tree(root / "output") == published
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]


def test_ctrl_c_in_a_terminal_stops_the_build_and_its_workers(project) -> None:
    """A terminal sends Ctrl-C to the whole process group, workers included."""
    root, published, environment = _published_then_grown(project)
    for delay in (0.6, 1.5, 2.5):
        process = subprocess.Popen([sys.executable, "-m", "sitegen", "build", "-j", "2"], cwd=root,
                                   env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        if process.returncode == 0:
            break  # finished before the signal; nothing left to interrupt
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr and _tree(root / "output") == published
        assert _processes_in(root, wait=10) == []
        assert not [p for p in root.iterdir() if p.name.startswith(".output.")]


def test_parallel_extraction_and_rendering_give_the_single_process_result(project) -> None:
    root = project({}, seeds=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.write_corpus(root / "content", 40)
    one = run_sitegen(["build", "-q", "-j", "1", "--output", "one"], root)
    assert one.returncode == 0, one.stderr
    shutil.rmtree(root / ".sitegen-cache")
    two = run_sitegen(["build", "-v", "-j", "2", "--output", "two"], root)
    assert two.returncode == 0, two.stderr
    assert "45 extracted, 0 from cache" in two.stdout
    pages = int(two.stdout.split(" pages")[0].split()[-1])
    assert pages >= PARALLEL_PAGES_MINIMUM, "too few pages to render in parallel"
    assert _tree(root / "one") == _tree(root / "two")
    assert (root / "two" / "search" ).is_dir() and (root / "two" / "data" / "events.csv").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith((".one.", ".two."))]


def test_a_deleted_output_file_made_on_a_worker_comes_back(project) -> None:
    root = project({}, seeds=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.write_corpus(root / "content", 40)
    assert run_sitegen(["build", "-q", "-j", "2"], root).returncode == 0
    calendar = root / "output" / "data" / "events.ics"
    shard = next((root / "output" / "search").glob("terms-*.js"))
    published = {calendar: calendar.read_bytes(), shard: shard.read_bytes()}
    calendar.unlink()
    shard.unlink()
    again = run_sitegen(["build", "-q", "-j", "2"], root)
    assert again.returncode == 0, again.stderr
    assert {path: path.read_bytes() for path in published} == published
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]


def test_a_parallel_rebuild_after_adding_a_document_gives_a_clean_build(project, tmp_path: Path) -> None:
    root = project({}, seeds=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.write_corpus(root / "content", 40)
    assert run_sitegen(["build", "-q", "-j", "2"], root).returncode == 0
    corpus.write_corpus(root / "content", 1, seed=7, start=500)
    rebuilt = run_sitegen(["build", "-v", "-j", "2"], root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "1 extracted, 45 from cache" in rebuilt.stdout
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    assert run_sitegen(["build", "-q", "-j", "1"], clean).returncode == 0
    assert _tree(root / "output") == _tree(clean / "output")

def test_a_parallel_extraction_stores_the_taggers_start_keys_for_the_next_build(project) -> None:
    from sitegen.cache import START_KEYS_FILE
    from sitegen.cachefiles import load_salted

    root = project({}, seeds=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.write_corpus(root / "content", 30)  # enough to extract on workers
    assert run_sitegen(["build", "-q", "-j", "2"], root).returncode == 0
    stored = load_salted(root / ".sitegen-cache" / START_KEYS_FILE, code_fingerprint(("temporal",)))
    assert isinstance(stored, dict) and len(stored) > 40
