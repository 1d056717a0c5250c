"""Airflow on AWS: memory per parked trigger and the longest loop block, waitable's
``WaitTrigger`` against the Amazon provider's own waiter trigger, on the same job.

Needs ``pip install -e '.[airflow,aws]' apache-airflow-providers-amazon moto[server]``::

    python benchmarks/bench_airflow_aws.py --triggers 100 500 --poll 5

The job: a Redshift cluster on a moto server (``ThreadedMotoServer`` on 127.0.0.1, an
ephemeral port, fake credentials), paused while the triggers park and resumed once they
all have polled. Both kinds wait for it with the provider's ``cluster_resumed`` waiter
(``redshift.json`` of the installed provider; a paused cluster matches no acceptor, so
it is retried): the provider's ``RedshiftResumeClusterTrigger`` (an
``AwsBaseWaiterTrigger``, through an Airflow connection whose ``endpoint_url`` is the
server) and a ``WaitTrigger`` of that same file, whose client an ``async def`` resolver
makes with aiobotocore, the provider's async client library.

Each kind and count runs in a process of its own (one asyncio loop, N triggers started
at once, polling every ``--poll`` seconds in lockstep); the server runs in this one.
Both processes import the same modules and make, call and close one aiobotocore
Redshift client before the baseline, so what is counted is what the triggers add: RSS
after every trigger has polled and then waited one more poll interval, less the
baseline, divided by N. A 10 ms ticker records the longest the loop was late, from the
triggers' start to their last event; the provider's per-poll log line is kept (INFO,
as the triggerer logs) but goes to a handler that only counts it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import gc
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="waitable-bench-airflow-aws-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

CLUSTER = "bench-job"
CONN_ID = "bench_moto"
REGION = "us-east-1"
FAKE = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
}
KINDS = ("provider", "waitable")

_which: contextvars.ContextVar[int] = contextvars.ContextVar("which", default=-1)


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _waiter_file() -> str:
    import airflow.providers.amazon.aws.waiters as provider_waiters

    return os.path.join(os.path.dirname(provider_waiters.__file__), "redshift.json")


async def resolve(ref: dict[str, str]) -> Any:
    """WaitTrigger's resolver: an aiobotocore client of the moto server."""
    from aiobotocore.session import get_session

    made = get_session().create_client(
        ref["aws"], region_name=REGION, endpoint_url=os.environ["BENCH_ENDPOINT"]
    )
    return await made.__aenter__()


class _Polled(logging.Handler):
    """Counts the provider's per-poll log records, by the trigger that logged them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.add(_which.get())


def _provider_triggers(n: int, poll: float) -> tuple[list[Any], Any]:
    from airflow.providers.amazon.aws.triggers.redshift_cluster import (
        RedshiftResumeClusterTrigger,
    )

    polled = _Polled()
    log = logging.getLogger("airflow.providers.amazon.aws.utils.waiter_with_logging")
    log.handlers[:] = [polled]
    log.setLevel(logging.INFO)
    log.propagate = False
    triggers = [
        RedshiftResumeClusterTrigger(
            cluster_identifier=CLUSTER,
            aws_conn_id=CONN_ID,
            waiter_delay=int(poll),
            waiter_max_attempts=1000,
        )
        for _ in range(n)
    ]
    return triggers, lambda: len(polled.seen)


def _waitable_states(n: int, poll: float, max_wait: float) -> list[str]:
    import boto3

    import waitable

    client = boto3.client("redshift", region_name=REGION, endpoint_url="http://127.0.0.1:1")
    waiter = waitable.for_client(client, _waiter_file()).get_waiter("cluster_resumed")
    config = {"MinDelay": poll, "MaxDelay": poll, "MaxWaitTime": max_wait}
    # making a state calls nothing: these are the kwargs Airflow stores at defer time
    return [
        waiter.start(ClusterIdentifier=CLUSTER, WaiterConfig=config).to_json() for _ in range(n)
    ]


async def _warm_up() -> None:
    from aiobotocore.session import get_session

    async with get_session().create_client(
        "redshift", region_name=REGION, endpoint_url=os.environ["BENCH_ENDPOINT"]
    ) as client:
        await client.describe_clusters(ClusterIdentifier=CLUSTER)


async def _child(kind: str, n: int, poll: float) -> dict[str, Any]:
    from waitable.airflow import WaitTrigger

    states = _waitable_states(n, poll, max_wait=900) if kind == "waitable" else []
    await _warm_up()
    lag = {"all": 0.0, "parked": 0.0}
    done = False
    pauses = 0
    parked = False

    async def monitor() -> None:  # not across this benchmark's own gc.collect()
        while not done:
            before, seen = time.perf_counter(), pauses
            await asyncio.sleep(0.01)
            if pauses == seen:
                late = time.perf_counter() - before - 0.01
                lag["all"] = max(lag["all"], late)
                if parked:
                    lag["parked"] = max(lag["parked"], late)

    async def first_event(i: int, trigger: Any) -> Any:
        _which.set(i)
        return await trigger.run().__anext__()

    gc.collect()
    rss0 = _rss_kib()
    watching = asyncio.create_task(monitor())
    started = time.perf_counter()
    if kind == "provider":
        triggers, polled = _provider_triggers(n, poll)
    else:
        triggers = [
            WaitTrigger(s, resolver="__main__:resolve", files=[_waiter_file()]) for s in states
        ]

        def polled() -> int:
            return sum(1 for t, s in zip(triggers, states) if t.state is not s)

    tasks = [asyncio.create_task(first_event(i, t)) for i, t in enumerate(triggers)]
    limit = time.monotonic() + 30 * poll + n * 0.2
    while polled() < n and time.monotonic() < limit and not all(t.done() for t in tasks):
        await asyncio.sleep(0.1)
    all_polled = time.perf_counter() - started
    parked = True
    await asyncio.sleep(poll)  # one more poll interval, parked
    pauses += 1
    gc.collect()
    rss1 = _rss_kib()
    print("BENCH parked", flush=True)  # the parent resumes the cluster now
    ready = time.perf_counter()
    events = await asyncio.wait_for(asyncio.gather(*tasks), timeout=10 * poll + 120)
    ended = time.perf_counter()
    done = True
    await watching
    statuses = [e.payload["status"] for e in events]
    other = [e.payload for e in events if e.payload["status"] != "success"][:1]
    return {
        "kind": kind,
        "triggers": n,
        "succeeded": statuses.count("success"),
        "all_polled_s": round(all_polled, 2),
        "rss_kib_per_trigger": round((rss1 - rss0) / n, 2),
        "max_loop_lag_s": round(lag["all"], 4),
        "max_loop_lag_parked_s": round(lag["parked"], 4),
        "ended_after_ready_s": round(ended - ready, 2),
        **({"first_other": other[0]} if other else {}),
    }


def child_main(kind: str, n: int, poll: float) -> None:
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("botocore", "aiobotocore", "airflow"):
        logging.getLogger(name).setLevel(logging.WARNING)
    result = asyncio.run(_child(kind, n, poll))
    print("BENCH " + json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triggers", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between polls")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.update(FAKE)
    if args.child:
        child_main(args.child[0], int(args.child[1]), args.poll)
        return

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    conn = {
        "conn_type": "aws",
        "login": FAKE["AWS_ACCESS_KEY_ID"],
        "password": FAKE["AWS_SECRET_ACCESS_KEY"],
        "extra": {"endpoint_url": endpoint, "region_name": REGION},
    }
    env = {
        **os.environ,
        "BENCH_ENDPOINT": endpoint,
        f"AIRFLOW_CONN_{CONN_ID.upper()}": json.dumps(conn),
    }
    redshift = boto3.client("redshift", region_name=REGION, endpoint_url=endpoint)
    redshift.create_cluster(
        ClusterIdentifier=CLUSTER,
        ClusterType="single-node",
        NodeType="dc2.large",
        MasterUsername="bench",
        MasterUserPassword="Bench-password-1",
    )

    def status() -> str:
        return str(
            redshift.describe_clusters(ClusterIdentifier=CLUSTER)["Clusters"][0]["ClusterStatus"]
        )

    try:
        for n in args.triggers:
            for kind in args.kinds:
                redshift.pause_cluster(ClusterIdentifier=CLUSTER)
                assert status() == "paused", status()
                child = subprocess.Popen(
                    [sys.executable, __file__, "--child", kind, str(n), "--poll", str(args.poll)],
                    stdout=subprocess.PIPE,
                    text=True,
                    env=env,
                )
                assert child.stdout is not None
                try:
                    for line in child.stdout:
                        if line.startswith("BENCH parked"):
                            redshift.resume_cluster(ClusterIdentifier=CLUSTER)
                            assert status() == "available", status()
                        elif line.startswith("BENCH "):
                            print(line[len("BENCH ") :].strip(), flush=True)
                finally:
                    child.stdout.close()
                    if child.wait(timeout=60) != 0:
                        raise SystemExit(f"{kind} with {n} triggers: exit {child.returncode}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
