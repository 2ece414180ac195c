"""The command line's own behaviour (the commands themselves are driven in tests/e2e)."""

from __future__ import annotations

import pytest

from sitegen.cli import main
from sitegen.model import Timeline


def test_a_build_leaves_its_timeline_to_a_caller_that_exits_at_once(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"talks.txt": "Talks\n\nTalks began in Vienna on 3 May 2021.\n"})
    monkeypatch.chdir(root)
    retained: list[object] = []
    assert main(["build", "-q", "-j", "1"], retained=retained) == 0
    assert len(retained) == 1 and isinstance(retained[0], Timeline)
    assert [event.date.timex for event in retained[0].events] == ["2021-05-03"]
    (root / "content" / "more.txt").write_text("More\n\nThey met again on 9 June 2021.\n", encoding="utf-8")
    assert main(["build", "-q", "-j", "1"]) == 0 and (root / "output" / "events" / "2021-06-09.html").is_file()


def test_a_build_of_plain_text_documents_imports_neither_markdown_nor_yaml_nor_plotly(project) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    root = project({"talks.txt": "Talks\n\nTalks began in Vienna on 3 May 2021.\n"})
    script = ("import sys\nfrom sitegen.cli import main\nassert main(['build', '-q', '-j', '1']) == 0\n"
              "print(sorted(m for m in ('markdown', 'yaml', 'plotly', 'dateutil.parser') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[]"
    assert (root / "output" / "assets" / "plotly.min.js").stat().st_size > 1_000_000


def test_plotly_js_is_hashed_once_and_theme_assets_at_every_build(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import os

    from sitegen import build

    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    asset = theme / "static" / "extra.css"
    asset.write_text("body { color: red }\n", encoding="utf-8")
    os.utime(asset, ns=(1, 1))
    memos = tmp_path / "memo"
    first = {a.path: a.key for a in build.static_artifacts([theme], memos)}
    assert first["assets/extra.css"] == hashlib.sha256(asset.read_bytes()).hexdigest()
    hashed: list[int] = []
    sha256 = hashlib.sha256
    monkeypatch.setattr(build.hashlib, "sha256", lambda data: hashed.append(len(data)) or sha256(data))
    assert {a.path: a.key for a in build.static_artifacts([theme], memos)} == first
    assert hashed and max(hashed) < 1_000_000  # the theme's file again, not plotly.js
    asset.write_text("body { color: tan }\n", encoding="utf-8")  # same size, same time (cp -p, tar)
    os.utime(asset, ns=(1, 1))
    again = {a.path: a for a in build.static_artifacts([theme], memos)}
    assert again["assets/extra.css"].key != first["assets/extra.css"]
    assert again["assets/extra.css"].produce() == b"body { color: tan }\n"
    assert again["assets/plotly.min.js"].key == first["assets/plotly.min.js"]


def test_ctrl_c_after_the_new_site_is_in_place_says_so(project, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from sitegen import build

    root = project({"talks.txt": "Talks\n\nTalks began in Vienna on 3 May 2021.\n"})
    monkeypatch.chdir(root)
    assert main(["build", "-q", "-j", "1"]) == 0
    (root / "content" / "more.txt").write_text("More\n\nThey met again on 9 June 2021.\n", encoding="utf-8")

    def interrupted(*arguments: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "remember_build", interrupted)
    assert main(["build", "-q", "-j", "1"]) == 130
    assert "the new site was already in place" in capsys.readouterr().err
    assert (root / "output" / "events" / "2021-06-09.html").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]
    monkeypatch.setattr(build, "scan_documents", interrupted)
    assert main(["build", "-q", "-j", "1"]) == 130
    assert "the previous output was left as it was" in capsys.readouterr().err
