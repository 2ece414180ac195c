"""Relative URLs between pages of the site, so it works from file:// and under any sub-path."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters `quote` leaves alone in a path (and in a fragment, but "/"): most URLs are only these.
_PLAIN = re.compile(r"[A-Za-z0-9_.~/-]*")


def relative_url(target: str, page: str) -> str:
    """The URL of site path `target` (may carry a #fragment) as seen from site path `page`.

    Both are "/"-separated paths from the site root, e.g. `relative_url("sources/a.html#q-1",
    "events/x.html") == "../sources/a.html#q-1"`. Path characters are percent-encoded.
    """
    path, _, fragment = target.partition("#")
    if fragment and not (_PLAIN.fullmatch(fragment) and "/" not in fragment):
        fragment = quote(fragment, safe="-_.")
    if not path:
        return f"#{fragment}"
    relative = _relative_path(path, page)
    encoded = relative if _PLAIN.fullmatch(relative) else quote(relative, safe="/")
    return f"{encoded}#{fragment}" if fragment else encoded


def _relative_path(path: str, page: str) -> str:
    """`path` relative to the folder of `page` (both site paths, no "." or ".." parts)."""
    page_parts = page.split("/")[:-1]
    path_parts = path.split("/")
    common = 0
    while (common < len(page_parts) and common < len(path_parts) - 1
           and page_parts[common] == path_parts[common]):
        common += 1
    return "../" * (len(page_parts) - common) + "/".join(path_parts[common:]) or "./"


def root_url(page: str) -> str:
    """The relative URL of the site root from `page` ("" at the top level, "../" one down)."""
    depth = page.count("/")
    return "../" * depth
