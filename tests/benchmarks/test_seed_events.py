"""The seed documents against their hand-made gold events (benchmarks/seed_events.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))
seed_events = importlib.import_module("seed_events")


def test_seed_events_meet_the_bar() -> None:
    scores = seed_events.score_seeds()
    assert scores.published_right == scores.documents == 5
    assert scores.recall == 1.0, scores.missed
    assert scores.precision >= 0.89, [e.title for e in scores.spurious]


def test_seed_section_prints_the_table() -> None:
    lines = seed_events.seed_section(errors=3)
    assert lines[2].split()[:3] == ["gold", "predicted", "precision"]
    assert lines[3].split()[0] == "19"
