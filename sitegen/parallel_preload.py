"""Imported once by the forkserver of the worker processes (see parallel.process_context), so that
each worker starts with sitegen imported, the tagger's tables built and the cycle collector set
as in the main process (see collector.py)."""

from __future__ import annotations

from . import build as _build  # noqa: F401  (imports everything a worker runs)
from .collector import collect_rarely
from .temporal import default_tagger

collect_rarely()
default_tagger()
