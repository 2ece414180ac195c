"""Relative URLs between pages of the site, so it works from file:// and under any sub-path."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote


@lru_cache(maxsize=65536)
def relative_url(target: str, page: str) -> str:
    """The URL of site path `target` (may carry a #fragment) as seen from site path `page`.

    Both are "/"-separated paths from the site root, e.g. `relative_url("sources/a.html#q-1",
    "events/x.html") == "../sources/a.html#q-1"`. Path characters are percent-encoded.
    """
    path, _, fragment = target.partition("#")
    if not path:
        return f"#{quote(fragment, safe='-_.')}"
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    encoded = quote(relative, safe="/")
    return f"{encoded}#{quote(fragment, safe='-_.')}" if fragment else encoded


def root_url(page: str) -> str:
    """The relative URL of the site root from `page` ("" at the top level, "../" one down)."""
    depth = page.count("/")
    return "../" * depth
