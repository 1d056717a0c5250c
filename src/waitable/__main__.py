"""``python -m waitable``: the same as the ``waitable`` command."""

from ._cli import run

run()
