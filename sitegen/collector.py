"""How often Python's cycle collector runs while sitegen works.

A build makes millions of small objects that never form cycles (mentions, events, quotes, page
contexts, unpickled cache entries). With the default thresholds the collector walks every live
object each time 70,000 more have been allocated, which took about a third of the time spent
unpickling a timeline and assembling events. Collecting a hundred times less often costs little
memory, because almost nothing sitegen makes is garbage only through a cycle.
"""

from __future__ import annotations

import gc

# Allocations (minus deallocations) between collections of the youngest generation; Python's
# default is 700.
YOUNG_THRESHOLD = 70_000


def collect_rarely() -> None:
    """Make the cycle collector run a hundred times less often in this process (and in the
    processes it forks)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
