"""Imported once by the forkserver of the worker processes (see parallel.process_context), so that
each worker starts with sitegen imported and the tagger's tables built."""

from __future__ import annotations

from . import build as _build  # noqa: F401  (imports everything a worker runs)
from .temporal import default_tagger

default_tagger()
