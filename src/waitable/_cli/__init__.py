"""``waitable``: declarative waiters from a shell.

    waitable list [SERVICE] [--file F]
    waitable show SERVICE [WAITER] [--file F]
    waitable validate FILE... (- for stdin)
    waitable wait [--all | --any] [--max-wait S] [--quiet] [--json] [--from FILE]
                  SERVICE WAITER [--param K=V | K:=JSON ...] [--file F]
                  [--delay S] [--max-attempts N]
                  [-- SERVICE WAITER [...] ...] [-- exec COMMAND [ARG ...]]
    (AWS services also take --region, --profile and --endpoint-url)

Exit codes (``exits.ExitStatus``): 0 success, 1 a failure state (or an error response no
acceptor expected), 2 bad input (usage, unknown service or waiter, bad parameter, bad
file), 3 timeout, 126/127 the command after ``-- exec`` cannot run / is not found, 130
interrupted (Ctrl-C), 143 terminated (SIGTERM). Errors are one line on stderr, never a
traceback.

``main`` (main.py) maps how a run ends to its exit status; parser.py reads the command
line; commands.py runs list, show, validate and wait; waits.py runs several waits
together; targets.py is what a service name means (built-in or AWS).
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
