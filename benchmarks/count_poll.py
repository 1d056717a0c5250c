"""Instructions per attempt, ``wait()`` against ``poll()`` with a JSON round trip, counted
by callgrind (repeatable on a noisy machine, unlike seconds): ``python count_poll.py``.

It runs itself under ``valgrind --tool=callgrind`` three times (nothing, 50 waits, 50
polled waits of 20 attempts each, with ``PYTHONHASHSEED=0``) and prints the difference
per attempt. Needs Debian's ``valgrind``.
"""

from __future__ import annotations

import sys
from typing import Any

import bench_celery
from callgrind import counted

ATTEMPTS, ROUNDS = 20, 50


def run(mode: str, rounds: int) -> None:
    import waitable

    answers = {"n": 0}

    def get_job(JobId: int, ReadyAt: float) -> dict[str, Any]:  # noqa: N803
        answers["n"] += 1
        state = "READY" if answers["n"] % ATTEMPTS == 0 else "RUNNING"
        return {"JobId": JobId, "State": state}

    model = waitable.load(bench_celery.DEFINITION)
    waiter = model.get_waiter("JobDone", {"GetJob": get_job}, sleep=lambda s: None)
    polled = waitable.register("count", model.get_waiter("JobDone", {"GetJob": get_job}))
    config = {"MaxWaitTime": 10**9}

    def poll_through(i: int) -> None:
        text = polled.start(JobId=i, ReadyAt=0, WaiterConfig=config).to_json()
        while True:
            state = waitable.WaitState.from_json(text)
            step = polled.poll(state, now=state.next_at)
            if step.done:
                return
            text = step.state.to_json()

    answers["n"] = 0
    waiter.wait(JobId=0, ReadyAt=0, WaiterConfig=config)  # both paths warm
    answers["n"] = 0
    poll_through(0)
    for i in range(rounds):
        answers["n"] = 0
        if mode == "wait":
            waiter.wait(JobId=i, ReadyAt=0, WaiterConfig=config)
        elif mode == "poll":
            poll_through(i)


def main() -> None:
    if len(sys.argv) == 3:
        run(sys.argv[1], int(sys.argv[2]))
        return
    base = counted(__file__, "none", 0)
    per = {m: (counted(__file__, m, ROUNDS) - base) / (ROUNDS * ATTEMPTS) for m in ("wait", "poll")}
    print(
        f"instructions per attempt: wait() {per['wait'] / 1000:.1f}k, poll() with the JSON "
        f"round trip {per['poll'] / 1000:.1f}k: {per['poll'] / per['wait']:.2f}x (goal <= 3x)"
    )


if __name__ == "__main__":
    main()
