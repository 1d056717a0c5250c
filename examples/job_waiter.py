"""Wait for a (simulated) batch job through a custom JSON waiter file.

    python examples/job_waiter.py

The job service below behaves like a real one: the job is not visible at first
(an error response), the connection drops once (a raised ConnectionRefusedError),
then the job runs for a while and succeeds. Every attempt is printed.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable

import waitable

HERE = os.path.dirname(os.path.abspath(__file__))


class JobNotFoundError(Exception):
    """Like botocore's ClientError: carries the error response."""

    def __init__(self, job_id: str) -> None:
        super().__init__(f"job {job_id} not found")
        self.response = {
            "Error": {"Code": "JobNotFound", "Message": f"job {job_id} not found"},
            "ResponseMetadata": {"HTTPStatusCode": 404},
        }


class JobService:
    """A stand-in for a remote API: each call moves the job along."""

    def __init__(self) -> None:
        self.calls = 0

    def get_job(self, JobId: str) -> dict[str, Any]:  # noqa: N803 - API-style parameter
        self.calls += 1
        if self.calls == 1:
            raise JobNotFoundError(JobId)
        if self.calls == 2:
            raise ConnectionRefusedError("connection refused")
        state = "SUCCEEDED" if self.calls >= 6 else "RUNNING"
        steps = [{"Name": "extract", "State": "DONE"}, {"Name": "load", "State": state}]
        return {"Job": {"Id": JobId, "State": state, "Steps": steps}}


def show(attempt: waitable.Attempt) -> None:
    """Print each attempt as it happens (the waiter's on_attempt hook)."""
    if attempt.error is not None:
        seen = f"raised {type(attempt.error).__name__}: {attempt.error}"
    else:
        seen = f"Job.State = {attempt.response['Job']['State']}"
    then = "done" if attempt.next_delay is None else f"next in {attempt.next_delay:g}s"
    print(f"  {attempt.elapsed:5.2f}s  #{attempt.number} {seen} -> {attempt.state}, {then}")


def main(sleep: Callable[[float], object] = time.sleep) -> waitable.WaitResult:
    model = waitable.load(os.path.join(HERE, "job_waiters.json"))
    service = JobService()
    waiter = model.get_waiter("JobComplete", service, sleep=sleep, on_attempt=show)
    print(waiter.describe(), end="\n\n")
    result = waiter.wait(JobId="job-42")
    print(
        f"\nJob {result.response['Job']['Id']} is {result.response['Job']['State']} after "
        f"{result.attempts} attempts ({result.elapsed:.2f}s); "
        f"matched acceptor {result.acceptor.index}."
    )
    return result


if __name__ == "__main__":
    main()
