"""Accuracy and speed of the sitegen temporal tagger on TimeML gold data.

Usage (from the project root)::

    python benchmarks/accuracy.py [--data DIR] [--corpus timebank aquaint wikiwars-train]
                                  [--errors N] [--tagger module:function]
                                  [--sections timeml throughput]

Each section is a function returning the lines it prints (``timeml_section``,
``throughput_section``); add new sections the same way and list them in
``SECTIONS``/``main``. A tagger is any callable ``tag(text, reference)`` returning
objects with ``start``, ``end``, ``text``, ``type`` and ``value`` attributes, so
``--tagger`` can point at another tagger (or a wrapper around one) for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import math
import re
import sys
import time
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

if __package__:  # imported as benchmarks.accuracy
    from . import seed_events, timeml
else:  # run as a script (sys.path[0] is benchmarks/) or imported with benchmarks/ on sys.path
    import seed_events
    import timeml

Tagger = Callable[[str, dt.date | None], Iterable[Any]]
TextSearch = Callable[[str], Any]
Unit = tuple[str, dt.date | None]  # (text, reference date): one call of the tool

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "timeml-dev"
DEFAULT_TAGGER = "sitegen.temporal:tag"
CORPORA = ("timebank", "aquaint", "wikiwars-train")
COMBINED = ("timebank", "aquaint")
SECTIONS = ("seeds", "timeml", "throughput")
CORPUS_NOTES = (
    ("wikiwars-train", "gold types are all DATE in the WikiWars conversion: ignore its type accuracy"),
)
CONTEXT_CHARS = 50
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


# ------------------------------------------------------------------ tagging


@dataclass(frozen=True)
class Tagged:
    """A document with the tagger's predictions and their alignment to gold."""

    doc: timeml.GoldDocument
    predicted: tuple[Any, ...]
    alignment: timeml.Alignment
    counts: timeml.Counts


def load_tagger(spec: str) -> Tagger:
    """Import ``module:function`` (the project root is importable) and return the function."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"--tagger must look like module:function, got {spec!r}")
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    return getattr(importlib.import_module(module_name), attribute)


def tag_document(doc: timeml.GoldDocument, tagger: Tagger) -> Tagged:
    """Tag one document with its DCT as reference date and align the result to gold."""
    try:
        predicted = tuple(tagger(doc.text, doc.dct))
    except Exception as error:  # point at the failing document, keep the traceback
        raise RuntimeError(f"tagger failed on {doc.corpus}/{doc.name}") from error
    alignment = timeml.align(doc.timexes, predicted)
    return Tagged(doc, predicted, alignment, timeml.count(doc.timexes, predicted, alignment))


def total_counts(tagged: Iterable[Tagged]) -> timeml.Counts:
    """Sum of the per-document counts (micro average input)."""
    return reduce(lambda acc, t: acc + t.counts, tagged, timeml.Counts())


def bad_offsets(tagged: Iterable[Tagged]) -> int:
    """Number of predictions whose ``text`` is not ``doc.text[start:end]``."""
    return sum(
        1 for t in tagged for p in t.predicted if getattr(p, "text", None) != t.doc.text[p.start : p.end]
    )


# ------------------------------------------------------------------ tables


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Plain fixed-width table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def pct(x: float) -> str:
    """A fraction as a percentage with one decimal."""
    return f"{100 * x:.1f}"


SCORE_HEADER = (
    "corpus", "docs", "gold", "pred",
    "strict P", "R", "F1", "relaxed P", "R", "F1", "value F1", "type acc",
)


def score_row(label: str, docs: int, counts: timeml.Counts) -> list[str]:
    """One table row for summed counts."""
    s = timeml.Scores(counts)
    return [
        label, str(docs), str(counts.gold), str(counts.predicted),
        pct(s.strict.precision), pct(s.strict.recall), pct(s.strict.f1),
        pct(s.relaxed.precision), pct(s.relaxed.recall), pct(s.relaxed.f1),
        pct(s.value.f1), pct(s.type_accuracy),
    ]


# ------------------------------------------------------------------ errors


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """``text`` around ``[start, end)`` on one line, the span marked with [[ ]]."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[[{text[start:end]}]]{right}"
    return " ".join(snippet.split())


ERROR_KINDS = ("missed", "spurious", "value", "span")


def error_lines(tagged: Tagged) -> dict[str, list[str]]:
    """Describe one document's errors by kind.

    ``missed``: gold without a relaxed match; ``spurious``: prediction without one;
    ``value``: relaxed match with a different value; ``span``: relaxed match with
    the right value but not the exact gold span (costs strict scores only).
    """
    doc, gold, pred = tagged.doc, tagged.doc.timexes, tagged.predicted
    name = f"{doc.name} (dct {doc.dct})"
    strict = set(tagged.alignment.strict)

    def where(span: Any) -> str:
        return context(doc.text, span.start, span.end)

    def pair(g: int, p: int) -> str:
        predicted = doc.text[pred[p].start : pred[p].end]
        return f"gold {gold[g].value!r} {gold[g].text!r}, predicted {pred[p].value!r} {predicted!r}  | {where(gold[g])}"

    alignment = tagged.alignment
    right_value = {(g, p) for g, p in alignment.relaxed if timeml.values_equal(gold[g].value, pred[p].value)}
    return {
        "missed": [
            f"  missed   {name}: {gold[g].type} {gold[g].value!r}  | {where(gold[g])}" for g in alignment.missed
        ],
        "spurious": [
            f"  spurious {name}: {pred[p].type} {pred[p].value!r}  | {where(pred[p])}" for p in alignment.spurious
        ],
        "value": [f"  value    {name}: {pair(g, p)}" for g, p in alignment.relaxed if (g, p) not in right_value],
        "span": [f"  span     {name}: {pair(g, p)}" for g, p in sorted(right_value - strict)],
    }


def spread(items: Sequence[Any], k: int) -> list[Any]:
    """Up to ``k`` items taken at evenly spaced positions (deterministic sample)."""
    if k <= 0 or not items:
        return []
    if k >= len(items):
        return list(items)
    return [items[(i * len(items)) // k] for i in range(k)]


def errors_section(corpus: str, tagged: Sequence[Tagged], limit: int) -> list[str]:
    """Up to ``limit`` example errors of one corpus, shared out over the error kinds."""
    kinds: dict[str, list[str]] = {kind: [] for kind in ERROR_KINDS}
    for t in tagged:
        for kind, lines in error_lines(t).items():
            kinds[kind].extend(lines)
    quotas = _share(limit, [len(v) for v in kinds.values()])
    summary = ", ".join(f"{len(v)} {k}" for k, v in kinds.items())
    lines = [f"{corpus}: {summary} (showing up to {limit})"]
    for (kind, all_lines), quota in zip(kinds.items(), quotas):
        lines.extend(spread(all_lines, quota))
    return lines


def _share(total: int, available: Sequence[int]) -> list[int]:
    """Split ``total`` slots as evenly as possible over groups with ``available`` items."""
    quotas = [0] * len(available)
    remaining = total
    while remaining > 0 and any(q < a for q, a in zip(quotas, available)):
        for i, a in enumerate(available):
            if remaining > 0 and quotas[i] < a:
                quotas[i] += 1
                remaining -= 1
    return quotas


# ------------------------------------------------------------------ sections


def read_corpora(data: Path, corpora: Sequence[str]) -> dict[str, list[timeml.GoldDocument]]:
    """Gold documents of every requested corpus folder that exists under ``data``."""
    return {c: timeml.read_corpus(data / c) for c in corpora if (data / c).is_dir()}


def timeml_section(
    corpora: dict[str, Sequence[timeml.GoldDocument]], tagger: Tagger, errors: int = 0
) -> list[str]:
    """TempEval-3 scores per corpus (plus timebank+aquaint) and, if ``errors``, example errors."""
    tagged = {c: [tag_document(d, tagger) for d in docs] for c, docs in corpora.items()}
    rows = [score_row(c, len(t), total_counts(t)) for c, t in tagged.items()]
    if all(c in tagged for c in COMBINED):
        both = [t for c in COMBINED for t in tagged[c]]
        rows.append(score_row("+".join(COMBINED), len(both), total_counts(both)))
    lines = ["## TimeML accuracy (TempEval-3 timex scoring, micro-averaged, %)", ""]
    lines += format_table(SCORE_HEADER, rows)
    lines += [f"note: {c}: {note}" for c, note in CORPUS_NOTES if c in tagged]
    wrong = bad_offsets(t for ts in tagged.values() for t in ts)
    if wrong:
        lines.append(f"warning: {wrong} predictions have .text != text[start:end]")
    if errors > 0:
        lines += ["", f"### Example errors (up to {errors} per corpus; span marked [[ ]])"]
        for c, ts in tagged.items():
            lines += ["", *errors_section(c, ts, errors)]
    return lines


def paragraphs(texts: Iterable[Unit]) -> list[Unit]:
    """Split texts at blank lines into non-blank paragraphs (the unit of work for throughput)."""
    return [
        (p, ref) for text, ref in texts for p in PARAGRAPH_BREAK.split(text) if p.strip()
    ]


def load_dateparser() -> TextSearch | None:
    """``dateparser.search.search_dates`` for English, or None if dateparser is not installed."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    return lambda text: search_dates(text, languages=["en"])


@dataclass(frozen=True)
class Timing:
    """Best wall time of a run over some units."""

    units: int
    nbytes: int
    seconds: float
    runs: int

    @property
    def mb_per_s(self) -> float:
        """Throughput in MB/s (1 MB = 10**6 bytes of UTF-8 text)."""
        return self.nbytes / 1e6 / self.seconds if self.seconds > 0 else math.inf


def time_runs(work: Callable[[str, dt.date | None], Any], units: Sequence[Unit], runs: int) -> Timing:
    """Best of ``runs`` timed passes of ``work`` over ``units`` (time.perf_counter)."""
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        for text, ref in units:
            work(text, ref)
        best = min(best, time.perf_counter() - start)
    return Timing(len(units), sum(len(t.encode()) for t, _ in units), best, runs)


def byte_sample(units: Sequence[Unit], max_bytes: int) -> list[Unit]:
    """Evenly spread units (in original order) totalling at most about ``max_bytes``."""
    total = sum(len(t.encode()) for t, _ in units)
    if total <= max_bytes:
        return list(units)
    picked, size = [], 0
    for unit in spread(units, max(1, len(units) * max_bytes // total)):
        n = len(unit[0].encode())
        if picked and size + n > max_bytes:
            break
        picked.append(unit)
        size += n
    return picked


def time_baseline(
    search: TextSearch, units: Sequence[Unit], max_seconds: float, sample_bytes: int, runs: int
) -> tuple[Timing, bool]:
    """Time ``search`` like the tagger, on a sample of ``sample_bytes`` if the full run would exceed ``max_seconds``.

    A calibration pass over a ~20 KB sample estimates the full run time. Repeats are
    reduced so that all runs together stay within about ``max_seconds``.
    Returns the timing and whether a sample was used.
    """
    def work(text: str, _reference: dt.date | None) -> Any:
        return search(text)

    calibration = time_runs(work, byte_sample(units, 20_000), 1)
    total = sum(len(t.encode()) for t, _ in units)
    estimate = total / max(calibration.nbytes, 1) * calibration.seconds
    chosen = units if estimate <= max_seconds else byte_sample(units, sample_bytes)
    one_run = sum(len(t.encode()) for t, _ in chosen) / max(calibration.nbytes, 1) * calibration.seconds
    repeats = max(1, min(runs, int(max_seconds // one_run) if one_run > 0 else runs))
    return time_runs(work, chosen, repeats), len(chosen) < len(units)


def throughput_section(
    texts: Sequence[Unit],
    tagger: Tagger,
    baseline: TextSearch | None,
    runs: int = 3,
    max_seconds: float = 60.0,
    sample_bytes: int = 200_000,
    label: str = "sitegen",
) -> list[str]:
    """Single-core MB/s of ``tagger`` and of ``baseline`` (dateparser's search_dates) on the same paragraphs.

    ``texts`` are (raw text, reference date) pairs; both tools get the same
    paragraphs one call each. The tagger gets best of ``runs`` on all of them; the
    baseline is capped as described in :func:`time_baseline`. ``label`` names the
    tagger in the table and the ratio line.
    """
    units = paragraphs(texts)
    ours = time_runs(lambda text, ref: list(tagger(text, ref)), units, runs)
    header = ("tool", "paragraphs", "KB", "best s", "runs", "MB/s")
    rows = [_timing_row(label, ours)]
    lines = ["## Throughput (one core, one call per paragraph)", ""]
    if baseline is None:
        table = format_table(header, [*rows, ["dateparser", "", "", "", "", ""]])
        missing = table[-1].ljust(len(table[0]) - len("MB/s") - 2) + "dateparser not installed: pip install dateparser"
        return lines + table[:-1] + [missing]
    theirs, sampled = time_baseline(baseline, units, max_seconds, sample_bytes, runs)
    rows.append(_timing_row("dateparser.search_dates", theirs))
    lines += format_table(header, rows)
    if sampled:
        lines.append(
            f"dateparser timed on a sample of {theirs.units} of {len(units)} paragraphs "
            f"({theirs.nbytes / 1e3:.0f} KB of {ours.nbytes / 1e3:.0f} KB): "
            f"a full run would take over {max_seconds:.0f} s"
        )
    lines.append(f"ratio {label}/dateparser: {ours.mb_per_s / theirs.mb_per_s:.1f}x")
    return lines


def _timing_row(label: str, t: Timing) -> list[str]:
    return [label, str(t.units), f"{t.nbytes / 1e3:.0f}", f"{t.seconds:.3f}", str(t.runs), f"{t.mb_per_s:.3f}"]


# ------------------------------------------------------------------ main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"TimeML data folder (default {DEFAULT_DATA})")
    parser.add_argument("--corpus", nargs="+", choices=CORPORA, default=list(CORPORA), help="corpora to score")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N example errors per corpus")
    parser.add_argument(
        "--tagger", default=DEFAULT_TAGGER, help=f"tagger as module:function (default {DEFAULT_TAGGER})"
    )
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the requested sections and print them; returns the exit status."""
    args = parse_args(argv)
    if "seeds" in args.sections:
        print("\n".join(seed_events.seed_section(args.errors)), end="\n\n")
    data = args.data.resolve()
    if not data.is_dir():
        print(f"TimeML data not found at {data}: skipped")
        return 0
    corpora = read_corpora(data, args.corpus)
    if not corpora:
        print(f"none of {', '.join(args.corpus)} found under {data}: skipped")
        return 0
    missing = [c for c in args.corpus if c not in corpora]
    if missing:
        print(f"not found under {data}, skipped: {', '.join(missing)}")
    try:
        tagger = load_tagger(args.tagger)
    except (ImportError, AttributeError, ValueError) as error:
        print(f"cannot load tagger {args.tagger!r}: {error}", file=sys.stderr)
        return 2
    print(f"data: {data}\ntagger: {args.tagger}\n")
    if "timeml" in args.sections:
        print("\n".join(timeml_section(corpora, tagger, args.errors)), end="\n\n")
    if "throughput" in args.sections:
        texts = [(d.text, d.dct) for docs in corpora.values() for d in docs]
        label = "sitegen" if args.tagger == DEFAULT_TAGGER else args.tagger
        print("\n".join(throughput_section(texts, tagger, load_dateparser(), label=label)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
