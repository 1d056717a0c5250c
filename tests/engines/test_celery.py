"""Durable waits on Celery with real components: a redis-server on a 127.0.0.1 port as
broker and result backend, real ``celery worker -P threads`` subprocesses (stopped and
SIGKILLed by pid), and a job service: an HTTP server in this process that answers 503
until a job is ready, then 200 (or 410, a failure), counting the calls it gets.

Visibility timeouts are short (1-2 s, swept 4 times as often) so that what takes an hour
with Celery's defaults happens in seconds here."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import waitable
from servers import Redis, redis_server
from waitable import services

pytestmark = [
    pytest.mark.slow,  # real redis-server, celery workers and time
    # Celery's Redis result backend calls redis-py's deprecated setex (redis-py >= 5)
    pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning"),
]

celery = pytest.importorskip("celery")
from celery import states  # noqa: E402

import waitable.celery as wc  # noqa: E402  (after the skip: celery is an extra)

from .celery_worker_app import JOB_FILE, make_app  # noqa: E402
from .jobs import Jobs  # noqa: E402

__all__ = ["redis_server"]  # a fixture

TESTS = Path(__file__).resolve().parent.parent
SRC = TESTS.parent / "src"
FAST = {"MinDelay": 0.3, "MaxDelay": 0.3}  # a poll every 0.3 s


class Worker:
    """``celery -A engines.celery_worker_app worker -P threads``, a real subprocess."""

    count = 0

    def __init__(self, redis: Redis, visibility: float, folder: Path, threads: int = 4) -> None:
        Worker.count += 1
        self.log = folder / f"worker{Worker.count}.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)]),
            "WAITABLE_TEST_REDIS": f"redis://127.0.0.1:{redis.port}/0",
            "WAITABLE_TEST_VISIBILITY": str(visibility),
        }
        argv = [sys.executable, "-m", "celery", "-A", "engines.celery_worker_app", "worker",
                "-P", "threads", "-c", str(threads), "-n", f"w{Worker.count}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-l", "INFO", "-f", str(self.log)]  # fmt: skip
        self.process = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.log.exists() and " ready." in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the celery worker did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or given back."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def logged(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Cluster:
    def __init__(self, redis: Redis, visibility: float, folder: Path) -> None:
        self.redis, self.visibility, self.folder = redis, visibility, folder
        self.url = f"redis://127.0.0.1:{redis.port}/0"
        self.app = make_app(self.url, visibility)
        self.jobs = Jobs()
        self.workers: list[Worker] = []
        self.http = waitable.for_client(services.client("http"), JOB_FILE, service="http")

    def worker(self, threads: int = 4) -> Worker:
        started = Worker(self.redis, self.visibility, self.folder, threads)
        self.workers.append(started)
        return started

    def state(self, name: str, ready_in: float, status: int = 200, **config: Any) -> Any:
        url = self.jobs.add(name, ready_in, status)
        config = {**FAST, "MaxWaitTime": 20, **config}
        return self.http.get_waiter("JobDone").start(Url=url, WaiterConfig=config)

    def recorded(self, key: str) -> list[Any]:
        return [json.loads(x) for x in self.app.backend.client.lrange(key, 0, -1)]

    def close(self) -> None:
        for started in self.workers:
            started.stop()
        self.jobs.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One redis-server and one worker (2 threads) for the tests that kill nothing; a
    1 s visibility timeout, so every hop is capped at 0.45 s."""
    server = Redis()
    server.start()
    cluster = Cluster(server, 1.0, tmp_path_factory.mktemp("celery"))
    try:
        cluster.worker(threads=2)
        yield cluster
    finally:
        cluster.close()
        server.stop()


@pytest.fixture
def cluster(redis_server: Redis, tmp_path: Path) -> Iterator[Cluster]:
    """A redis-server of its own and no worker yet (the test starts and kills them); a
    2 s visibility timeout."""
    made = Cluster(redis_server, 2.0, tmp_path)
    yield made
    made.close()


def link(cluster: Cluster, key: str) -> Any:
    return cluster.app.signature("tests.record", args=(key,))


def link_error(cluster: Cluster, key: str) -> Any:
    return cluster.app.signature("tests.record_error", args=(key,))


def settle(seconds: float = 0.5) -> None:
    time.sleep(seconds)  # real time: callbacks are sent after the result is stored


def test_a_wait_end_to_end_runs_its_link_once(shared: Cluster) -> None:
    state = shared.state("e2e", ready_in=1.0)
    res = wc.start(shared.app, state, link=link(shared, "e2e:ok"), link_error=link(shared, "e2e:x"))
    assert res.id == state.id
    response = res.get(timeout=20)
    assert response["Status"] == 200
    assert response["Json"] == {"job": "e2e", "code": 200}
    settle()
    assert shared.recorded("e2e:ok") == [response]  # exactly once, with the response
    assert shared.recorded("e2e:x") == []
    # 0.3 s apart until ready at 1 s: at most 6 with no duplicate call (at least 1: a
    # worker still warming up may make its first call late, CI once saw 2)
    assert 1 <= shared.jobs.calls["e2e"] <= 6
    assert wc.fence_of(shared.app, state.id).startswith("done:")
    # starting the same wait again sends nothing: the same result
    again = wc.start(shared.app, state)
    assert again.id == res.id
    assert again.get(timeout=5) == response


def test_a_failure_raises_the_waiter_error_and_runs_link_error_once(shared: Cluster) -> None:
    state = shared.state("broken", ready_in=0.5, status=410)
    local = shared.http.get_waiter("JobDone")
    res = wc.start(
        shared.app, state, link=link(shared, "f:ok"), link_error=link_error(shared, "f:x")
    )
    with pytest.raises(waitable.FailureStateError) as caught:
        res.get(timeout=20)
    error = caught.value
    assert isinstance(error, wc.FailureStateError)
    assert isinstance(error, waitable.WaiterError)
    with pytest.raises(waitable.FailureStateError) as here:  # the same message as wait()
        local.wait(Url=state.params["Url"], WaiterConfig={**FAST, "MaxWaitTime": 10})
    assert str(error) == str(here.value)
    assert error.name == "JobDone"
    assert error.last_response["Status"] == 410
    assert error.attempts >= 2
    settle()
    assert shared.recorded("f:ok") == []
    [failed] = shared.recorded("f:x")
    assert failed["id"] == state.id
    assert failed["type"] == "FailureStateError"


def test_a_timeout_raises_with_what_it_observed(shared: Cluster) -> None:
    state = shared.state("never", ready_in=3600, MaxWaitTime=1.5)
    res = wc.start(shared.app, state, link_error=link_error(shared, "t:x"))
    begun = time.time()
    with pytest.raises(waitable.WaiterTimeoutError) as caught:
        res.get(timeout=20)
    error = caught.value
    assert isinstance(error, wc.WaiterTimeoutError)
    assert str(error).startswith("Waiter JobDone failed: Max wait time exceeded")
    assert error.observed  # the counters of what the retried calls showed
    assert time.time() - begun < 1.5 + 1.5
    assert 1.3 <= error.elapsed <= 2.6
    settle()
    assert [e["type"] for e in shared.recorded("t:x")] == ["WaiterTimeoutError"]


def test_progress_is_readable_by_the_wait_id(shared: Cluster) -> None:
    state = shared.state("slow", ready_in=2.0)
    wc.start(shared.app, state)
    seen = []
    deadline = time.time() + 20
    # one read per look: res.state then res.info would read twice, and the wait can
    # end in between (CI once saw WAITING, then the final response as the info)
    meta = shared.app.backend.get_task_meta(state.id)
    while meta["status"] not in states.READY_STATES and time.time() < deadline:
        if meta["status"] == wc.WAITING:
            seen.append(dict(meta["result"]))
        time.sleep(0.1)
        meta = shared.app.backend.get_task_meta(state.id)
    assert meta["status"] == states.SUCCESS
    assert seen, "never saw the wait WAITING"
    last = seen[-1]
    assert last["wait"] == state.id
    assert last["waiter"]["waiter"] == "JobDone"
    assert last["verdict"] == "retry"
    assert last["attempt"] >= 3
    assert last["deadline"] == pytest.approx(state.deadline)
    assert last["next_at"] > state.start
    assert sum(last["seen"].values()) >= 1  # what the retried calls showed
    attempts = [entry["attempt"] for entry in seen]
    assert attempts == sorted(attempts)


def test_a_hop_longer_than_the_visibility_timeout_makes_no_duplicate_call(
    shared: Cluster,
) -> None:
    # polls 2 s apart with a 1 s visibility timeout: each is reached by capped hops
    # (0.45 s) that make no call, so the broker never redelivers one
    state = shared.state("long", ready_in=3.0, MinDelay=2, MaxDelay=2)
    res = wc.start(shared.app, state)
    assert res.get(timeout=20)["Status"] == 200
    settle(1.0)  # a redelivery would come back within a visibility timeout
    assert shared.jobs.calls["long"] == 3  # at 0, 2 and 4 s


def steal_the_message(cluster: Cluster) -> bytes:
    """What a worker killed just after ``BRPOP`` does to a message: it is gone from the
    queue and was never recorded as unacknowledged (kombu #305, celery #4354)."""
    client = cluster.app.backend.client
    popped = client.brpop(["celery"], timeout=5)
    assert popped is not None, "no message in the queue"
    return bytes(popped[1])


def test_a_message_the_broker_loses_is_rescued(cluster: Cluster) -> None:
    state = cluster.state("stolen", ready_in=0.5, MaxWaitTime=30)
    res = wc.start(cluster.app, state, link=link(cluster, "s:ok"))
    message = steal_the_message(cluster)
    assert cluster.app.backend.client.hlen("unacked") == 0  # nowhere in the broker
    begun = time.time()
    worker = cluster.worker(threads=2)
    assert res.get(timeout=30)["Status"] == 200
    # re-sent once it was rescue_after (1.5 x 2 s) past its ETA, swept every 0.75 s
    assert time.time() - begun <= 3.0 + 0.75 + 2.0
    assert "lost by the broker" in worker.logged()
    # the lost message comes back after all: it drops itself, nothing more is called
    calls = cluster.jobs.calls["stolen"]
    cluster.app.backend.client.rpush("celery", message)
    settle(1.5)
    assert cluster.jobs.calls["stolen"] == calls
    assert "is not the live one" in worker.logged()
    assert len(cluster.recorded("s:ok")) == 1
    assert cluster.app.backend.client.zscore(wc.DUE_KEY, state.id) is None
    assert not cluster.app.backend.client.exists(wc.LIVE_PREFIX + state.id)


def test_the_rescue_resends_only_overdue_live_waits(cluster: Cluster) -> None:
    # no worker: the records alone, swept by hand with the clock moved on
    client = cluster.app.backend.client
    late, soon = cluster.state("late", ready_in=60), cluster.state("soon", ready_in=60)
    wc.start(cluster.app, late, queue="celery", priority=3)
    first = wc.fence_of(cluster.app, late.id)
    assert wc.rescue(cluster.app) == []  # nothing overdue yet
    now = time.time() + wc.rescue_after(cluster.app) + 1
    wc.start(cluster.app, soon)  # starts later: its hop is not yet overdue at `now`
    client.zadd(wc.DUE_KEY, {soon.id: now + 10})
    assert wc.rescue(cluster.app, now=now) == [late.id]
    moved = wc.fence_of(cluster.app, late.id)
    assert moved.startswith("hop:")
    assert moved != first
    assert wc.rescue(cluster.app, now=now) == []  # rescued once per rescue_after
    # priority 3 has a list of its own
    queues = [q for q in client.keys("celery*") if client.type(q) == b"list"]
    resent = [json.loads(m) for q in queues for m in client.lrange(q, 0, -1)]
    mine = [m for m in resent if m["headers"]["id"] == late.id]
    assert len(mine) == 2  # the original (say it is lost) and the rescue
    assert mine[0]["properties"]["priority"] == 3  # sent as it was started
    assert json.loads(base64.b64decode(mine[0]["body"]))[0][1] == moved[4:]
    # a finished wait is no longer swept
    client.set(wc.FENCE_PREFIX + soon.id, "done:x")
    assert wc.rescue(cluster.app, now=now + 20) == [late.id]
    assert client.zscore(wc.DUE_KEY, soon.id) is None


def test_start_refuses_options_it_could_not_resend(cluster: Cluster) -> None:
    from kombu import Queue

    state = cluster.state("opts", ready_in=60)
    with pytest.raises(waitable.ConfigError, match=r"queue= .* is not JSON data"):
        wc.start(cluster.app, state, queue=Queue("q"))
    assert wc.fence_of(cluster.app, state.id) is None  # nothing recorded, nothing sent
    for option in ({"countdown": 5}, {"eta": None}, {"task_id": "x"}, {"expires": 9}):
        with pytest.raises(waitable.ConfigError, match="is not an option start"):
            wc.start(cluster.app, state, **option)
        assert wc.fence_of(cluster.app, state.id) is None


def test_a_wait_whose_waiter_cannot_be_found_ends_and_is_not_rescued(shared: Cluster) -> None:
    state = shared.state("lost-ref", ready_in=60).replace(waiter={"registered": "no-such"})
    res = wc.start(shared.app, state)
    with pytest.raises(waitable.StateError, match="no-such"):
        res.get(timeout=20)
    assert wc.fence_of(shared.app, state.id).startswith("done:")
    client = shared.app.backend.client
    assert client.zscore(wc.DUE_KEY, state.id) is None  # the sweep will not re-send it
    assert not client.exists(wc.LIVE_PREFIX + state.id)


@pytest.mark.parametrize("value", [0, -1, "5", True])
def test_register_refuses_a_bad_rescue_after(value: Any) -> None:
    app = make_app("redis://127.0.0.1:1/0", 1.0).__class__("other")
    with pytest.raises(waitable.ConfigError, match="rescue_after= takes a number of seconds"):
        wc.register(app, rescue_after=value)


def _expected(verdict: str) -> type[BaseException] | None:
    return {"ok": None, "failed": waitable.FailureStateError, "late": waitable.WaiterTimeoutError}[
        verdict
    ]


def test_a_killed_worker_loses_no_wait(cluster: Cluster) -> None:
    # 18 waits polled every second, parked (as ETA messages) in one worker of 2 threads,
    # which is SIGKILLed; a second worker takes them over after the visibility timeout
    first = cluster.worker(threads=2)
    plan = {}
    for i in range(18):
        kind = ("ok", "failed", "late")[i % 3]
        ready = 2.0 + (i % 4) * 0.5
        state = cluster.state(
            f"k{i}",
            ready_in=ready if kind != "late" else 3600,
            status=410 if kind == "failed" else 200,
            MinDelay=1,
            MaxDelay=1,
            MaxWaitTime=7,
        )
        sig = link(cluster, "k:ok")
        res = wc.start(cluster.app, state, link=sig, link_error=link_error(cluster, "k:x"))
        plan[f"k{i}"] = (kind, res, ready)
    time.sleep(1.3)  # every wait polled once or twice, its next hop parked in the worker
    first.kill()
    assert all(r.state == wc.WAITING for _, r, _ in plan.values())
    cluster.worker(threads=2)
    for name, (kind, res, _ready) in plan.items():
        expected = _expected(kind)
        try:
            res.get(timeout=30, propagate=False)
        except celery.exceptions.TimeoutError:
            pytest.fail(f"wait {name} lost: {diagnosis(cluster, res)}")
        if expected is None:
            assert res.get()["Status"] == 200
        else:
            with pytest.raises(expected):
                res.get()
    settle(2.5)  # a duplicate would surface within a visibility timeout
    assert len(cluster.recorded("k:ok")) == 6  # each link exactly once
    assert sorted(e["id"] for e in cluster.recorded("k:x")) == sorted(
        r.id for kind, r, _ in plan.values() if kind != "ok"
    )
    for name, (kind, _res, ready) in plan.items():
        # without the kill: one call a second from 0 to the first second past ready
        # (or to the 7 s deadline); with it, at most one more
        most = 8 if kind == "late" else int(ready) + 2
        assert cluster.jobs.calls[name] <= most + 1, name


def test_the_deadline_holds_across_three_kills(cluster: Cluster) -> None:
    state = cluster.state("doomed", ready_in=3600, MinDelay=1, MaxDelay=1, MaxWaitTime=5)
    res = wc.start(cluster.app, state)
    for _ in range(3):
        worker = cluster.worker(threads=1)
        time.sleep(1.2)  # a poll, then the next hop parked in this worker
        worker.kill()
    cluster.worker(threads=1)
    with pytest.raises(waitable.WaiterTimeoutError) as caught:
        res.get(timeout=30)
    ended = time.time()
    assert "Max wait time exceeded" in str(caught.value)
    # three redeliveries (2 s visibility each) could have stretched it to 5 + 6 s; the
    # deadline in the state ends it at 5 s (plus the grace of a late poll, plus the
    # last redelivery)
    assert ended <= state.deadline + waitable_grace() + 2.0 + 1.5
    assert cluster.jobs.calls["doomed"] <= 7


def diagnosis(cluster: Cluster, res: Any) -> str:
    """Where a lost wait stands: its fence, and the broker's unacknowledged messages."""
    client = cluster.app.backend.client
    oldest = client.zrange("unacked_index", 0, 2, withscores=True)
    return (
        f"state {res.state}, fence {wc.fence_of(cluster.app, res.id)}, "
        f"{client.hlen('unacked')} unacked (oldest {oldest}) at {time.time():.3f}, "
        f"restore lock ttl {client.pttl('unacked_mutex')} ms, queue {client.llen('celery')}; "
        f"workers' logs: {[str(w.log) for w in cluster.workers]}"
    )


def waitable_grace() -> float:
    from waitable._waiters.durable import GRACE

    return GRACE
