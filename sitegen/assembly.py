"""The assembled events of the last build, kept between builds by date value.

Reports of the same event always have the same TIMEX3 value (`events.same_event`), so the events
of one value depend only on the mentions of that value. A rebuild assembles again only the values
that a new, changed or deleted document mentions; every other value keeps its events. A build
without a previous assembly goes through the same steps with every value to assemble, so both give
the same events.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .cache import CachedDocument
from .diagnostics import Diagnostic
from .events import Mention, assemble_events
from .cachefiles import load_salted, store_salted
from .model import Event, Source

FORMAT = 2


@dataclass(frozen=True)
class DocumentSummary:
    """What the timeline needs of a document that has not changed: its source (without its text),
    its extraction's diagnostics and the date values its mentions have."""

    source: Source
    diagnostics: tuple[Diagnostic, ...]
    values: frozenset[str]

    @staticmethod
    def of(document: CachedDocument) -> DocumentSummary:
        """The summary of a freshly read or extracted document."""
        return DocumentSummary(replace(document.source, text=""), document.extraction.diagnostics,
                               frozenset(mention.date.timex for mention in document.extraction.mentions))


@dataclass
class Assembly:
    """Documents by cache key, and events and mentions by date value, each value's pickled: only
    the values a rebuild assembles again have their mentions unpickled, and storing the assembly
    copies the other values' bytes instead of pickling their events again."""

    documents: dict[str, DocumentSummary] = field(default_factory=dict)
    events: dict[str, bytes] = field(default_factory=dict)
    mentions: dict[str, bytes] = field(default_factory=dict)

    def update(self, keys: Iterable[str], new: Mapping[str, CachedDocument]) -> Assembly:
        """The assembly of the documents with these cache `keys`: those in `new` were read or
        extracted for this build, all others must be in this assembly already."""
        keys = list(keys)
        removed = self.documents.keys() - set(keys)
        stale_ids = {self.documents[key].source.id for key in removed}
        added: dict[str, list[Mention]] = {}
        for key in keys:
            if key in new and key not in self.documents:
                for mention in new[key].extraction.mentions:
                    added.setdefault(mention.date.timex, []).append(mention)
        if not removed and len(keys) == len(self.documents) and not added:
            return self
        touched = set(added).union(*(self.documents[key].values for key in removed))
        events = dict(self.events)
        mentions = dict(self.mentions)
        for value in sorted(touched):
            kept = [m for m in _unpickled(mentions.get(value)) if m.quote.source_id not in stale_ids]
            members = kept + added.get(value, [])
            if members:
                made = tuple(assemble_events(members))
                for event in made:  # computed now, so they are stored with the event
                    event.fingerprint, event.source_ids
                events[value] = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
                mentions[value] = pickle.dumps(tuple(members), protocol=pickle.HIGHEST_PROTOCOL)
            else:
                events.pop(value, None)
                mentions.pop(value, None)
        documents = {key: self.documents[key] if key in self.documents else DocumentSummary.of(new[key])
                     for key in keys}
        return Assembly(documents, events, mentions)

    def sorted_events(self) -> list[Event]:
        """Every event, sorted by date then id; of events with the same id (a hash collision
        across values), the first in that order."""
        ordered = sorted((event for listed in self.events.values() for event in pickle.loads(listed)),
                         key=lambda e: (e.date.start, e.date.end, e.id))
        seen: set[str] = set()
        unique = []
        for event in ordered:
            if event.id not in seen:
                seen.add(event.id)
                unique.append(event)
        return unique


def _unpickled(data: bytes | None) -> tuple[Any, ...]:
    return () if data is None else pickle.loads(data)


def load_assembly(path: Path, salt: str) -> Assembly:
    """The assembly stored at `path` by a build with the same extraction `salt`; an empty one when
    there is none (or it cannot be read)."""
    assembly = load_salted(path, (FORMAT, salt))
    return assembly if isinstance(assembly, Assembly) else Assembly()


def store_assembly(path: Path, salt: str, assembly: Assembly) -> None:
    """Save `assembly` at `path` for `load_assembly` with the same extraction `salt`."""
    store_salted(path, (FORMAT, salt), assembly)
