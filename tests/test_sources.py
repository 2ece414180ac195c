"""Reading documents: titles, publication dates (all five seeds), errors naming the file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitegen.errors import DocumentError
from sitegen.sources import document_files, read_source
from sitegen.temporal import default_tagger

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests" / "data" / "seed_published.json").read_text(encoding="utf-8"))


def _read(folder: Path, name: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_source(path, folder, default_tagger())


@pytest.mark.parametrize("source_id", sorted(GOLD["published"]))
def test_publication_date_of_every_seed(source_id: str) -> None:
    content = ROOT / "content"
    source = read_source(content / f"{source_id}.txt", content, default_tagger())
    expected = GOLD["published"][source_id]
    assert source.published == (date.fromisoformat(expected) if expected else None)
    assert source.published_line == GOLD["line"][source_id]


def test_last_update_line_is_never_the_publication_date(tmp_path: Path) -> None:
    source = _read(tmp_path, "a.txt", "Last update: April 26, 2024 20:38\n\nA headline about the war\n\n"
                                      "By Orkhan Jalilov November 4, 2020\n\nText of the article.\n")
    assert source.published == date(2020, 11, 4)
    assert source.title == "A headline about the war"


def test_only_an_update_line_gives_no_publication_date(tmp_path: Path) -> None:
    source = _read(tmp_path, "a.txt", "Last update: April 26, 2024 20:38\n\nA headline about the war\n\nText.\n")
    assert source.published is None


def test_title_skips_metadata_lines(tmp_path: Path) -> None:
    source = _read(tmp_path, "a.txt", "News ID: 275219\nPublished: 0339 GMT October 06, 2020\n\n"
                                      "Iran Leader’s aide: occupation must end\n\nBody.\n")
    assert source.title == "Iran Leader’s aide: occupation must end"
    assert source.published == date(2020, 10, 6)
    assert source.published_line == 2


def test_sign_off_date(tmp_path: Path) -> None:
    source = _read(tmp_path, "a.txt", "A statement on the war\n\nWe call for peace.\n\nThe Party\n2 October 2020\n")
    assert (source.published, source.published_line) == (date(2020, 10, 2), 6)


def test_a_date_inside_prose_is_not_a_dateline(tmp_path: Path) -> None:
    source = _read(tmp_path, "a.txt", "A statement on the war\n\nOn Sunday, 27 September 2020, world news "
                                      "agencies reported new attacks on the region.\n")
    assert source.published is None


def test_front_matter_wins_and_markdown_heading_titles(tmp_path: Path) -> None:
    source = _read(tmp_path, "sub/b.md", "---\ndate: 2021-03-04\nauthor: Ann\nurl: https://x.org/b\n---\n"
                                         "# The heading\n\nPublished: 1 May 2020\n")
    assert source.id == "sub/b" and source.path == "sub/b.md" and source.format == "markdown"
    assert source.published == date(2021, 3, 4) and source.published_line == 2
    assert source.title == "The heading" and source.author == "Ann" and source.url == "https://x.org/b"


def test_bad_front_matter_date_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as raised:
        _read(tmp_path, "a.md", "---\ntitle: x\ndate: someday\n---\nBody")
    assert raised.value.line == 3 and "date" in str(raised.value)


def test_undecodable_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Line one\nLine \xff two\n")
    with pytest.raises(DocumentError) as raised:
        read_source(path, tmp_path, default_tagger())
    assert raised.value.line == 2 and "UTF-8" in str(raised.value)


def test_discovery_finds_txt_and_md_anywhere_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("a.txt", "sub/deep/b.md", ".hidden/c.txt", "notes.rst", "_drafts/d.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for _, path in document_files(tmp_path)]
    assert found == ["a.txt", "sub/deep/b.md"]


def test_discovery_does_not_follow_linked_folders(tmp_path: Path) -> None:
    """As with Path.rglob before: a linked folder is not entered, so a link to a folder outside
    adds no documents and a link to a parent folder does not repeat them ("a/loop/a/x.md"...)."""
    content, outside = tmp_path / "content", tmp_path / "outside"
    (content / "a").mkdir(parents=True)
    outside.mkdir()
    (content / "a" / "x.md").write_text("x", encoding="utf-8")
    (outside / "y.md").write_text("y", encoding="utf-8")
    (content / "linked").symlink_to(outside, target_is_directory=True)
    (content / "a" / "loop").symlink_to(content, target_is_directory=True)
    (content / "link.md").symlink_to(content / "a" / "x.md")
    assert [relative for relative, _ in document_files(content)] == ["a/x.md", "link.md"]
