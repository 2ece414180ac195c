"""The assembly kept between builds: updating it gives exactly the events of assembling afresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitegen.assembly import FORMAT, Assembly, load_assembly, store_assembly
from sitegen.cache import CachedDocument
from sitegen.config import DEFAULT_RANGE
from sitegen.events import assemble_events, extract
from sitegen.model import Source
from sitegen.temporal import default_tagger

REPORTS = {
    "a": ("Rebel forces shelled the northern city of Tartus on 3 May 2021, killing four civilians. "
          "Aid convoys reached the camp in June 2021.", date(2021, 5, 4)),
    "b": ("On 3 May 2021 rebel forces shelled the northern city of Tartus, killing four civilians "
          "and wounding more.", date(2021, 5, 5)),
    "c": ("Rebel forces shelled the northern city of Tartus on 3 May 2021 and four civilians died. "
          "Elections were held on 9 October 2022.", date(2021, 5, 3)),
    "d": ("Aid convoys reached the camp in June 2021 after weeks of delay.", None),
}


def _document(source_id: str, text: str, published: date | None) -> CachedDocument:
    source = Source(id=source_id, path=f"{source_id}.txt", title=source_id.upper(), text=text,
                    body_start=0, format="text", published=published)
    return CachedDocument(source, extract(source, default_tagger(), DEFAULT_RANGE))


def _documents(reports: dict[str, tuple[str, date | None]]) -> dict[str, CachedDocument]:
    """Documents by a cache key standing for their text (as a real key would)."""
    return {f"{source_id}:{hash(text)}": _document(source_id, text, published)
            for source_id, (text, published) in reports.items()}


def _fresh(documents: dict[str, CachedDocument]) -> list:
    mentions = [m for document in documents.values() for m in document.extraction.mentions]
    return sorted(assemble_events(mentions), key=lambda e: (e.date.start, e.date.end, e.id))


def test_a_first_assembly_matches_assembling_everything() -> None:
    documents = _documents(REPORTS)
    events = Assembly().update(documents, documents).sorted_events()
    assert events == _fresh(documents)
    merged = [e for e in events if e.date.timex == "2021-05-03"]
    assert len(merged) == 1 and merged[0].source_ids == ("c", "a", "b")


def test_updates_after_additions_edits_and_deletions_match_a_fresh_assembly() -> None:
    steps = [
        {k: REPORTS[k] for k in ("a", "d")},
        {k: REPORTS[k] for k in ("a", "b", "d")},  # b merges into a's event
        dict(REPORTS),  # c, published earliest, becomes the primary: the event's id changes
        {**{k: REPORTS[k] for k in ("a", "b", "d")},
         "c": ("Parliament met on 3 May 2021 to debate the budget.", date(2021, 5, 3))},  # c edited
        {k: REPORTS[k] for k in ("b", "c")},  # a and d deleted
        {},
    ]
    assembly = Assembly()
    for reports in steps:
        documents = _documents(reports)
        new = {key: document for key, document in documents.items() if key not in assembly.documents}
        assembly = assembly.update(documents, new)
        assert assembly.sorted_events() == _fresh(documents)
        assert set(assembly.documents) == set(documents)
    assert assembly.events == {} and assembly.mentions == {}


def test_an_update_without_changes_is_the_same_assembly() -> None:
    documents = _documents(REPORTS)
    assembly = Assembly().update(documents, documents)
    assert assembly.update(list(documents), {}) is assembly


def test_a_stored_assembly_is_read_back_only_with_the_same_salt(tmp_path: Path) -> None:
    documents = _documents(REPORTS)
    assembly = Assembly().update(documents, documents)
    path = tmp_path / "assembly.pickle"
    store_assembly(path, "salt-1", assembly)
    assert load_assembly(path, "salt-1").sorted_events() == assembly.sorted_events()
    assert load_assembly(path, "salt-2").documents == {}
    path.write_bytes(b"not a pickle")
    assert load_assembly(path, "salt-1").documents == {}
    assert load_assembly(tmp_path / "missing.pickle", "salt-1").documents == {}


def test_a_rebuild_appends_only_its_changes_and_a_cut_append_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "assembly.pickle"
    documents = _documents({f"{name}{n}": report for n in range(8) for name, report in REPORTS.items()}
                           | {"z": ("The bridge reopened on 4 April 2020.", None)})
    first = Assembly().update(documents, documents)
    store_assembly(path, "salt", first)
    whole = path.stat().st_size
    loaded = load_assembly(path, "salt")
    edited = dict(documents)
    del edited[next(key for key in edited if key.startswith("z:"))]
    edited |= _documents({"e": ("Talks resumed on 2 February 2023 in Vienna.", date(2022, 10, 10))})
    second = loaded.update(edited, {key: doc for key, doc in edited.items() if key not in loaded.documents})
    store_assembly(path, "salt", second, loaded)
    appended = path.stat().st_size - whole
    assert 0 < appended < whole / 5
    again = load_assembly(path, "salt")
    assert again == second and again.sorted_events() == _fresh(edited)
    path.write_bytes(path.read_bytes()[:-5])  # a build killed while appending
    cut = load_assembly(path, "salt")
    assert cut == first and cut.stored is None
    store_assembly(path, "salt", second, cut)  # written whole again
    assert load_assembly(path, "salt") == second and load_assembly(path, "salt").stored == (path.stat().st_size, 0)


def test_appended_changes_are_folded_into_a_whole_file_once_they_outgrow_it(tmp_path: Path) -> None:
    from sitegen.cachefiles import read_framed

    path = tmp_path / "assembly.pickle"
    documents = _documents({"z": ("The bridge reopened on 4 April 2020.", None)})
    store_assembly(path, "salt", Assembly().update(documents, documents))
    for day in range(1, 29):  # one build (one process) per added document
        loaded = load_assembly(path, "salt")
        documents = documents | _documents({f"n{day}": (f"Talks resumed on {day} February 2023.", None)})
        store_assembly(path, "salt", loaded.update(documents, {k: d for k, d in documents.items()
                                                                if k not in loaded.documents}), loaded)
    read = read_framed(path, (FORMAT, "salt"))
    assert read is not None and 0 < len(read.frames) < 27  # written whole again on the way
    assert path.stat().st_size - read.stored_size <= read.stored_size + 4000
    assert load_assembly(path, "salt").sorted_events() == _fresh(documents)
