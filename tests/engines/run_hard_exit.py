"""``python run_hard_exit.py PYTEST-ARGS...``: pytest, then ``os._exit`` with its exit
code, so nothing runs at interpreter exit (the Temporal SDK's runtime can abort there,
temporalio/sdk-python#300)."""

from __future__ import annotations

import os
import sys

import pytest

if __name__ == "__main__":
    code = pytest.main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))
