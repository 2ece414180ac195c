"""Events and publication dates of the seed documents against the hand-made gold in tests/data.

A gold line is found when some event has a quote from the same source that contains the gold
quote and the gold date value; a predicted event is right when it finds at least one gold line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitegen.build import extract_timeline
from sitegen.config import BuildConfig
from sitegen.model import Event, Source

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOLD_EVENTS = PROJECT_ROOT / "tests" / "data" / "seed_events.jsonl"
GOLD_PUBLISHED = PROJECT_ROOT / "tests" / "data" / "seed_published.json"


@dataclass(frozen=True)
class SeedScores:
    """Event precision/recall over the seeds, and publication dates found."""

    predicted: int
    correct_predicted: int
    gold: int
    found_gold: int
    published_right: int
    documents: int
    spurious: tuple[Event, ...]
    missed: tuple[dict, ...]

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold() -> tuple[list[dict], dict[str, str | None]]:
    """The gold events (one dict per line) and publication dates."""
    events = [json.loads(line) for line in GOLD_EVENTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    published = json.loads(GOLD_PUBLISHED.read_text(encoding="utf-8"))["published"]
    return events, published


def _finds(event: Event, gold: dict) -> bool:
    return event.date.timex == gold["value"] and any(
        quote.source_id == gold["source"] and gold["quote"] in quote.text for quote in event.quotes)


def score_seeds(content_dir: Path = PROJECT_ROOT / "content") -> SeedScores:
    """Build the seed timeline (without writing a site) and score it against the gold."""
    documents, timeline, _ = extract_timeline(BuildConfig(content_dir=content_dir))
    sources: list[Source] = documents.sources
    events = timeline.events
    gold_events, gold_published = load_gold()
    correct = [e for e in events if any(_finds(e, g) for g in gold_events)]
    found = [g for g in gold_events if any(_finds(e, g) for e in events)]
    right = sum(1 for s in sources if s.id in gold_published and (
        s.published == (date.fromisoformat(gold_published[s.id]) if gold_published[s.id] else None)))
    return SeedScores(len(events), len(correct), len(gold_events), len(found), right, len(gold_published),
                      tuple(e for e in events if e not in correct),
                      tuple(g for g in gold_events if g not in found))


def seed_section(errors: int = 0) -> list[str]:
    """Lines of the seed-event table (and, with `errors`, the misses and spurious events)."""
    scores = score_seeds()
    lines = ["## Seed events (tests/data/seed_events.jsonl)", "",
             "gold  predicted  precision  recall     F1  publication dates right",
             f"{scores.gold:>4}  {scores.predicted:>9}  {scores.precision * 100:>9.1f}  "
             f"{scores.recall * 100:>6.1f}  {scores.f1 * 100:>5.1f}  {scores.published_right}/{scores.documents}"]
    if errors:
        lines += [f"  missed   {g['source']} {g['value']} {g['text']!r}: {g['quote']}" for g in scores.missed[:errors]]
        lines += [f"  spurious {e.date.timex} {e.date.text!r}: {e.title}" for e in scores.spurious[:errors]]
    return lines
