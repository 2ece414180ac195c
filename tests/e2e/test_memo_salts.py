"""Memos are dropped when the code that made their values changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e.test_incremental import _tree


def _run_with(package_root: Path, args: list[str], cwd: Path) -> None:
    environment = dict(os.environ, PYTHONPATH=str(package_root))
    result = subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, text=True, capture_output=True,
                            env=environment, timeout=300)
    assert result.returncode == 0, result.stderr


def test_export_memos_are_dropped_when_the_json_code_they_use_changes(project, tmp_path) -> None:
    """The TimelineJS slides are serialised by render.compact_json: a change to render.py must not
    leave slides of the old code in the memo."""
    package = tmp_path / "package"
    shutil.copytree(ROOT / "sitegen", package / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "theme", package / "theme")
    root = project({}, seeds=True)
    _run_with(package, ["build", "-q"], root)
    render = package / "sitegen" / "render.py"
    source = render.read_text(encoding="utf-8")
    old = '    """JSON without spaces, non-ASCII characters as they are."""\n    return json.dumps(data, ensure_ascii=False,'
    assert old in source
    render.write_text(source.replace(old, old.replace("ensure_ascii=False", "ensure_ascii=True")), encoding="utf-8")
    _run_with(package, ["build", "-q"], root)
    (root / "clean.toml").write_text('output = "clean"\ncache = "clean-cache"\n', encoding="utf-8")
    _run_with(package, ["build", "-q", "--config", "clean.toml"], root)
    incremental, clean = _tree(root / "output"), _tree(root / "clean")
    assert [path for path in clean if clean[path] != incremental.get(path)] == []
