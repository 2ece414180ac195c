"""Shared fixtures: temporary projects and the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "content"


def run_sitegen(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m sitegen ARGS` in `cwd`, as a user would."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, text=True,
                          capture_output=True, env=environment, timeout=300)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, one for the whole session (two sync
    Playwright instances cannot live in one process). Skips where either is missing."""
    from tests.browser.browser import CHROMIUM, LAUNCH_ARGS, require_browser

    playwright_module = require_browser()
    with playwright_module.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Make a project folder whose content/ holds the given files ({relative path: text})."""

    def make(files: dict[str, str | bytes], seeds: bool = False) -> Path:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        if seeds:
            for seed in sorted(SEEDS.glob("*.txt")):
                shutil.copy(seed, content / seed.name)
        for name, data in files.items():
            target = content / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        return tmp_path

    return make
