"""README's code stays true: examples marked for type-checking are the files CI checks."""

from __future__ import annotations

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKED = re.compile(r"<!-- typing: (\S+) -->\n```python\n(.*?)```", re.DOTALL)


def test_typed_examples_are_checked_as_written() -> None:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        marked = MARKED.findall(handle.read())
    assert marked, "README marks at least its async example for type-checking"
    for path, code in marked:
        with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
            checked = handle.read()
        body = checked.split('"""', 2)[2].lstrip("\n")  # after the file's docstring
        assert body == code, f"{path} differs from README's example"
