"""The assembled events of the last build, kept between builds by date value.

Reports of the same event always have the same TIMEX3 value (`events.same_event`), so the events
of one value depend only on the mentions of that value. A rebuild assembles again only the values
that a new, changed or deleted document mentions; every other value keeps its events. A build
without a previous assembly goes through the same steps with every value to assemble, so both give
the same events.
"""

from __future__ import annotations

import pickle
from itertools import chain
from operator import attrgetter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .cache import CachedDocument
from .diagnostics import Diagnostic
from .events import Mention, assemble_events
from .cachefiles import append_frame, read_framed, store_salted
from .model import Event, Source

FORMAT = 3


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
    appends only what changed (`store_assembly`)."""

    documents: dict[str, DocumentSummary] = field(default_factory=dict)
    events: dict[str, bytes] = field(default_factory=dict)
    mentions: dict[str, bytes] = field(default_factory=dict)
    # The file it was read from, when read whole: its size when stored, and the bytes appended since.
    stored: tuple[int, int] | None = field(default=None, compare=False, repr=False)

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
        ordered = sorted(chain.from_iterable(map(pickle.loads, self.events.values())), key=_ORDER)
        seen: set[str] = set()
        unique = []
        for event in ordered:
            if event.id not in seen:
                seen.add(event.id)
                unique.append(event)
        return unique


_ORDER = attrgetter("date.start", "date.end", "id")


def _unpickled(data: bytes | None) -> tuple[Any, ...]:
    return () if data is None else pickle.loads(data)


# What a rebuild appends to the stored assembly: per dict (documents, events, mentions), the
# entries it set and the keys it removed.
Changes = tuple[tuple[dict[str, Any], tuple[str, ...]], ...]


def _changes(old: Assembly, new: Assembly) -> Changes:
    """The entries of `new` that are not those of `old` (unchanged entries are the same objects),
    and the keys of `old` it no longer has."""
    return tuple(({key: value for key, value in after.items() if before.get(key) is not value},
                  tuple(before.keys() - after.keys()))
                 for before, after in ((old.documents, new.documents), (old.events, new.events),
                                       (old.mentions, new.mentions)))


def _apply(assembly: Assembly, changes: Changes) -> None:
    for entries, (changed, removed) in zip((assembly.documents, assembly.events, assembly.mentions), changes):
        entries.update(changed)
        for key in removed:
            del entries[key]


def load_assembly(path: Path, salt: str) -> Assembly:
    """The assembly stored at `path` by a build with the same extraction `salt`, with the changes
    later builds appended; an empty one when there is none (or it cannot be read)."""
    read = read_framed(path, (FORMAT, salt))
    if read is None or not isinstance(read.value, Assembly):
        return Assembly()
    assembly = read.value
    try:
        for changes in read.frames:
            _apply(assembly, changes)
    except (TypeError, ValueError, KeyError):
        return Assembly()
    if read.whole:
        assembly.stored = (read.stored_size, path.stat().st_size - read.stored_size)
    return assembly


def store_assembly(path: Path, salt: str, assembly: Assembly, previous: Assembly | None = None) -> None:
    """Save `assembly` at `path` for `load_assembly` with the same extraction `salt`. When
    `previous` is the assembly read whole from there, only the changes are appended (until they
    add up to the size of the whole), so a rebuild that changed little writes little."""
    if previous is not None and previous.stored is not None:
        size, appended = previous.stored
        if appended < size:
            assembly.stored = (size, appended + append_frame(path, _changes(previous, assembly)))
            return
    assembly.stored = (store_salted(path, (FORMAT, salt), replace(assembly, stored=None)), 0)
