"""Durable waits on Airflow, with Airflow installed for real: its ``BaseTrigger`` and
``TriggerEvent``, its trigger row (kwargs encrypted with a Fernet key and decoded as the
triggerer decodes them), a "triggerer" subprocess SIGKILLed mid-wait, and ``dag.test()``
on SQLite, all against the job service (``jobs.Jobs``) through the http service's
waiters. Skipped, saying so, where Airflow is not installed (``pip install
'waitable[airflow]'``; CI installs it in a venv of its own)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import waitable
from waitable import services

# Airflow reads its configuration once, at import: a home of the tests' own, never ~/airflow
_HOME = tempfile.mkdtemp(prefix="waitable-airflow-")
os.environ.setdefault("AIRFLOW_HOME", _HOME)
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__FERNET_KEY", "z7YUOF2hnzr4ffcQT1vwO1L3Zf1rd9X7Yx0eMpRkXgE=")

pytest.importorskip("airflow", reason="Airflow is not installed: pip install 'waitable[airflow]'")

from airflow.models.trigger import Trigger  # noqa: E402
from airflow.sdk.module_loading import import_string  # noqa: E402
from airflow.serialization.decoders import smart_decode_trigger_kwargs  # noqa: E402
from airflow.triggers.base import BaseTrigger, TriggerEvent  # noqa: E402

import waitable.airflow as wa  # noqa: E402

from . import airflow_support  # noqa: E402
from .jobs import JOB_FILE, Jobs  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent
SRC = TESTS.parent / "src"
FAST = {"MinDelay": 0.3, "MaxDelay": 0.3}  # a poll every 0.3 s


@pytest.fixture
def jobs() -> Iterator[Jobs]:
    service = Jobs()
    yield service
    service.close()


def _waiter(**options: Any) -> Any:
    http = waitable.for_client(services.client("http"), JOB_FILE, service="http")
    return http.get_waiter("JobDone", **options)


def _state(url: str, max_wait: float = 30.0, **options: Any) -> waitable.WaitState:
    return _waiter(**options).start(Url=url, WaiterConfig={**FAST, "MaxWaitTime": max_wait})


def _from_row(trigger: BaseTrigger) -> Any:
    """What the triggerer runs: the trigger's row (kwargs encrypted), decrypted and
    decoded as ``TriggerRunner`` does, the class imported by its classpath."""
    row = Trigger.from_object(trigger)
    stored = Trigger._decrypt_kwargs(row.encrypted_kwargs)
    kwargs = {k: smart_decode_trigger_kwargs(v) for k, v in stored.items()}
    return import_string(row.classpath)(**kwargs)


async def _events(trigger: Any) -> list[TriggerEvent]:
    return [event async for event in trigger.run()]


def test_the_trigger_round_trips_through_airflows_trigger_row() -> None:
    state = _state("http://127.0.0.1:9/job")
    trigger = wa.WaitTrigger(state.to_json(), "engines.airflow_support:http_client", [JOB_FILE])
    assert isinstance(trigger, BaseTrigger)
    again = _from_row(trigger)
    assert type(again) is wa.WaitTrigger
    assert again.serialize() == trigger.serialize()
    assert again.serialize()[0] == "waitable.airflow.WaitTrigger"
    assert waitable.WaitState.from_json(again.state) == state


def test_bad_trigger_arguments_are_refused_by_name() -> None:
    with pytest.raises(waitable.ConfigError, match="state= takes WaitState JSON"):
        wa.WaitTrigger({"v": 1})  # type: ignore[arg-type]
    with pytest.raises(waitable.ConfigError, match="resolver= takes a 'module:name'"):
        wa.WaitTrigger("{}", resolver="no_colon")


def test_a_state_that_is_not_one_ends_in_an_error_event() -> None:
    (event,) = asyncio.run(_events(wa.WaitTrigger('{"v": 99}')))
    assert event.payload["status"] == "error"
    assert event.payload["error"]["type"] == "StateError"
    with pytest.raises(waitable.WaitableError, match="StateError"):
        wa.raise_for(event.payload)


@pytest.mark.slow  # a real HTTP server, real time
def test_a_trigger_fires_one_event_with_the_final_response(jobs: Jobs) -> None:
    url = jobs.add("ok", ready_in=0, after_calls=2)
    trigger = _from_row(wa.WaitTrigger(_state(url).to_json(), files=[JOB_FILE]))
    (event,) = asyncio.run(_events(trigger))  # exactly one
    assert event.payload["status"] == "success"
    assert event.payload["response"]["Status"] == 200
    assert event.payload["response"]["Json"] == {"job": "ok", "code": 200}
    assert event.payload["attempts"] == jobs.calls["ok"] == 3
    assert wa.raise_for(event.payload)["Status"] == 200
    json.dumps(event.payload)  # Airflow stores it


@pytest.mark.slow
def test_a_failed_job_fires_its_failure(jobs: Jobs) -> None:
    url = jobs.add("bad", ready_in=0.3, status=410)
    (event,) = asyncio.run(_events(wa.WaitTrigger(_state(url).to_json(), files=[JOB_FILE])))
    assert event.payload["status"] == "failure"
    assert event.payload["error"]["type"] == "FailureStateError"
    assert "terminal failure state" in event.payload["error"]["message"]
    with pytest.raises(waitable.FailureStateError, match="terminal failure state") as raised:
        wa.raise_for(event.payload)
    assert raised.value.attempts == jobs.calls["bad"]


@pytest.mark.slow
def test_the_deadline_ends_the_wait_in_a_timeout_event(jobs: Jobs) -> None:
    url = jobs.add("never", ready_in=3600)
    state = _state(url, max_wait=1.0)
    (event,) = asyncio.run(_events(wa.WaitTrigger(state.to_json(), files=[JOB_FILE])))
    assert event.payload["status"] == "timeout"
    assert "Max wait time exceeded" in event.payload["error"]["message"]
    with pytest.raises(waitable.WaiterTimeoutError):
        wa.raise_for(event.payload)


@pytest.mark.slow  # a subprocess SIGKILLed, real time
def test_a_trigger_killed_mid_wait_goes_on_from_its_state(jobs: Jobs, tmp_path: Path) -> None:
    url = jobs.add("long", ready_in=0, after_calls=12)
    kwargs = tmp_path / "kwargs.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)])}
    argv = [sys.executable, "-m", "engines.airflow_support", str(kwargs)]
    first = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None
        assert json.loads(first.stdout.readline()) == {"ready": True}
        state = _state(url, on_attempt=airflow_support.record_attempt)
        assert state.hooks == {"on_attempt": "engines.airflow_support:record_attempt"}
        deferred = wa.WaitTrigger(state.to_json(), files=[JOB_FILE])
        stored = Trigger._decrypt_kwargs(Trigger.from_object(deferred).encrypted_kwargs)
        decoded = {k: smart_decode_trigger_kwargs(v) for k, v in stored.items()}
        kwargs.with_suffix(".tmp").write_text(json.dumps(decoded))
        kwargs.with_suffix(".tmp").rename(kwargs)
        seen = []
        for line in first.stdout:  # the killed process's own attempts
            seen.append(json.loads(line).get("attempt", line))
            if len(seen) == 4:
                break
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.kill()
        first.wait(timeout=10)
        if first.stdout is not None:
            first.stdout.close()
    assert seen == [1, 2, 3, 4]
    time.sleep(0.5)  # the triggerer is down a while: its polls are missed
    calls_before = jobs.calls["long"]
    restarted_at = time.time()
    again = _from_row(deferred)  # Airflow re-creates it from the kwargs it deferred with
    assert waitable.WaitState.from_json(again.state).attempts == 0  # Airflow's copy is old
    airflow_support.attempts.clear()
    (event,) = asyncio.run(_events(again))
    assert event.payload["status"] == "success"
    resumed = airflow_support.attempts
    expected = int((restarted_at - state.start) / 0.3) + 1  # the schedule's poll by then
    assert resumed[0] >= calls_before + 1  # never reset to 1
    assert abs(resumed[0] - expected) <= 1
    assert resumed == list(range(resumed[0], resumed[0] + len(resumed)))
    final = waitable.WaitState.from_json(again.state)
    assert final.deadline == state.deadline  # unchanged
    assert final.start == state.start
    assert event.payload["attempts"] == resumed[-1]


@pytest.mark.slow
def test_100_triggers_share_one_client_and_never_block_the_loop(jobs: Jobs) -> None:
    airflow_support.resolved.clear()
    url = jobs.add("many", ready_in=1.5)
    states = [_state(url) for _ in range(100)]
    resolver = "engines.airflow_support:http_client"
    triggers = [wa.WaitTrigger(s.to_json(), resolver, [JOB_FILE]) for s in states]

    async def run_all() -> tuple[list[list[TriggerEvent]], float, int]:
        lag = 0.0
        done = False

        async def monitor() -> None:  # Airflow's watchdog: a loop blocked > 0.2 s
            nonlocal lag
            while not done:
                before = time.perf_counter()
                await asyncio.sleep(0.01)
                lag = max(lag, time.perf_counter() - before - 0.01)

        watching = asyncio.create_task(monitor())
        await asyncio.sleep(0.05)
        events = await asyncio.gather(*(_events(t) for t in triggers))
        done = True
        await watching
        bound = len(wa._deferred._bound[asyncio.get_running_loop()])
        return events, lag, bound

    events, lag, bound = asyncio.run(run_all())
    assert all(len(e) == 1 and e[0].payload["status"] == "success" for e in events)
    assert len(airflow_support.resolved) == 1  # one client for the loop
    assert bound == 1  # one waiter, shared by the 100 triggers
    assert lag < 0.2, f"the loop was blocked for {lag:.3f} s"


@pytest.mark.slow  # airflow db migrate and dag.test() in subprocesses, on SQLite
def test_the_operator_runs_through_dag_test(jobs: Jobs, tmp_path: Path) -> None:
    url = jobs.add("dag", ready_in=0, after_calls=2)
    out = tmp_path / "response.json"
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(tmp_path / "home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(TESTS / "engines" / "airflow_dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)]),
        "WAITABLE_JOB_URL": url,
        "WAITABLE_OUT": str(out),
    }
    airflow = [sys.executable, "-m", "airflow"]
    migrated = subprocess.run(
        [*airflow, "db", "migrate"], env=env, capture_output=True, text=True, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    dag_file = TESTS / "engines" / "airflow_dags" / "wait_for_job.py"
    ran = subprocess.run(
        [sys.executable, str(dag_file)], env=env, capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0, (ran.stdout + ran.stderr)[-3000:]
    assert json.loads(ran.stdout.strip().splitlines()[-1]) == {"state": "success"}
    response = json.loads(out.read_text())
    assert response["Status"] == 200
    assert response["Json"] == {"job": "dag", "code": 200}
    assert jobs.calls["dag"] == 3  # two 503s retried, then the 200


def test_the_operator_maps_the_deadline_onto_airflows_timeout() -> None:
    operator = wa.WaitOperator(
        task_id="wait",
        service="http",
        file=JOB_FILE,
        waiter="JobDone",
        parameters={"Url": "http://127.0.0.1:9/job"},
        waiter_config={"MaxWaitTime": 3600},
        deadline_margin=30,
    )
    state, timeout = operator.start(now=1000.0)
    assert state.deadline == 4600.0
    assert timeout is not None
    assert timeout.total_seconds() == 3600 + 1.0 + 30  # deadline, GRACE, margin
    with pytest.raises(waitable.ConfigError, match="service= or aws=, not both"):
        wa.WaitOperator(task_id="w", service="http", aws="glue", waiter="X")
    with pytest.raises(waitable.ConfigError, match="give the waiter's service=, aws= or file="):
        wa.WaitOperator(task_id="w", waiter="X")


def _provider_waiter_files() -> list[Path]:
    try:
        import airflow.providers.amazon.aws.waiters as provided
    except ImportError:
        return []
    return sorted(Path(provided.__file__).parent.glob("*.json"))


# the provider's own files that waitable refuses, and why (its hooks patch these at run
# time; botocore would fail, or silently retry, at wait time)
REFUSED = {
    "mwaa.json": "waiter 'mwaa_task_complete': missing required field 'acceptors'",
    "neptune_analytics.json": (
        "waiter 'import_task_cancelled', acceptor 2: state 'error' is not one of"
    ),
}


@pytest.mark.filterwarnings("ignore:.*matcher 'error' takes no 'argument'")
def test_the_amazon_providers_own_waiter_files_load_unchanged() -> None:
    files = _provider_waiter_files()
    if not files:
        pytest.skip(
            "apache-airflow-providers-amazon is not installed: its waiter files are not here"
        )
    loaded = 0
    for file in files:
        if file.name in REFUSED:
            with pytest.raises(waitable.DefinitionError) as refused:
                waitable.load(str(file))
            assert str(file) in str(refused.value)
            assert REFUSED[file.name] in str(refused.value)
            continue
        model = waitable.load(str(file))
        assert model.waiter_names, file.name
        for name in model.waiter_names:  # each one binds, and starts a durable wait
            operation = model.definition(name).operation
            waiter = model.get_waiter(name, {operation: dict})
            waiter.start(WaiterConfig={"MaxWaitTime": 600})
        loaded += 1
    assert loaded >= 20
