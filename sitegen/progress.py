"""A progress line for long builds, shown only on a terminal (never in CI or when piped)."""

from __future__ import annotations

import os
import time
from typing import TextIO

REDRAW_SECONDS = 0.1


class Progress:
    """Reports `stage` and `advance` calls as one redrawn line on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.stage_name = ""
        self.total = 0
        self.count = 0
        self.drawn_at = 0.0

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool = False) -> "Progress":
        """Progress on `stream` if it is an interactive terminal outside CI, else a silent one."""
        interactive = stream.isatty() and not os.environ.get("CI") and not quiet
        return cls(stream if interactive else None)

    @classmethod
    def silent(cls) -> "Progress":
        """A progress that prints nothing."""
        return cls(None)

    def stage(self, name: str, total: int) -> None:
        """Start a stage of `total` steps."""
        self.stage_name, self.total, self.count = name, total, 0
        self._draw(force=True)

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more steps of the current stage."""
        self.count += steps
        self._draw(force=self.count >= self.total)

    def finish(self) -> None:
        """Clear the progress line."""
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.drawn_at < REDRAW_SECONDS:
            return
        self.drawn_at = now
        self.stream.write(f"\r\x1b[K{self.stage_name}: {self.count}/{self.total}")
        self.stream.flush()
