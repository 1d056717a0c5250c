"""The ``waitable`` console script (and ``python -m waitable``).

A container waits on this command at every start, so its start-up counts. Importing the
command allocates thousands of long-lived objects (modules, classes, functions), and the
cyclic garbage collector would scan them again and again for nothing: it is off while
the command imports, and those objects are then frozen (``gc.freeze``: never scanned
again) before it is switched back on for the wait itself.
"""

from __future__ import annotations


def run() -> None:  # pragma: no cover - a process's entry point; tests run main()
    import gc
    import sys

    gc.disable()
    try:
        from ._cli import main
    finally:
        gc.freeze()
        gc.enable()
    sys.exit(main())
