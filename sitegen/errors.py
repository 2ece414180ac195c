"""The few exception classes sitegen raises; the CLI prints their message without a traceback."""

from __future__ import annotations

from pathlib import Path


class SitegenError(Exception):
    """A problem the user can fix; its message is meant to be read by them."""


class DocumentError(SitegenError):
    """A document that cannot be used: names the file and, where it helps, the line."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        location = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{location}: {reason}")

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str, int | None]]:
        # Raised on worker processes too: pickled by its arguments, not by its message.
        return (DocumentError, (self.path, self.reason, self.line))


class ConfigError(SitegenError):
    """One or more configuration problems, all reported at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid configuration:\n" + "\n".join(f"  - {p}" for p in problems))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[list[str]]]:
        # Raised on worker processes too: pickled by its arguments, not by its message.
        return (ConfigError, (self.problems,))


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C after the new site was put in place: the output is the new site, not the previous."""
