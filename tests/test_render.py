"""Rendering helpers: the template environment."""

from __future__ import annotations

from pathlib import Path

from sitegen.render import make_environment


def test_compiled_templates_are_kept_between_builds_and_follow_edits(tmp_path: Path) -> None:
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text("Hello {{ name }}\n", encoding="utf-8")
    memos = tmp_path / "memo"

    def render() -> tuple[str, int]:
        environment = make_environment([tmp_path / "theme"], memos)
        compiled: list[str] = []
        compile_source = environment.compile
        environment.compile = lambda source, *rest, **named: compiled.append(source) or compile_source(source, *rest, **named)
        return environment.get_template("page.html").render(name="<A>"), len(compiled)

    assert render() == ("Hello &lt;A&gt;\n", 1)
    assert render() == ("Hello &lt;A&gt;\n", 0)  # from the kept bytecode
    (templates / "page.html").write_text("Bye {{ name }}\n", encoding="utf-8")
    assert render() == ("Bye &lt;A&gt;\n", 1)
    assert make_environment([tmp_path / "theme"]).bytecode_cache is None
    (memos / "templates" / "0123456789abcdef").mkdir()  # left by other code: removed
    assert render() == ("Bye &lt;A&gt;\n", 0)
    assert len(list((memos / "templates").iterdir())) == 1


def test_compiled_templates_are_kept_apart_for_each_version_of_the_rendering_code(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    from sitegen import render

    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text("Hello\n", encoding="utf-8")
    memos = tmp_path / "memo"
    make_environment([tmp_path / "theme"], memos).get_template("page.html")
    before = {p.name for p in (memos / "templates").iterdir()}
    monkeypatch.setattr(render, "code_fingerprint", lambda files: "other code")
    make_environment([tmp_path / "theme"], memos).get_template("page.html")
    after = {p.name for p in (memos / "templates").iterdir()}
    assert len(before) == len(after) == 1 and before != after
