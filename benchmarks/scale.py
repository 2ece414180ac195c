"""Build speed and scale of sitegen, against MkDocs on the same documents in the same run.

    python benchmarks/scale.py [--sizes 200 2000 10000] [--runs 3] [--seeds] [--no-mkdocs]

For each size N it generates N news-like documents (benchmarks/corpus.py) and reports, each the
median of --runs runs: the full build (empty cache and output), a no-op rebuild, a rebuild after
adding one document and after editing one; the peak resident memory of a full build; the number
of events; the output size; the size of the home page with what it loads (without plotly.js);
and the tagger's throughput. MkDocs builds the same documents as plain Markdown pages, if it is
installed in the running environment (`make bench` sets that up). The machine and the date are
printed first. `--seeds` adds a row for the project's own content/ folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT_ROOT = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(PROJECT_ROOT))

import corpus  # noqa: E402  (benchmarks/ is not a package)


@dataclass(frozen=True)
class Row:
    """One size's figures (seconds, bytes, MB/s)."""

    label: str
    documents: int
    full: float
    noop: float
    add_one: float
    edit_one: float
    peak_rss: int
    events: int
    output_bytes: int
    home_bytes: int
    tagger_mb_s: float
    mkdocs: float | None


def run_build(project: Path, jobs: int | None = None) -> tuple[float, str]:
    """Run `python -m sitegen build -v` in `project`; (seconds, stdout)."""
    command = [sys.executable, "-m", "sitegen", "build", "-v"] + (["-j", str(jobs)] if jobs else [])
    environment = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    # As a default Python runs it: with its bytecode cache. (Some container images set
    # PYTHONDONTWRITEBYTECODE, and every run would then compile sitegen's edited modules again.)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"build failed in {project}: {stderr}")
    return seconds, stdout


def _fresh(project: Path) -> None:
    for name in ("output", ".sitegen-cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def home_size(site: Path) -> int:
    """index.html and the assets it loads, without plotly.js (fetched once and cached)."""
    assets = [p for p in (site / "assets").glob("*") if p.is_file() and p.name != "plotly.min.js"
              and p.suffix in (".css", ".js", ".svg")]
    return (site / "index.html").stat().st_size + sum(p.stat().st_size for p in assets)


def tagger_throughput(content: Path) -> float:
    """MB of text per second of sitegen.temporal.tag on one core, best of three passes."""
    from sitegen.temporal import tag

    texts = [p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.txt"))][:2000]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            tag(text, dt.date(2021, 6, 1))
        best = min(best, time.perf_counter() - started)
    return size / best / 1e6


def mkdocs_build_time(content: Path, work: Path, runs: int) -> float | None:
    """Median seconds of `mkdocs build` on the same documents as Markdown pages, or None."""
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        return None
    docs = work / "docs"
    shutil.rmtree(work, ignore_errors=True)
    docs.mkdir(parents=True)
    for path in sorted(content.rglob("*.txt")):
        (docs / (path.stem + ".md")).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "index.md").write_text("# Documents\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text("site_name: Benchmark\nuse_directory_urls: false\n", encoding="utf-8")
    times = []
    for _ in range(runs):
        shutil.rmtree(work / "site", ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(label: str, project: Path, runs: int, with_mkdocs: bool, jobs: int | None) -> Row:
    """All figures for the project in `project` (its content/ folder is used and modified)."""
    content = project / "content"
    documents = sum(1 for _ in content.rglob("*.txt"))
    full, noop, add, edit = [], [], [], []
    stdout = ""
    for run in range(runs):
        _fresh(project)
        seconds, stdout = run_build(project, jobs)
        full.append(seconds)
        noop.append(run_build(project, jobs)[0])
        added = corpus.write_corpus(content, 1, seed=99, start=900_000 + run)[0]
        add.append(run_build(project, jobs)[0])
        added.write_text(added.read_text(encoding="utf-8") + "\nTalks resumed on 3 May 2021.\n", encoding="utf-8")
        edit.append(run_build(project, jobs)[0])
        added.unlink()
    _fresh(project)
    rss = _measure_rss(project, jobs)
    events = int(stdout.split(" events")[0].split()[-1]) if " events" in stdout else 0
    site = project / "output"
    run_build(project, jobs)
    mkdocs = mkdocs_build_time(content, project / "mkdocs-site", runs) if with_mkdocs else None
    return Row(label, documents, statistics.median(full), statistics.median(noop), statistics.median(add),
               statistics.median(edit), rss, events, _size(site), home_size(site), tagger_throughput(content), mkdocs)


def _measure_rss(project: Path, jobs: int | None) -> int:
    """Peak RSS of one full build, measured in a fresh child so earlier runs do not count."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    command = [sys.executable, "-c", code, sys.executable, "-m", "sitegen", "build", "-q"]
    command += ["-j", str(jobs)] if jobs else []
    environment = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=True)
    return int(result.stdout.strip()) * 1024


def table(rows: list[Row]) -> list[str]:
    """The figures as a Markdown table."""
    header = ("| corpus | docs | events | full s | no-op s (% full) | add one s (% full) | edit one s (% full) "
              "| peak RSS MB | output MB | home + data KB | tagger MB/s | MkDocs s | sitegen / MkDocs |")
    lines = [header, "|" + "|".join(["---"] * 13) + "|"]
    for row in rows:
        ratio = f"{row.full / row.mkdocs:.2f}" if row.mkdocs else "n/a"
        mkdocs = f"{row.mkdocs:.2f}" if row.mkdocs else "not installed"
        lines.append(
            f"| {row.label} | {row.documents} | {row.events} | {row.full:.2f} "
            f"| {row.noop:.2f} ({100 * row.noop / row.full:.1f}%) | {row.add_one:.2f} ({100 * row.add_one / row.full:.1f}%) "
            f"| {row.edit_one:.2f} ({100 * row.edit_one / row.full:.1f}%) | {row.peak_rss / 2**20:.0f} "
            f"| {row.output_bytes / 2**20:.1f} | {row.home_bytes / 1024:.0f} | {row.tagger_mb_s:.2f} | {mkdocs} | {ratio} |")
    return lines


def machine() -> list[str]:
    """Where and when the figures were taken."""
    return [f"date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
            f"python: {platform.python_version()}"]


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds", action="store_true", help="also measure the project's content/ folder")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the MkDocs comparison")
    parser.add_argument("--jobs", type=int, default=None, help="sitegen build --jobs (default: all CPUs)")
    arguments = parser.parse_args()
    print("\n".join(machine()), flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
        if arguments.seeds:
            project = Path(folder) / "seeds"
            shutil.copytree(PROJECT_ROOT / "content", project / "content")
            rows.append(measure("seeds", project, arguments.runs, not arguments.no_mkdocs, arguments.jobs))
            print("\n".join(table(rows)[-1:]), flush=True)
        for size in arguments.sizes:
            project = Path(folder) / f"n{size}"
            corpus.write_corpus(project / "content", size)
            rows.append(measure(f"generated {size}", project, arguments.runs, not arguments.no_mkdocs, arguments.jobs))
            print("\n".join(table(rows)[-1:]), flush=True)
    print()
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
