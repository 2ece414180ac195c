"""The temporal tagger: English time expressions to TIMEX3 values, in pure Python."""

from .tagger import Tagger, default_registry, default_tagger, tag
from .timex import Timex, period_of

__all__ = ["Tagger", "Timex", "default_registry", "default_tagger", "period_of", "tag"]
