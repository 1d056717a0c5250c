"""Durable waits on Celery, measured with real components: a redis-server (broker and
result backend) on a 127.0.0.1 port and real ``celery worker -P threads`` processes.

    pip install -e '.[celery,aws]' && python benchmarks/bench_celery.py
    python benchmarks/bench_celery.py --waits 1000 --ready 20:40 --kill

Reports:
- N concurrent waits on W workers of T threads, each job ready after a random time in
  ``--ready`` seconds, polled every ``--delay`` seconds: all complete, each ``link`` once,
  the most threads ever asleep in a wait (sampled in the workers: 0), the lag from
  ready to done;
- worker RSS per parked wait, against Celery's own cost of a held ETA message (the same
  number of plain countdown tasks on a fresh worker) and an in-process waitable wait
  (a thread blocked in ``wait()``; an asyncio task awaiting ``AsyncWaiter.wait()``);
- with ``--kill``: one worker SIGKILLed once every wait is parked, a new one started:
  waits lost, extra calls (an attempt number called twice), the added lag;
- ``WaitState`` size for the shipped waiters (every bundled ``waiters/*.json`` and some
  of botocore's), and ``poll()`` per step with the JSON round trip against ``wait()``
  per attempt.

The job service is a registered waiter whose operation answers RUNNING until the job's
``ReadyAt`` (a parameter) and counts calls in Redis; the workers import this file as
their app (``-A bench_celery``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import redis
from celery import Celery

import waitable
import waitable.celery

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
VISIBILITY = float(os.environ.get("BENCH_VISIBILITY", "3600"))

DEFINITION = {
    "version": 2,
    "waiters": {
        "JobDone": {
            "operation": "GetJob",
            "delay": 5,
            "maxAttempts": 10_000,
            "acceptors": [
                {"matcher": "path", "argument": "State", "expected": "READY", "state": "success"},
                {"matcher": "path", "argument": "State", "expected": "LOST", "state": "failure"},
                {"matcher": "path", "argument": "State", "expected": "RUNNING", "state": "retry"},
            ],
        }
    },
}

_redis: redis.Redis | None = None


def store() -> redis.Redis:
    global _redis
    if _redis is None:
        _redis = redis.Redis.from_url(REDIS_URL)
    return _redis


def get_job(JobId: int, ReadyAt: float) -> dict[str, Any]:  # noqa: N803
    """The job service: RUNNING until ``ReadyAt``, then READY; counts calls."""
    store().hincrby("bench:calls", str(JobId), 1)
    return {"JobId": JobId, "State": "READY" if time.time() >= ReadyAt else "RUNNING"}


def on_attempt(attempt: Any) -> None:
    """Counts an attempt number called twice for one job: an extra call."""
    job = attempt.response.get("JobId") if isinstance(attempt.response, dict) else None
    if job is not None and not store().sadd(f"bench:att:{job}", attempt.number):
        store().incr("bench:extra")
        store().hincrby("bench:extra_by", str(job), 1)


def job_waiter(operation: Any = get_job, hook: Any = on_attempt, **options: Any) -> Any:
    model = waitable.load(DEFINITION)
    if hook is not None:
        options["on_attempt"] = hook
    return model.get_waiter("JobDone", {"GetJob": operation}, **options)


def make_app(url: str, visibility: float) -> Celery:
    made = Celery("bench_celery", broker=url, backend=url)
    made.conf.update(
        broker_transport_options={
            "visibility_timeout": visibility,
            "unacked_restore_interval": min(max(visibility / 4, 1.0), 10.0),
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": min(max(visibility / 4, 1.0), 300.0),
        },
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        result_expires=3600,
        worker_disable_rate_limits=True,
    )
    return made


app = make_app(REDIS_URL, VISIBILITY)
waitable.register("bench-job", job_waiter())
waitable.celery.register(app)


@app.task(name="bench.done", acks_late=True)  # a SIGKILL must not lose a link either
def done(result: Any, job: int) -> None:
    """The ``link``: when the wait ended, and how often the link ran."""
    client = store()
    client.hset("bench:done", str(job), time.time())
    client.hincrby("bench:links", str(job), 1)


@app.task(name="bench.noop")
def noop() -> None:
    """A plain task, for the cost of Celery's own held ETA messages."""


def _asleep_monitor() -> None:
    """In a worker: the most threads ever found inside ``Waiter.wait`` (a wait that
    sleeps) and inside a hop, sampled every 0.2 s, kept in Redis by pid."""
    most_asleep = most_busy = samples = 0
    while True:
        time.sleep(0.2)
        asleep = busy = 0
        for frame in list(sys._current_frames().values()):
            names = set()
            while frame is not None:
                names.add((os.path.basename(frame.f_code.co_filename), frame.f_code.co_name))
                frame = frame.f_back  # type: ignore[assignment]
            asleep += ("waiter.py", "wait") in names
            busy += ("_task.py", "_hop") in names
        samples += 1
        most_asleep, most_busy = max(most_asleep, asleep), max(most_busy, busy)
        if samples % 5 == 0:
            store().hset(
                "bench:threads",
                mapping={f"{os.getpid()}:asleep": most_asleep, f"{os.getpid()}:busy": most_busy},
            )


if os.environ.get("BENCH_WORKER"):
    threading.Thread(target=_asleep_monitor, daemon=True).start()


# --- the driver ------------------------------------------------------------------------


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Worker:
    def __init__(self, url: str, visibility: float, threads: int, name: str, log: Path) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), str(SRC)]),
            "BENCH_REDIS": url,
            "BENCH_VISIBILITY": str(visibility),
            "BENCH_WORKER": "1",
        }
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bench_celery", "worker", "-P", "threads",
             "-c", str(threads), "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "WARNING", "-f", str(log)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.pid = self.process.pid

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_workers(client_app: Celery, names: list[str], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        replies = client_app.control.ping(timeout=0.5) or []
        up = {name.split("@")[0] for reply in replies for name in reply}
        if set(names) <= up:
            time.sleep(1.0)  # let them settle (imports, first sweep)
            return
    raise RuntimeError(f"workers {names} did not answer a ping")


def percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)]

    return f"p50 {at(0.5):.1f} s, p99 {at(0.99):.1f} s, max {ordered[-1]:.1f} s"


def run_waits(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """N waits on W workers; with ``args.kill``, one worker SIGKILLed mid-way."""
    server = Server()
    workers: list[Worker] = []
    figures: dict[str, Any] = {}
    try:
        client_app = make_app(server.url, args.visibility)
        client = redis.Redis.from_url(server.url)
        global _redis
        _redis = client
        names = [f"w{i}" for i in range(args.workers)]
        for name in names:
            workers.append(Worker(server.url, args.visibility, args.threads, name, folder / name))
        wait_workers(client_app, names)
        low, high = args.ready
        waiter = waitable.register("bench-job", job_waiter())
        # warm up (imports, connection pools), then the idle RSS
        warm = [
            waitable.celery.start(
                client_app, waiter.start(JobId=-i - 1, ReadyAt=0, WaiterConfig={"MaxWaitTime": 60})
            )
            for i in range(4 * args.workers * args.threads)
        ]
        for res in warm:
            res.get(timeout=60)
        client.delete("bench:calls", "bench:extra", "bench:extra_by", *client.keys("bench:att:*"))
        time.sleep(1.0)
        base = {w.pid: rss(w.pid) for w in workers}
        started = time.time()
        ready_at: dict[int, float] = {}
        ids: dict[int, str] = {}
        link_of = client_app.signature
        for job in range(args.waits):
            ready_at[job] = time.time() + random.uniform(low, high)
            state = waiter.start(
                JobId=job,
                ReadyAt=ready_at[job],
                WaiterConfig={"Delay": args.delay, "MaxWaitTime": high + 600},
            )
            ids[job] = state.id
            waitable.celery.start(client_app, state, link=link_of("bench.done", args=(job,)))
        sent = time.time() - started
        print(f"  {args.waits} waits started in {sent:.1f} s", flush=True)
        peak: dict[int, int] = {}
        killed_at = None
        deadline = started + high + args.delay + 120 + (args.visibility if args.kill else 0)
        while time.time() < deadline:
            time.sleep(1.0)
            for w in workers:
                if w.process.poll() is None:
                    peak[w.pid] = max(peak.get(w.pid, 0), rss(w.pid))
            finished = client.hlen("bench:done")
            if (
                args.kill
                and killed_at is None
                and time.time() > started + sent + 2 * args.delay
                and time.time() < started + low
            ):
                victim = workers[0]
                victim.kill()
                killed_at = time.time()
                at = killed_at - started
                print(f"  SIGKILLed {victim.name} (pid {victim.pid}) at +{at:.0f} s, "
                      f"{finished} waits done; a new worker starts", flush=True)  # fmt: skip
                workers.append(
                    Worker(server.url, args.visibility, args.threads, "w-new", folder / "w-new")
                )
            if finished >= args.waits:
                break
        time.sleep(2.0)  # late links, late duplicates
        after = sum(rss(w.pid) for w in workers if w.process.poll() is None and w.pid in base)
        done_at = {int(k): float(v) for k, v in client.hgetall("bench:done").items() if int(k) >= 0}
        missing = sorted(set(ready_at) - set(done_at))
        if missing:
            held = client.hgetall("unacked")
            queued = client.lrange("celery", 0, -1)
            print(f"  {len(missing)} not done; broker: {len(queued)} queued, {len(held)} unacked")
            for job in missing[:10]:
                wid = ids[job].encode()
                print(f"    job {job}: in the queue {sum(wid in m for m in queued)}, unacked "
                      f"{sum(wid in m for m in held.values())}")  # fmt: skip
        for job in missing[:10]:
            print(f"  not done: job {job}: wait {ids[job]}, result "
                  f"{client_app.AsyncResult(ids[job]).state}, fence "
                  f"{waitable.celery.fence_of(client_app, ids[job])}, "
                  f"calls {client.hget('bench:calls', str(job))}")  # fmt: skip
        extra_by = [int(v) for v in client.hgetall("bench:extra_by").values()]
        links = [int(v) for k, v in client.hgetall("bench:links").items() if int(k) >= 0]
        calls = sum(int(v) for v in client.hgetall("bench:calls").values())
        lag = [done_at[j] - ready_at[j] for j in done_at]
        asleep = busy = 0
        for key, value in client.hgetall("bench:threads").items():
            if key.endswith(b":asleep"):
                asleep = max(asleep, int(value))
            else:
                busy = max(busy, int(value))
        parked = sum(peak.get(pid, 0) - base[pid] for pid in base if pid in peak)
        figures = {
            "waits": args.waits,
            "completed": len(done_at),
            "lost": args.waits - len(done_at),
            "links_more_than_once": sum(1 for n in links if n > 1),
            "calls": calls,
            "extra_calls": int(client.get("bench:extra") or 0),
            "extra_most": max(extra_by, default=0),
            "asleep": asleep,
            "busy": busy,
            "lag": percentiles(lag),
            "lag_values": lag,
            "rss_per_wait": parked / args.waits,
            "rss_base": sum(base.values()),
            "killed": killed_at is not None,
            "elapsed": time.time() - started,
            "rss_growth": parked,
            "rss_after": after
            - sum(base[w.pid] for w in workers if w.pid in base and w.process.poll() is None),
        }
    finally:
        for w in workers:
            w.stop()
        server.stop()
    return figures


def celery_eta_cost(count: int, folder: Path) -> float:
    """RSS per held ETA message of a plain Celery task on one fresh worker."""
    server = Server()
    try:
        client_app = make_app(server.url, 3600)
        worker = Worker(server.url, 3600, 2, "eta", folder / "eta")
        try:
            wait_workers(client_app, ["eta"])
            base = rss(worker.pid)
            for _ in range(count):
                client_app.send_task("bench.noop", countdown=1800)
            time.sleep(5)
            top = base
            for _ in range(20):
                time.sleep(0.5)
                top = max(top, rss(worker.pid))
            return (top - base) / count
        finally:
            worker.kill()
    finally:
        server.stop()


IN_PROCESS = r"""
import asyncio, sys, threading, time
sys.path[:0] = [{here!r}, {src!r}]
import waitable
kind, count = sys.argv[1], int(sys.argv[2])
model = waitable.load({definition!r})
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
READY = time.time() + 3600
def get_job(JobId, ReadyAt):
    return {{"JobId": JobId, "State": "RUNNING"}}
async def aget_job(JobId, ReadyAt):
    return {{"JobId": JobId, "State": "RUNNING"}}
base = rss()
if kind == "thread":
    stop = threading.Event()
    def sleep(s): stop.wait(s)
    waiter = model.get_waiter("JobDone", {{"GetJob": get_job}}, sleep=sleep)
    def run(i):
        try: waiter.wait(JobId=i, ReadyAt=READY, WaiterConfig={{"MaxWaitTime": 3600}})
        except Exception: pass
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for t in threads: t.start()
    time.sleep(2)
    print(rss() - base)
else:
    waiter = model.get_async_waiter("JobDone", {{"GetJob": aget_job}})
    async def main():
        tasks = [asyncio.ensure_future(waiter.wait(JobId=i, ReadyAt=READY,
                 WaiterConfig={{"MaxWaitTime": 3600}})) for i in range(count)]
        await asyncio.sleep(2)
        print(rss() - base)
        for t in tasks: t.cancel()
    asyncio.run(main())
import os; os._exit(0)
"""


def in_process_cost(kind: str, count: int) -> float:
    code = IN_PROCESS.format(here=str(HERE), src=str(SRC), definition=DEFINITION)
    out = subprocess.run(
        [sys.executable, "-c", code, kind, str(count)], capture_output=True, text=True, check=True
    ).stdout
    return int(out.strip().splitlines()[-1]) / count


def state_sizes() -> list[tuple[str, int]]:
    """Compact JSON bytes of a new state for every bundled waiter and some of botocore's,
    with typical parameters."""
    from waitable import services
    from waitable._core.documents import bundled_file

    params = {
        "http": {"Url": "https://api.example.com/health", "Status": 200},
        "tcp": {"Host": "db.internal.example.com", "Port": 5432},
        "dns": {"Name": "api.example.com", "Type": "A"},
        "file": {"Path": "/var/run/app/ready"},
        "command": {"Command": ["pg_isready", "-h", "db.internal.example.com"]},
        "postgres": {"Host": "db.internal.example.com", "Port": 5432, "User": "app"},
        "redis": {"Host": "cache.internal.example.com", "Port": 6379},
    }
    sizes = []
    config = {"WaiterConfig": {"MaxWaitTime": 6 * 3600}}
    for path in sorted((HERE.parent / "waiters").glob("*.json")):
        name = path.stem
        waiters = waitable.for_client(services.client(name), bundled_file(path.name), service=name)
        for waiter_name in services.bundled(name).waiter_names:
            waiter = waiters.get_waiter(waiter_name)
            state = waiter.start(**params.get(name, {}), **config)
            sizes.append((f"{name} {waiter_name}", len(state.to_json())))
    try:
        import boto3
    except ImportError:
        return sizes
    aws = [
        ("ec2", "InstanceRunning", {"InstanceIds": ["i-0123456789abcdef0"]}),
        ("dynamodb", "TableExists", {"TableName": "orders"}),
        ("s3", "ObjectExists", {"Bucket": "example-bucket", "Key": "exports/2024/part-0001.csv"}),
        ("cloudformation", "StackCreateComplete", {"StackName": "etl-pipeline-prod"}),
        (
            "ecs",
            "TasksStopped",
            {
                "cluster": "prod",
                "tasks": [
                    "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef"
                ],
            },
        ),
        ("rds", "DBInstanceAvailable", {"DBInstanceIdentifier": "orders-db"}),
    ]
    for service, name, given in aws:
        boto = boto3.client(
            service,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",  # never sent: start() makes no call
        )
        state = waitable.for_client(boto).get_waiter(name).start(**given, **config)
        sizes.append((f"aws {service} {name}", len(state.to_json())))
    return sizes


def step_overhead(attempts: int = 20, rounds: int = 50, repeats: int = 15) -> tuple[float, float]:
    """Microseconds per attempt: ``wait()`` (no sleeping), and ``poll()`` with
    ``to_json``/``from_json`` around every step; side by side, ``repeats`` times in turn,
    the pair with the median ratio (this machine is noisy)."""
    answers = {"n": 0}

    def get_job(JobId: int, ReadyAt: float) -> dict[str, Any]:  # noqa: N803
        answers["n"] += 1
        state = "READY" if answers["n"] % attempts == 0 else "RUNNING"
        return {"JobId": JobId, "State": state}

    model = waitable.load(DEFINITION)
    waiter = model.get_waiter("JobDone", {"GetJob": get_job}, sleep=lambda s: None)
    polled = waitable.register("bench-overhead", model.get_waiter("JobDone", {"GetJob": get_job}))
    config = {"MaxWaitTime": 10**9}

    def waits() -> float:
        begun = time.perf_counter()
        for i in range(rounds):
            answers["n"] = 0
            waiter.wait(JobId=i, ReadyAt=0, WaiterConfig=config)
        return (time.perf_counter() - begun) / (rounds * attempts)

    def polls() -> float:
        begun = time.perf_counter()
        for i in range(rounds):
            answers["n"] = 0
            text = polled.start(JobId=i, ReadyAt=0, WaiterConfig=config).to_json()
            while True:
                state = waitable.WaitState.from_json(text)
                step = polled.poll(state, now=state.next_at)
                if step.done:
                    break
                text = step.state.to_json()
        return (time.perf_counter() - begun) / (rounds * attempts)

    pairs = sorted(((waits(), polls()) for _ in range(repeats)), key=lambda p: p[1] / p[0])
    per_wait, per_poll = pairs[len(pairs) // 2]
    return per_wait * 1e6, per_poll * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--waits", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="pool threads per worker")
    parser.add_argument(
        "--ready", default="60:120", help="LOW:HIGH seconds until a job is ready (random)"
    )
    parser.add_argument("--delay", type=float, default=5.0, help="seconds between polls")
    parser.add_argument(
        "--visibility", type=float, default=None, help="visibility timeout (3600; 30 to kill)"
    )
    parser.add_argument("--kill", action="store_true", help="also a run with a SIGKILL")
    parser.add_argument("--skip-waits", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    args.ready = tuple(float(x) for x in args.ready.split(":"))
    folder = Path(tempfile.mkdtemp(prefix="bench-celery-"))
    print(f"waitable.celery benchmark ({os.cpu_count()} cores); logs in {folder}")

    sizes = state_sizes()
    values = [size for _, size in sizes]
    print(f"\nWaitState size, {len(sizes)} shipped waiters with typical parameters: "
          f"mean {statistics.mean(values):.0f} B, max {max(values)} B "
          f"({max(sizes, key=lambda s: s[1])[0]}); goal <= 1024 B")  # fmt: skip
    for name, size in sizes:
        print(f"  {size:5d} B  {name}")
    per_wait, per_poll = step_overhead()
    print(f"\nper attempt: wait() {per_wait:.1f} us; poll() with the JSON round trip "
          f"{per_poll:.1f} us: {per_poll / per_wait:.2f}x (goal <= 3x)")  # fmt: skip
    count = min(args.waits, 2000)
    thread = in_process_cost("thread", count)
    aio = in_process_cost("asyncio", count)
    print(f"\nin-process waits ({count} parked): a thread in wait() {thread / 1024:.1f} KiB, "
          f"an asyncio task {aio / 1024:.2f} KiB of RSS each")  # fmt: skip
    if args.skip_waits:
        return
    eta = celery_eta_cost(args.waits, folder)
    print(f"Celery's own held ETA message ({args.waits} plain countdown tasks, one worker): "
          f"{eta / 1024:.2f} KiB of worker RSS each")  # fmt: skip

    runs = [False, True] if args.kill else [False]
    for kill in runs:
        run_args = argparse.Namespace(**vars(args))
        run_args.kill = kill
        if run_args.visibility is None:
            run_args.visibility = 30.0 if kill else 3600.0
        title = "with one worker SIGKILLed" if kill else "no failures"
        print(f"\n{args.waits} waits on {args.workers} workers x {args.threads} threads, ready "
              f"after {args.ready[0]:.0f}-{args.ready[1]:.0f} s, polled every {args.delay:.0f} s, "
              f"visibility timeout {run_args.visibility:.0f} s: {title}", flush=True)  # fmt: skip
        got = run_waits(run_args, folder)
        print(
            f"  completed {got['completed']}/{got['waits']} (lost {got['lost']}) in "
            f"{got['elapsed']:.0f} s; links run more than once: {got['links_more_than_once']}"
        )
        print(
            f"  calls {got['calls']}, extra calls (an attempt called twice): "
            f"{got['extra_calls']}, at most {got['extra_most']} for one wait"
        )
        print(
            f"  threads ever asleep in a wait: {got['asleep']}; most threads in a hop at "
            f"once: {got['busy']} (of {args.workers * args.threads})"
        )
        print(f"  lag from ready to done: {got['lag']}")
        print(f"  worker RSS: {got['rss_base'] / 2**20:.0f} MiB idle (warmed up), "
              f"+{got['rss_growth'] / 2**20:.1f} MiB at the peak: "
              f"{got['rss_per_wait'] / 1024:.2f} KiB per parked wait; still "
              f"+{got['rss_after'] / 2**20:.1f} MiB once all are done")  # fmt: skip


if __name__ == "__main__":
    # run as the module the workers import, so that its functions have importable names
    sys.path.insert(0, str(HERE))
    import bench_celery

    bench_celery.main()
