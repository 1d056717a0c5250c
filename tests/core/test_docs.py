"""The docs' code stays true: examples marked for type-checking (docs/async.md) are the
files CI checks, and examples/job_waiter.py (the quick start names it) keeps working
(without sleeping). Every other example runs in tests/docs/test_examples.py."""

from __future__ import annotations

import importlib.util
import os
import re

import pytest

from conftest import FakeTime
from docs_examples import pages

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "job_waiter.py")
MARKED = re.compile(r"<!-- typing: (\S+) -->\n```python\n(.*?)```", re.DOTALL)


def test_typed_examples_are_checked_as_written() -> None:
    marked = []
    for page in pages():
        marked += MARKED.findall(page.read_text(encoding="utf-8"))
    assert marked, "the docs mark at least the async example for type-checking"
    for path, code in marked:
        with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
            checked = handle.read()
        body = checked.split('"""', 2)[2].lstrip("\n")  # after the file's docstring
        assert body == code, f"{path} differs from the docs' example"


def test_job_example_waits_through_errors_to_success(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("job_waiter", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fake = FakeTime()
    result = module.main(sleep=fake.sleep)
    assert result.attempts == 6
    assert fake.sleeps == [0.2] * 5
    out = capsys.readouterr().out
    assert "raised JobNotFoundError" in out
    assert "raised ConnectionRefusedError" in out
    assert "Job job-42 is SUCCEEDED after 6 attempts" in out
