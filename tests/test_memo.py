"""The memo of costly results kept between builds."""

from __future__ import annotations

from pathlib import Path

from sitegen.memo import Memo, memo_key


def _counting() -> tuple[list[str], callable]:
    calls: list[str] = []

    def compute(value: str):
        return lambda: calls.append(value) or value.upper()
    return calls, compute


def test_values_are_computed_once_and_read_back_by_the_next_build(tmp_path: Path) -> None:
    calls, compute = _counting()
    memo = Memo(tmp_path, "m", "salt")
    assert memo.get("a", compute("a")) == "A" and memo.get("a", compute("a")) == "A"
    memo.get("b", compute("b"))
    memo.save()
    assert calls == ["a", "b"]
    again = Memo(tmp_path, "m", "salt")
    assert again.get("a", compute("a")) == "A" and again.get("c", compute("c")) == "C"
    assert calls == ["a", "b", "c"]


def _build(folder: Path, keys: str, compute) -> list[str]:
    """A build that asks a memo for `keys` and saves it; the values it got."""
    memo = Memo(folder, "m", "salt")
    values = [memo.get(key, compute(key)) for key in keys]
    memo.save()
    return values


def test_a_saved_memo_keeps_only_what_its_build_used(tmp_path: Path) -> None:
    calls, compute = _counting()
    _build(tmp_path, "abc", compute)
    _build(tmp_path, "a", compute)
    _build(tmp_path, "abc", compute)
    assert calls == ["a", "b", "c", "b", "c"]


def test_another_salt_a_broken_file_or_no_folder_start_empty(tmp_path: Path) -> None:
    calls, compute = _counting()
    memo = Memo(tmp_path, "m", "salt")
    memo.get("a", compute("a"))
    memo.save()
    Memo(tmp_path, "m", "other code").get("a", compute("a"))
    (tmp_path / "m.pickle").write_bytes(b"\x80not a pickle")
    Memo(tmp_path, "m", "salt").get("a", compute("a"))
    unsaved = Memo(None, "m", "salt")
    unsaved.get("a", compute("a"))
    unsaved.save()
    assert calls == ["a", "a", "a", "a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pickle"]


def test_keys_separate_their_parts() -> None:
    assert memo_key("ab", "c") != memo_key("a", "bc")
    assert memo_key("a", "b") == memo_key("a", "b")


def test_a_build_that_computes_little_appends_it_and_a_killed_append_loses_only_itself(tmp_path: Path) -> None:
    calls, compute = _counting()
    _build(tmp_path, "abcdefgh", compute)
    size = (tmp_path / "m.pickle").stat().st_size
    _build(tmp_path, "abcdefghi", compute)  # one new entry, all others used
    grown = (tmp_path / "m.pickle").stat().st_size
    assert size < grown < size + 100  # the new entry was appended, not the file rewritten
    third = Memo(tmp_path, "m", "salt")
    assert [third.get(key, compute(key)) for key in "abcdefghi"] == list("ABCDEFGHI")
    assert calls == list("abcdefghi")
    with (tmp_path / "m.pickle").open("ab") as handle:
        handle.write(b"\x80\x05\x95 cut short")  # an append killed half-way
    fourth = Memo(tmp_path, "m", "salt")
    assert [fourth.get(key, compute(key)) for key in "abcdefghij"] == list("ABCDEFGHIJ")
    fourth.save()  # rewritten whole, without the broken tail
    assert [Memo(tmp_path, "m", "salt").get(key, compute(key)) for key in "abcdefghij"] == list("ABCDEFGHIJ")
    assert calls == list("abcdefghij")


def test_the_taggers_start_keys_are_stored_once_and_read_back(tmp_path: Path) -> None:
    from sitegen.cache import START_KEYS_FILE, remembered_start_keys, store_start_keys
    from sitegen.temporal import default_tagger
    from sitegen.temporal.starts import known_start_keys

    default_tagger()
    store_start_keys(tmp_path, 0)
    assert remembered_start_keys(tmp_path) == len(known_start_keys()) > 40
    mtime = (tmp_path / START_KEYS_FILE).stat().st_mtime_ns
    store_start_keys(tmp_path, len(known_start_keys()))  # nothing new: not written again
    assert (tmp_path / START_KEYS_FILE).stat().st_mtime_ns == mtime
    (tmp_path / START_KEYS_FILE).write_bytes(b"junk")
    assert remembered_start_keys(tmp_path) == 0
