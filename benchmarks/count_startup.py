"""The command's start-up in instructions, counted by callgrind (repeatable on a busy
machine, unlike seconds): ``waitable wait tcp PortOpen`` on an open port against a bare
``python -c pass``, and against ``python -c "import re, argparse"`` (what the console
script and the command line cannot do without). ``python count_startup.py``; needs
Debian's ``valgrind`` and the package installed (its ``waitable`` console script)."""

from __future__ import annotations

import os
import socket
import sys

from callgrind import instructions

WAITABLE = os.path.join(os.path.dirname(sys.executable), "waitable")


def main() -> None:
    with socket.socket() as server:  # accepts into its backlog: the port is open
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        port = server.getsockname()[1]
        wait = [WAITABLE, "wait", "-q", "tcp", "PortOpen"]
        wait += ["-p", "Host=127.0.0.1", "-p", f"Port={port}"]
        counts = {
            "python -c pass": instructions([sys.executable, "-c", "pass"]),
            "python -c 'import re, argparse'": instructions(
                [sys.executable, "-c", "import re, argparse"]
            ),
            "waitable wait tcp PortOpen": instructions(wait),
            "waitable wait tcp HOST:PORT": instructions(
                [WAITABLE, "wait", "-q", "tcp", f"127.0.0.1:{port}"]
            ),
        }
    bare = counts["python -c pass"]
    for label, count in counts.items():
        print(f"| {label} | {count / 1e6:.1f}M | {count / bare:.2f}x |")


if __name__ == "__main__":
    main()
