"""Tests of the TimeML benchmark harness (benchmarks/timeml.py, benchmarks/accuracy.py)."""

from __future__ import annotations

import datetime as dt
import html
import importlib
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = PROJECT_ROOT / "benchmarks"
DATA = PROJECT_ROOT.parent / "shared" / "data" / "timeml-dev"
# README.md of the data: files and TIMEX3 (DCT excluded) per corpus.
EXPECTED = {"timebank": (183, 1243), "aquaint": (73, 579), "wikiwars-train": (16, 2139)}


def _import(name: str) -> ModuleType:
    """Import a module of benchmarks/ (not a package) by putting the folder on sys.path."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


timeml = _import("timeml")
accuracy = _import("accuracy")


@dataclass(frozen=True)
class S:
    """A span for scorer tests."""

    start: int
    end: int
    value: str = "X"
    type: str = "DATE"
    text: str = ""


def _counts(gold: list[S], pred: list[S]) -> tuple[int, ...]:
    c = timeml.count(gold, pred)
    return (c.gold, c.predicted, c.strict, c.relaxed, c.value, c.type)


# ----------------------------------------------------------------- scorer


def test_exact_match() -> None:
    s = timeml.score([S(0, 5, "2020")], [S(0, 5, "2020")])
    assert (s.strict.f1, s.relaxed.f1, s.value.f1, s.type_accuracy) == (1.0, 1.0, 1.0, 1.0)


def test_overlap_only_match_is_relaxed_not_strict() -> None:
    gold, pred = [S(10, 20, "P1D")], [S(15, 25, "P1D")]
    assert _counts(gold, pred) == (1, 1, 0, 1, 1, 1)
    s = timeml.score(gold, pred)
    assert (s.strict.precision, s.strict.recall, s.strict.f1) == (0.0, 0.0, 0.0)
    assert (s.relaxed.f1, s.value.f1) == (1.0, 1.0)


def test_touching_spans_do_not_overlap() -> None:
    assert _counts([S(0, 5)], [S(5, 9)]) == (1, 1, 0, 0, 0, 0)


def test_wrong_value_and_type() -> None:
    s = timeml.score([S(0, 5, "1998", "DATE")], [S(0, 5, "1999", "DURATION")])
    assert (s.strict.f1, s.relaxed.f1, s.value.f1, s.type_accuracy) == (1.0, 1.0, 0.0, 0.0)


def test_missing_gold() -> None:
    gold, pred = [S(0, 5, "A"), S(10, 15, "B")], [S(0, 5, "A")]
    s = timeml.score(gold, pred)
    # P = 1/1, R = 1/2, F1 = 2 * 1 * 0.5 / 1.5 = 2/3
    assert (s.relaxed.precision, s.relaxed.recall) == (1.0, 0.5)
    assert s.relaxed.f1 == pytest.approx(2 / 3)
    assert s.value.f1 == pytest.approx(2 / 3)
    assert timeml.align(gold, pred).missed == (1,)


def test_spurious_prediction() -> None:
    gold, pred = [S(0, 5, "A")], [S(0, 5, "A"), S(20, 24, "B")]
    s = timeml.score(gold, pred)
    assert (s.strict.precision, s.strict.recall) == (0.5, 1.0)
    assert s.strict.f1 == pytest.approx(2 / 3)
    assert timeml.align(gold, pred).spurious == (1,)


def test_one_gold_overlapped_by_two_predictions() -> None:
    # gold "March 3, 1999" [0, 20); predictions [0, 8) (overlap 8) and [10, 20) (overlap 10).
    # Greedy by overlap: gold pairs with the second; the first is spurious. The pairing is
    # decided by overlap, not by value, so the first prediction's right value does not count.
    gold = [S(0, 20, "1999-03-03")]
    pred = [S(0, 8, "1999-03-03"), S(10, 20, "1999")]
    alignment = timeml.align(gold, pred)
    assert alignment.relaxed == ((0, 1),)
    assert alignment.spurious == (0,)
    assert _counts(gold, pred) == (1, 2, 0, 1, 0, 1)
    s = timeml.score(gold, pred)
    assert (s.relaxed.precision, s.relaxed.recall) == (0.5, 1.0)
    assert s.relaxed.f1 == pytest.approx(2 / 3)
    assert s.value.f1 == 0.0


def test_one_prediction_overlapping_two_golds() -> None:
    # prediction [0, 30) overlaps gold [0, 10) by 10 and gold [12, 30) by 18.
    alignment = timeml.align([S(0, 10), S(12, 30)], [S(0, 30)])
    assert alignment.relaxed == ((1, 0),)
    assert alignment.missed == (0,)


def test_exact_match_wins_an_overlap_tie() -> None:
    # Both predictions overlap the gold by 10 characters; the exact one is paired.
    gold, pred = [S(0, 10, "A")], [S(0, 20, "B"), S(0, 10, "A")]
    assert timeml.align(gold, pred).relaxed == ((0, 1),)
    assert _counts(gold, pred) == (1, 2, 1, 1, 1, 1)


def test_duplicate_predictions_match_once() -> None:
    assert _counts([S(0, 5)], [S(0, 5), S(0, 5)]) == (1, 2, 1, 1, 1, 1)


def test_empty_inputs() -> None:
    s = timeml.score([], [])
    assert (s.strict.f1, s.relaxed.f1, s.value.f1, s.type_accuracy) == (0.0, 0.0, 0.0, 0.0)
    assert _counts([S(0, 5)], []) == (1, 0, 0, 0, 0, 0)


def test_values_compared_as_strings_with_trivial_normalisation() -> None:
    assert timeml.values_equal("1998-01-08", " 1998-01-08 ")
    assert timeml.values_equal("2000-W7", "2000-W07")  # AQUAINT gold writes one-digit weeks
    assert timeml.values_equal("2000-W7-WE", "2000-W07-WE")
    assert timeml.normalise_value("XXXX-WXX-4") == "XXXX-WXX-4"
    assert timeml.normalise_value("2000-W17") == "2000-W17"
    assert not timeml.values_equal("2000-W07", "2000-W17")
    assert not timeml.values_equal("P1D", "PT24H")
    assert not timeml.values_equal("199", "1990")
    assert not timeml.values_equal("PRESENT_REF", "1998-01-08")


def test_counts_micro_average_over_documents() -> None:
    # doc A: gold 2, pred 1 exact with the right value.
    a = timeml.count([S(0, 5, "A"), S(10, 15, "B")], [S(0, 5, "A")])
    # doc B: gold 1, pred 3: one overlapping with a wrong value, two spurious.
    b = timeml.count([S(0, 10, "C")], [S(2, 12, "D"), S(20, 22), S(30, 32)])
    total = a + b
    assert total == timeml.Counts(gold=3, predicted=4, strict=1, relaxed=2, value=1, type=2)
    s = timeml.Scores(total)
    assert s.strict.f1 == pytest.approx(2 / 7)  # P 1/4, R 1/3
    assert s.relaxed.f1 == pytest.approx(4 / 7)  # P 2/4, R 2/3
    assert s.value.f1 == pytest.approx(2 / 7)  # P 1/4, R 1/3
    assert s.type_accuracy == 1.0
    # micro, not the mean of the documents' F1 (2/3 and 1/2)
    assert s.relaxed.f1 != pytest.approx((2 / 3 + 1 / 2) / 2)


# ----------------------------------------------------------------- reader

SAMPLE_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>sample</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-08-07T06:18:00" functionInDocument="CREATION_TIME">08/07/1998</TIMEX3></DCT>
<EXTRAINFO>&amp;UR; 1998</EXTRAINFO>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> it &lt;would&gt; grow for <TIMEX3 tid="t2" type="DURATION" value="P2Y" mod="MORE_THAN">more than two years</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml_strips_tags_and_unescapes(tmp_path: Path) -> None:
    path = tmp_path / "news" / "sample.tml"
    path.parent.mkdir()
    path.write_text(SAMPLE_TML, encoding="utf-8")
    doc = timeml.read_tml(path)
    assert (doc.name, doc.corpus, doc.dct) == ("sample", "news", dt.date(1998, 8, 7))
    assert doc.text == "\nAT&T said on Thursday it <would> grow for more than two years.\n"
    assert doc.timexes == (
        timeml.GoldTimex(14, 22, "Thursday", "DATE", "1998-08-06", "t1", ""),
        timeml.GoldTimex(43, 62, "more than two years", "DURATION", "P2Y", "t2", "MORE_THAN"),
    )


def test_read_corpus_sorted_by_name(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.tml").write_text(SAMPLE_TML, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not TimeML", encoding="utf-8")
    assert [d.name for d in timeml.read_corpus(tmp_path)] == ["a", "b", "c"]


# ----------------------------------------------------------------- shared data


def _require_data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"TimeML data not found at {DATA} (expected ../shared/data/timeml-dev next to the project)")
    return DATA


@pytest.fixture(scope="module")
def corpora() -> dict[str, list]:
    data = _require_data()
    return {c: timeml.read_corpus(data / c) for c in EXPECTED}


def test_every_file_offsets_and_counts(corpora: dict[str, list]) -> None:
    for corpus, docs in corpora.items():
        assert (len(docs), sum(len(d.timexes) for d in docs)) == EXPECTED[corpus]
        for doc in docs:
            assert isinstance(doc.dct, dt.date)
            for t in doc.timexes:
                assert doc.text[t.start : t.end] == t.text, (corpus, doc.name, t)
                assert t.value and t.type in {"DATE", "TIME", "DURATION", "SET"}


def test_every_file_agrees_with_regex_stripping(corpora: dict[str, list]) -> None:
    """Independent check of the XML reader: strip tags with a regex and unescape."""
    for corpus, docs in corpora.items():
        for doc in docs:
            source = (DATA / corpus / f"{doc.name}.tml").read_text(encoding="utf-8")
            body = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S).group(1)
            assert doc.text == html.unescape(re.sub(r"<[^>]*>", "", body)), doc.name
            tagged = re.findall(r"<TIMEX3\b[^>]*>(.*?)</TIMEX3>", body, re.S)
            inner = [html.unescape(re.sub(r"<[^>]*>", "", x)) for x in tagged]
            assert [t.text for t in doc.timexes] == inner, doc.name


def test_oracle_tagger_scores_100(corpora: dict[str, list]) -> None:
    gold = {d.text: d.timexes for docs in corpora.values() for d in docs}
    lines = accuracy.timeml_section(corpora, lambda text, _ref: gold[text])
    rows = [line.split() for line in lines if line.split()[:1] and line.split()[0] in {*EXPECTED, "timebank+aquaint"}]
    assert [r[0] for r in rows] == [*EXPECTED, "timebank+aquaint"]
    for row in rows:
        assert row[4:] == ["100.0"] * 8, row
    assert rows[-1][1:4] == ["256", "1822", "1822"]


# ----------------------------------------------------------------- harness

FAKE_TAGGER = '''
import re
from dataclasses import dataclass

@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str

def tag(text, reference):
    return [Timex(m.start(), m.end(), m.group(), "DATE", m.group()) for m in re.finditer(r"\\b1\\d\\d\\d\\b", text)]
'''


def _tml(text: str, dct: str = "1999-05-01") -> str:
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n<DCT><TIMEX3 tid="t0" type="DATE" value="%s" '
        'functionInDocument="CREATION_TIME">x</TIMEX3></DCT>\n<TEXT>%s</TEXT>\n</TimeML>\n' % (dct, text)
    )


@pytest.fixture()
def tiny_data(tmp_path: Path) -> Path:
    """Two tiny corpora: 3 gold timexes in timebank, 1 in aquaint."""
    data = tmp_path / "timeml"
    (data / "timebank").mkdir(parents=True)
    (data / "aquaint").mkdir()
    (data / "timebank" / "a.tml").write_text(
        _tml('In <TIMEX3 tid="t1" type="DATE" value="1998">1998</TIMEX3> and '
             '<TIMEX3 tid="t2" type="DATE" value="1997-03">March 1997</TIMEX3>, sales fell '
             '<TIMEX3 tid="t3" type="DATE" value="PAST_REF">recently</TIMEX3>.\n\nIn 1996 too.')
    )
    (data / "aquaint" / "b.tml").write_text(
        _tml('It ended <TIMEX3 tid="t1" type="DATE" value="1999-04-30">yesterday</TIMEX3>.')
    )
    return data


def test_timeml_section_with_fake_tagger(tiny_data: Path, tmp_path: Path) -> None:
    (tmp_path / "fake_tagger_mod.py").write_text(FAKE_TAGGER)
    sys.path.insert(0, str(tmp_path))
    try:
        tag = importlib.import_module("fake_tagger_mod").tag
    finally:
        sys.path.remove(str(tmp_path))
    corpora = accuracy.read_corpora(tiny_data, ["timebank", "aquaint", "wikiwars-train"])
    lines = accuracy.timeml_section(corpora, tag, errors=10)
    rows = {line.split()[0]: line.split() for line in lines if line.startswith(("timebank", "aquaint"))}
    # timebank: gold 3, predicted 1998, 1997, 1996 -> strict 1 (1998), relaxed 2 (+ "1997" in "March 1997"),
    # values right: 1998 only. P/R strict 1/3 1/3, relaxed 2/3 2/3, value F1 1/3.
    assert rows["timebank"][1:] == ["1", "3", "3", "33.3", "33.3", "33.3", "66.7", "66.7", "66.7", "33.3", "100.0"]
    assert rows["aquaint"][1:] == ["1", "1", "0"] + ["0.0"] * 8
    assert rows["timebank+aquaint"][1:4] == ["2", "4", "3"]
    text = "\n".join(lines)
    assert "missed" in text and "spurious" in text and "gold '1997-03' 'March 1997', predicted '1997'" in text
    assert "[[1996]]" in text


def test_cli_end_to_end(tiny_data: Path, tmp_path: Path) -> None:
    (tmp_path / "fake_tagger_mod.py").write_text(FAKE_TAGGER)
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "accuracy.py"), "--data", str(tiny_data), "--tagger", "fake_tagger_mod:tag",
         "--sections", "timeml", "--errors", "2"],
        capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": ""}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "timebank+aquaint" in result.stdout and "Example errors" in result.stdout


def test_cli_skips_without_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "accuracy.py"), "--data", str(tmp_path / "absent")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_cli_reports_unloadable_tagger(tiny_data: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "accuracy.py"), "--data", str(tiny_data), "--tagger", "no_such_module_x:tag"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "cannot load tagger" in result.stderr


def test_paragraphs_split_at_blank_lines() -> None:
    ref = dt.date(2000, 1, 1)
    assert accuracy.paragraphs([("a\nb\n\n  \n\nc\n \n", ref), ("d", None)]) == [("a\nb", ref), ("c", ref), ("d", None)]


def test_throughput_without_dateparser() -> None:
    lines = accuracy.throughput_section([("In 1998.\n\nIn 1999.", None)], lambda t, r: [], baseline=None, runs=1)
    assert any(line.startswith("sitegen ") for line in lines)
    assert any("dateparser not installed: pip install dateparser" in line for line in lines)


def test_throughput_samples_a_slow_baseline() -> None:
    texts = [("\n\n".join("x" * 999 for _ in range(100)), None)]  # 100 paragraphs of ~1 KB

    def slow(text: str) -> None:
        time.sleep(0.002)

    lines = accuracy.throughput_section(texts, lambda t, r: [], slow, runs=2, max_seconds=0.05, sample_bytes=10_000)
    text = "\n".join(lines)
    assert "sample of 10 of 100 paragraphs (10 KB of 100 KB)" in text
    assert "ratio sitegen/dateparser" in text
