"""The tagger on one-line cases from tests/data/timex_cases.tsv (adding a case is adding a line)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitegen.temporal import tag

CASES = Path(__file__).resolve().parents[1] / "data" / "timex_cases.tsv"


def _cases() -> list[object]:
    rows = []
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        reference, sentence, span, kind, value = line.split("\t")
        rows.append(pytest.param(reference, sentence, span, kind, value, id=f"line{number}"))
    return rows


@pytest.mark.parametrize("reference, sentence, span, kind, value", _cases())
def test_case(reference: str, sentence: str, span: str, kind: str, value: str) -> None:
    found = tag(sentence, None if reference == "-" else date.fromisoformat(reference))
    if value == "NONE":
        assert [t for t in found if t.type in ("DATE", "TIME")] == []
        return
    matching = [t for t in found if t.text == span]
    assert matching, f"{span!r} not tagged; found {[(t.text, t.value) for t in found]}"
    assert (matching[0].type, matching[0].value) == (kind, value)
    assert sentence[matching[0].start:matching[0].end] == span
