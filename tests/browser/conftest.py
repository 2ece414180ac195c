"""Fixtures for the browser tests: one Chromium per session and a built demonstration site."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.browser import http_server
from tests.conftest import SEEDS, run_sitegen

HOSTILE = ("A hostile report\n\n5 May 2021\n\nOn 3 May 2021 a man wrote <script>alert(1)</script> and </script> and "
           "\" onmouseover=\"alert(2)\" and <img src=x onerror=alert(3)> in the zyzzogeton report.\n")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a hostile document and an about page, built once: returns the project root."""
    root = tmp_path_factory.mktemp("browser-site")
    content = root / "content"
    shutil.copytree(SEEDS, content)
    (content / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("# About\n\nA test site.\n", encoding="utf-8")
    result = run_sitegen(["build", "-q"], root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site over HTTP under a sub-path: the URL of its folder (ends with /)."""
    with http_server(built_site) as base:
        yield base + "output/"


@pytest.fixture(params=["file", "http"])
def site_url(request: pytest.FixtureRequest, built_site: Path) -> str:
    """The site's root URL, from file:// and over HTTP under a sub-path."""
    if request.param == "file":
        return (built_site / "output").as_uri() + "/"
    return request.getfixturevalue("served_site")
