"""README's first command runs examples/job_waiter.py: keep it working (without sleeping)."""

from __future__ import annotations

import importlib.util
import os

import pytest

from conftest import FakeTime

EXAMPLE = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "job_waiter.py")


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
