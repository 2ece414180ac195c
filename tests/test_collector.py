"""The cycle collector runs rarely in sitegen's processes (see sitegen/collector.py)."""

from __future__ import annotations

import subprocess
import sys

from sitegen.collector import YOUNG_THRESHOLD


def test_the_command_line_and_the_workers_collect_rarely() -> None:
    script = ("import gc, multiprocessing as mp\n"
              "from sitegen.cli import main\n"
              "from sitegen.parallel import process_context\n"
              "main(['tag', '--dct', '2021-05-04', '-'])\n"
              "with process_context().Pool(1) as pool:\n"
              "    print(gc.get_threshold()[0], pool.apply(gc.get_threshold)[0])\n")
    result = subprocess.run([sys.executable, "-c", script], input="On 3 May 2021.", capture_output=True,
                            text=True, check=True)
    assert result.stdout.splitlines()[-1] == f"{YOUNG_THRESHOLD} {YOUNG_THRESHOLD}"
