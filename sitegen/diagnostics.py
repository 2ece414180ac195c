"""Warnings that point at `path:line`, carry a kind (to count and silence them), never repeat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    """Something an editor should look at. `kind` is a short slug such as `no-date`."""

    path: str
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        return f"{location}: {self.kind}: {self.message}"


class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics, minus the silenced kinds."""

    def __init__(self, silenced: frozenset[str] = frozenset()) -> None:
        self.silenced = silenced
        self._items: dict[Diagnostic, None] = {}

    def add(self, diagnostic: Diagnostic) -> None:
        """Record `diagnostic` unless its kind is silenced or it was already recorded."""
        if diagnostic.kind not in self.silenced:
            self._items.setdefault(diagnostic, None)

    def extend(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        """Record each of `diagnostics`."""
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def sorted(self) -> list[Diagnostic]:
        """Every recorded diagnostic, by path, line and kind."""
        return sorted(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def counts(self) -> dict[str, int]:
        """How many diagnostics of each kind."""
        return count_kinds(self._items)


def count_kinds(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each kind, most frequent first (then by name)."""
    counted: dict[str, int] = {}
    for diagnostic in diagnostics:
        counted[diagnostic.kind] = counted.get(diagnostic.kind, 0) + 1
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
