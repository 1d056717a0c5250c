"""The two decorators of ``typing`` that run at import, for modules on the command's
start-up path: importing ``typing`` is a good part of a short command's start-up
(measured: benchmarks/bench_cli.py), and every other name of it is read by type
checkers alone (``TYPE_CHECKING = False; if TYPE_CHECKING: from typing import ...``:
mypy and ruff read that block; Python skips it)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import final as final
    from typing import overload as overload
else:

    def final(f):
        return f

    def overload(f):
        return f
