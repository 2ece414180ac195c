"""Front matter: YAML between `---` lines or TOML between `+++` lines at the top of a document."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import DocumentError

_FENCES = {"---": "yaml", "+++": "toml"}


@dataclass(frozen=True)
class FrontMatter:
    """The parsed metadata, where the body starts, and the line each top-level key is on."""

    meta: dict[str, Any]
    body_start: int
    key_lines: dict[str, int]


def split_front_matter(text: str, path: Path | str) -> FrontMatter:
    """Parse the front matter of `text` (the whole file); no front matter gives empty metadata.

    Raises DocumentError naming the file and line for unclosed or invalid front matter.
    """
    offset = 1 if text.startswith("\ufeff") else 0
    first_line_end = text.find("\n", offset)
    first_line = text[offset: first_line_end if first_line_end >= 0 else len(text)].rstrip()
    kind = _FENCES.get(first_line)
    if kind is None:
        return FrontMatter({}, 0, {})
    fence = first_line
    closing = re.compile(rf"^{re.escape(fence)}[ \t]*$" + (r"|^\.\.\.[ \t]*$" if kind == "yaml" else ""),
                         re.MULTILINE)
    match = closing.search(text, first_line_end + 1) if first_line_end >= 0 else None
    if match is None:
        raise DocumentError(path, f"front matter opened with '{fence}' is never closed", line=1)
    source = text[first_line_end + 1: match.start()]
    meta = _parse_yaml(source, path) if kind == "yaml" else _parse_toml(source, path)
    body_start = match.end() + (1 if text.startswith("\n", match.end()) else 0)
    return FrontMatter(meta, body_start, _key_lines(source, kind))


@lru_cache(maxsize=1)
def _text_timestamp_loader() -> type:
    """A YAML safe loader that leaves timestamps as written, so dates keep their local day (made,
    and YAML imported, only when a document has YAML front matter)."""
    import yaml

    loader = type("TextTimestampLoader", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


def _parse_yaml(source: str, path: Path | str) -> dict[str, Any]:
    import yaml

    try:
        meta = yaml.load(source, Loader=_text_timestamp_loader()) if source.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DocumentError(path, f"invalid YAML front matter: {problem}", line=line) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise DocumentError(path, "front matter must be a mapping of keys to values", line=2)
    return {str(key): value for key, value in meta.items()}


def _parse_toml(source: str, path: Path | str) -> dict[str, Any]:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        line = int(found.group(1)) + 1 if found else 1
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise DocumentError(path, f"invalid TOML front matter: {reason}", line=line) from None


def _key_lines(source: str, kind: str) -> dict[str, int]:
    pattern = r"^([A-Za-z_][\w-]*)\s*:" if kind == "yaml" else r"^([A-Za-z_][\w-]*)\s*="
    lines: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), start=2):
        found = re.match(pattern, line)
        if found:
            lines.setdefault(found.group(1), number)
    return lines


_COMPACT_TIMESTAMP = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[-T _]\d{1,2}[-:]\d{2}(?:[-:]\d{2})?.*)?$")


def parse_date_value(value: Any) -> date:
    """The calendar day of a front-matter date, as written (no time-zone conversion).

    Accepts date and datetime objects and strings such as `2020-09-27`,
    `2020-09-27T19:55:27+04:00`, `2020-09-27-19-55-27` or `27 September 2020`.
    Raises ValueError when the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a date, got {value!r}")
    text = value.strip()
    compact = _COMPACT_TIMESTAMP.match(text)
    if compact:
        return date(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
    from dateutil import parser as dateutil_parser  # only dates written out in words need it

    try:
        parsed = dateutil_parser.parse(text, dayfirst=True, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        raise ValueError(f"expected a date, got {value!r}") from None
    return parsed.date()
