"""Read TimeML (TIMEX3) gold files and score temporal taggers against them.

Standard library only, so the benchmark runs without installing anything.

Reading
    :func:`read_tml` parses one ``.tml`` file with :mod:`xml.etree.ElementTree`
    (all 272 development files are well-formed XML). The raw text of a document is
    the content of ``<TEXT>`` with every inline tag removed (``TIMEX3``, ``EVENT``,
    ``SIGNAL``, ...) and XML entities unescaped (``&amp;`` -> ``&``); whitespace is
    kept byte for byte, including the newlines right after ``<TEXT>`` and before
    ``</TEXT>``. Offsets are Python ``str`` indices (code points) into that text,
    so ``doc.text[t.start:t.end] == t.text`` for every gold timex. The DCT is the
    ``TIMEX3`` inside ``<DCT>``; it is not part of the gold list.

Scoring (TempEval-3, timex part)
    Per document, gold and predicted spans are aligned twice:

    * strict: exact ``(start, end)`` match, one to one;
    * relaxed: any character overlap, one to one, greedy: candidate pairs are taken
      by largest overlap first (ties: smaller union first, so an exact match wins,
      then document order); a gold or prediction already taken is skipped.

    Value and type are judged on the relaxed pairs only. Counts are summed over
    documents (:class:`Counts` supports ``+``) and P/R/F1 computed from the sums
    (micro average)::

        strict P = strict / predicted      strict R = strict / gold
        relaxed P = relaxed / predicted    relaxed R = relaxed / gold
        value P = value-equal pairs / predicted, value R = value-equal pairs / gold
        type accuracy = type-equal pairs / relaxed pairs

    A ratio with a zero denominator is 0.0.

Value comparison
    Values are compared as strings (:func:`values_equal`) after two trivial
    normalisations: surrounding whitespace is stripped, and a one-digit ISO week is
    zero-padded (``2000-W7`` -> ``2000-W07``). TimeML 1.2.1 takes its value syntax
    from ISO 8601, which writes weeks with two digits; six AQUAINT gold values
    (``2000-W2``, ``2000-W6``, ``2000-W7`` x3, ``2000-W8``) do not, so a tagger writing
    the standard form would otherwise be marked wrong. Nothing else is merged:
    TimeML has one spelling per value, and look-alikes differ in granularity or
    meaning (``P1D`` vs ``PT24H``, ``1998-W05`` vs ``1998-01-26``, ``199`` vs
    ``1990``, ``PRESENT_REF`` vs the DCT). Odd gold values are kept as they are,
    e.g. ``null`` (56 WikiWars timexes left unnormalised: only a predicted
    ``null`` matches them) or ``P.5CE``.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Protocol, Sequence

__all__ = [
    "Alignment",
    "Counts",
    "GoldDocument",
    "GoldTimex",
    "PRF",
    "Scores",
    "Span",
    "align",
    "count",
    "normalise_value",
    "read_corpus",
    "read_tml",
    "score",
    "values_equal",
]

_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ONE_DIGIT_WEEK = re.compile(r"(?<=-W)(\d)(?!\d)")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: character span in the document's raw text and its attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""
    mod: str = ""


@dataclass(frozen=True)
class GoldDocument:
    """One gold document: raw text, creation date and gold timexes (DCT excluded)."""

    name: str
    corpus: str
    text: str
    dct: _dt.date
    timexes: tuple[GoldTimex, ...]


class Span(Protocol):
    """What the scorer needs from a gold or predicted timex."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def type(self) -> str: ...

    @property
    def value(self) -> str: ...


# ------------------------------------------------------------------------ reading


def read_tml(path: str | Path, corpus: str | None = None) -> GoldDocument:
    """Read one TimeML file.

    ``name`` is the file name without ``.tml``; ``corpus`` defaults to the name of
    the folder holding the file. Raises ``ValueError`` if the file has no ``<TEXT>``
    or no DCT date.
    """
    path = Path(path)
    root = ET.parse(path).getroot()
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{path}: no <TEXT> element")
    chunks: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_element, chunks, timexes, 0)
    timexes.sort(key=lambda t: (t.start, t.end))
    return GoldDocument(
        name=path.name.removesuffix(".tml"),
        corpus=corpus if corpus is not None else path.parent.name,
        text="".join(chunks),
        dct=_read_dct(root, path),
        timexes=tuple(timexes),
    )


def read_corpus(folder: str | Path) -> list[GoldDocument]:
    """Read every ``*.tml`` file of ``folder`` (not recursive), sorted by file name."""
    folder = Path(folder)
    return [read_tml(p, folder.name) for p in sorted(folder.glob("*.tml"), key=lambda p: p.name)]


def _flatten(element: ET.Element, chunks: list[str], timexes: list[GoldTimex], pos: int) -> int:
    """Append the text inside ``element`` to ``chunks`` and its TIMEX3 spans to ``timexes``.

    Returns the offset just after the element's content (its tail excluded).
    """
    if element.text:
        chunks.append(element.text)
        pos += len(element.text)
    for child in element:
        start = pos
        pos = _flatten(child, chunks, timexes, pos)
        if child.tag == "TIMEX3":
            timexes.append(_gold_timex(child, start, pos, "".join(child.itertext())))
        if child.tail:
            chunks.append(child.tail)
            pos += len(child.tail)
    return pos


def _gold_timex(element: ET.Element, start: int, end: int, text: str) -> GoldTimex:
    attrib = element.attrib
    return GoldTimex(
        start=start,
        end=end,
        text=text,
        type=attrib.get("type", ""),
        value=attrib.get("value", ""),
        tid=attrib.get("tid", ""),
        mod=attrib.get("mod", ""),
    )


def _read_dct(root: ET.Element, path: Path) -> _dt.date:
    timex = root.find("DCT/TIMEX3")
    if timex is None:
        timex = next(
            (t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
            None,
        )
    match = _DATE_PREFIX.match(timex.get("value", "")) if timex is not None else None
    if match is None:
        raise ValueError(f"{path}: no DCT TIMEX3 with a YYYY-MM-DD value")
    return _dt.date(*map(int, match.groups()))


# ------------------------------------------------------------------------ scoring


def normalise_value(value: str | None) -> str:
    """A TIMEX3 value in the spelling used for comparison: stripped, ISO weeks with two digits."""
    return _ONE_DIGIT_WEEK.sub(r"0\1", (value or "").strip())


def values_equal(gold: str | None, predicted: str | None) -> bool:
    """True if two TIMEX3 values are the same after :func:`normalise_value`.

    See the module docstring for why no other spellings are treated as equal.
    """
    return normalise_value(gold) == normalise_value(predicted)


@dataclass(frozen=True)
class Counts:
    """Match counts of one document or, summed with ``+``, of a corpus."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: Counts) -> Counts:
        if not isinstance(other, Counts):
            return NotImplemented
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 (fractions in 0..1)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, correct: int, predicted: int, gold: int) -> PRF:
        """P = correct/predicted, R = correct/gold, F1 = harmonic mean (0.0 if undefined)."""
        precision = _ratio(correct, predicted)
        recall = _ratio(correct, gold)
        f1 = _ratio(2 * precision * recall, precision + recall)
        return cls(precision, recall, f1)


@dataclass(frozen=True)
class Scores:
    """TempEval-3 timex scores computed from (summed) :class:`Counts`."""

    counts: Counts

    @property
    def strict(self) -> PRF:
        """Exact-span precision, recall and F1."""
        c = self.counts
        return PRF.from_counts(c.strict, c.predicted, c.gold)

    @property
    def relaxed(self) -> PRF:
        """Overlap precision, recall and F1."""
        c = self.counts
        return PRF.from_counts(c.relaxed, c.predicted, c.gold)

    @property
    def value(self) -> PRF:
        """Relaxed matches with an equal value, over predicted / gold."""
        c = self.counts
        return PRF.from_counts(c.value, c.predicted, c.gold)

    @property
    def type_accuracy(self) -> float:
        """Share of relaxed matches whose type is equal (0.0 without matches)."""
        return _ratio(self.counts.type, self.counts.relaxed)


@dataclass(frozen=True)
class Alignment:
    """How one document's predictions line up with its gold timexes (indices into the inputs)."""

    strict: tuple[tuple[int, int], ...]
    relaxed: tuple[tuple[int, int], ...]
    missed: tuple[int, ...]
    spurious: tuple[int, ...]


def align(gold: Sequence[Span], predicted: Sequence[Span]) -> Alignment:
    """Align gold and predicted spans of one document (see the module docstring).

    ``strict`` and ``relaxed`` hold ``(gold index, predicted index)`` pairs sorted
    by gold index; ``missed``/``spurious`` are the gold/predicted indices without a
    relaxed partner.
    """
    relaxed = _relaxed_pairs(gold, predicted)
    matched_gold = {g for g, _ in relaxed}
    matched_pred = {p for _, p in relaxed}
    return Alignment(
        strict=_strict_pairs(gold, predicted),
        relaxed=relaxed,
        missed=tuple(i for i in range(len(gold)) if i not in matched_gold),
        spurious=tuple(i for i in range(len(predicted)) if i not in matched_pred),
    )


def count(gold: Sequence[Span], predicted: Sequence[Span], alignment: Alignment | None = None) -> Counts:
    """Counts for one document; pass ``alignment`` if :func:`align` was already run."""
    alignment = alignment if alignment is not None else align(gold, predicted)
    return Counts(
        gold=len(gold),
        predicted=len(predicted),
        strict=len(alignment.strict),
        relaxed=len(alignment.relaxed),
        value=sum(values_equal(gold[g].value, predicted[p].value) for g, p in alignment.relaxed),
        type=sum(gold[g].type == predicted[p].type for g, p in alignment.relaxed),
    )


def score(gold: Sequence[Span], predicted: Sequence[Span]) -> Scores:
    """Score one document. For a corpus, sum :func:`count` results and wrap them in :class:`Scores`."""
    return Scores(count(gold, predicted))


def _strict_pairs(gold: Sequence[Span], predicted: Sequence[Span]) -> tuple[tuple[int, int], ...]:
    free: dict[tuple[int, int], list[int]] = {}
    for p, span in enumerate(predicted):
        free.setdefault((span.start, span.end), []).append(p)
    pairs = []
    for g, span in enumerate(gold):
        candidates = free.get((span.start, span.end))
        if candidates:
            pairs.append((g, candidates.pop(0)))
    return tuple(pairs)


def _relaxed_pairs(gold: Sequence[Span], predicted: Sequence[Span]) -> tuple[tuple[int, int], ...]:
    candidates = []
    for g, gs in enumerate(gold):
        for p, ps in enumerate(predicted):
            overlap = min(gs.end, ps.end) - max(gs.start, ps.start)
            if overlap > 0:
                union = max(gs.end, ps.end) - min(gs.start, ps.start)
                candidates.append((-overlap, union, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return tuple(sorted(pairs))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0

