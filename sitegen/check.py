"""`sitegen check`: read and extract everything, write no site, and list what needs an eye."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import Documents, extract_timeline
from .cache import ExtractionCache
from .config import BuildConfig
from .diagnostics import Diagnostic, count_kinds
from .lock import build_lock
from .model import Timeline


@dataclass(frozen=True)
class CheckResult:
    """The documents, the timeline and the diagnostics of a project."""

    content_dir: Path
    documents: Documents
    timeline: Timeline
    diagnostics: tuple[Diagnostic, ...]

    def lines(self, verbose: bool = False) -> list[str]:
        """`path:line: kind: message` lines: where each publication date was found, every
        diagnostic, and every event with its id (its first quote's place)."""
        found = [Diagnostic(str(self.content_dir / s.path), s.published_line or 0, "published",
                            f"{s.published.isoformat()}") for s in self.documents.sources if s.published]
        events = [Diagnostic(str(self.content_dir / self.timeline.source(e.quotes[0].source_id).path),
                             e.quotes[0].line, "event", f"{e.id} {e.date.timex} {e.title}")
                  for e in self.timeline.events]
        lines = [str(d) for d in sorted(found + list(self.diagnostics))]
        if verbose or events:
            lines += [str(d) for d in sorted(events)]
        return lines

    def summary(self) -> str:
        """One line of counts."""
        detail = ", ".join(f"{count} {kind}" for kind, count in count_kinds(self.diagnostics).items())
        return (f"Checked {len(self.documents.sources)} documents, {len(self.timeline.events)} events: "
                f"{len(self.diagnostics)} warnings" + (f" ({detail})" if detail else ""))


def check(config: BuildConfig) -> CheckResult:
    """Read, extract and assemble the project; nothing of the site is written."""
    with build_lock(config.cache_dir):
        cache = ExtractionCache(config.cache_dir, config.extraction_settings())
        documents, timeline, diagnostics = extract_timeline(config, cache)
    return CheckResult(config.content_dir, documents, timeline, tuple(diagnostics.sorted()))
