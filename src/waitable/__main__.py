"""``python -m waitable``: the same as the ``waitable`` command."""

from ._entry import run

run()
