"""Instructions counted by callgrind: repeatable on a noisy machine, unlike seconds.
The count_*.py scripts run themselves under it with a mode and a number of rounds."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def counted(script: str, mode: str, rounds: int) -> int:
    """The instructions ``python script mode rounds`` runs under ``valgrind
    --tool=callgrind``, with ``PYTHONHASHSEED=0`` (dicts and sets in the same order)."""
    return instructions([sys.executable, script, mode, str(rounds)])


def per_side(script: str, rounds: int, units: int) -> dict[str, float]:
    """Instructions per unit of work, waitable's and botocore's: ``script`` run with
    ``rounds`` rounds (``units`` units of work in all) less the same with none."""
    return {
        side: (counted(script, side, rounds) - counted(script, side, 0)) / units
        for side in ("waitable", "botocore")
    }


def instructions(argv: list[str]) -> int:
    """The instructions the process ``argv`` runs under callgrind (``PYTHONHASHSEED=0``)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    assert found, done.stderr[-2000:]
    return int(found.group(1))
