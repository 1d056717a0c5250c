"""Durable waits: the rules of a WaitState and its polls, and bad states refused."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waitable
import waitable.services
from waitable._waiters.durable import GRACE

DOC: dict[str, Any] = {
    "version": 2,
    "waiters": {
        "Ready": {
            "operation": "GetThing",
            "delay": 5,
            "maxAttempts": 10,
            "acceptors": [
                {"matcher": "path", "argument": "State", "expected": "ok", "state": "success"},
                {"matcher": "path", "argument": "State", "expected": "bad", "state": "failure"},
                {"matcher": "path", "argument": "State", "expected": "wip", "state": "retry"},
            ],
        }
    },
}


POLICY = {"delay": 5, "max_attempts": 10, "min_delay": None, "max_delay": None, "max_wait": None}


def hook(attempt: Any) -> None:
    """A module-level hook: a state can name it."""


@pytest.fixture
def path(tmp_path: Any) -> str:
    file = tmp_path / "w.json"
    file.write_text(json.dumps(DOC))
    return str(file)


class Service:
    def __init__(self, *states: str) -> None:
        self.states = list(states)
        self.calls: list[dict[str, Any]] = []

    def get_thing(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        return {"State": self.states[min(len(self.calls) - 1, len(self.states) - 1)]}


def test_an_early_poll_makes_no_call_and_says_the_time_left(path: str) -> None:
    service = Service("wip", "ok")
    waiter = waitable.load(path).get_waiter("Ready", service)
    first = waiter.poll(waiter.start(now=100.0), now=100.0)
    assert (first.verdict, first.next_delay, first.next_at) == ("retry", 5.0, 105.0)
    again = waiter.poll(first.state, now=102.0)  # a duplicated, early delivery
    assert not again.called
    assert again.state == first.state
    assert again.next_delay == 3.0
    assert len(service.calls) == 1
    done = waiter.poll(first.state, now=105.0)
    assert done.done
    assert done.result().response == {"State": "ok"}


def test_a_poll_later_than_the_deadline_ends_without_a_call(path: str) -> None:
    service = Service("wip")
    waiter = waitable.load(path).get_waiter("Ready", service)
    state = waiter.poll(waiter.start(now=0.0, WaiterConfig={"MaxWaitTime": 30}), now=0.0).state
    assert state.deadline == 30.0
    on_time = waiter.poll(state, now=30.0 + GRACE)  # at the deadline, delivered a bit late
    assert on_time.called
    late = waiter.poll(on_time.state, now=30.0 + GRACE + 0.5)
    assert not late.called
    assert late.done
    with pytest.raises(waitable.WaiterTimeoutError, match="Max wait time exceeded"):
        late.result()
    assert len(service.calls) == 2


def test_a_state_is_pinned_to_its_definition(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    state = waiter.start(now=0.0)
    changed = json.loads(json.dumps(DOC))
    changed["waiters"]["Ready"]["acceptors"][0]["expected"] = "done"
    other = waitable.load(changed).get_waiter("Ready", Service("done"))
    with pytest.raises(waitable.DefinitionChangedError) as info:
        other.poll(state, now=0.0)
    assert state.digest in str(info.value)
    assert "adopt=True" in str(info.value)
    assert other.poll(state, now=0.0, adopt=True).verdict == "success"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("nope", "must be JSON"),
        ("[]", "is a JSON object"),
        ('{"v": 3}', "schema version 3 is not one this waitable reads"),
        ('{"v": true}', "schema version True"),
        ('{"v": 2.0}', "schema version 2.0"),
        ('{"v": 2}', "missing"),
        ('{"v": 1}', "missing"),
        ('{"v": 2} {}', "Extra data"),
        (b"\xff", "must be JSON"),
    ],
)
def test_a_bad_state_is_a_clear_error(text: Any, says: str) -> None:
    with pytest.raises(waitable.StateError, match=says):
        waitable.WaitState.from_json(text)


with open(os.path.join(os.path.dirname(__file__), "v1_states.json"), encoding="utf-8") as _file:
    V1 = json.loads(json.load(_file)[0]["state"])
"""A schema 1 state (made by the code before schema 2): still read, and still checked."""


def _tampered(data: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    """``data`` with ``where`` (``key`` or ``key.index``) set to ``value``."""
    key, _, index = where.partition(".")
    if index:
        data[key] = [*data[key]]
        data[key][int(index)] = value
    else:
        data[key] = value
    return data


@pytest.mark.parametrize(
    ("where", "value", "says"),
    [
        ("progress.1", -1, "cannot be negative"),
        ("progress.1", "3", "progress.attempts"),
        ("progress.1", True, "progress.attempts"),
        ("progress.2", -0.5, "cannot be negative"),
        ("progress.0", float("inf"), "progress.next_at"),
        ("progress.3", 1.5, "progress.retried"),
        ("progress.4", 3, "progress.verdict"),
        ("progress.4", "maybe", "progress.verdict"),
        ("progress", [0.0, 0, 0.0, None], "progress must be"),
        ("progress", {"next_at": 0.0}, "progress is not valid"),
        ("began.0", float("nan"), "began.start"),
        ("began.0", 10**400, "began.start"),
        ("began.0", 10**16, "began.start"),
        ("began.1", float("-inf"), "began.deadline"),
        ("began.2", 1.5, "began.seed"),
        ("began", [0.0, None], "began must be"),
        ("policy", [5], "policy must be"),
        ("policy", {"delay": 5}, "policy is not valid"),
        ("policy.0", "5", "policy.delay"),
        ("policy.0", 10**400, "policy.delay"),
        ("policy.1", 2.5, "policy.max_attempts"),
        ("policy.4", float("inf"), "policy.max_wait"),
        ("policy.2", True, "policy.min_delay"),
        ("seen", {"HTTP 200": 1}, "seen is not valid"),
        ("seen", [[2, "x", "many"]], r"seen\[0\]"),
        ("seen", [[2, "x", 0]], r"seen\[0\]"),
        ("seen", [[-1, "x", 1]], r"seen\[0\]"),
        ("seen", [[2, "x"]], r"seen\[0\]"),
        ("seen", ["2,x,1"], r"seen\[0\]"),
        ("seen", [[2, "x", 1], [2, {"a": 1}, 1]], r"seen\[1\]"),
        ("seen", [[2, [{"a": 1}], 1]], r"seen\[0\]"),
        ("seen", [[None, 5, 1]], r"seen\[0\]"),
        ("seen", [["status", 200, 1]], r"seen\[0\]"),
        ("seen", [["http", [200], 1]], r"seen\[0\]"),
        ("seen", [[True, "x", 1]], r"seen\[0\]"),
        ("waiter", {"registered": 1}, "waiter is not valid"),
        ("hooks", {"wait": None}, "hooks is not valid"),
        ("id", 5, "id is not valid"),
        ("digest", None, "digest is not valid"),
        ("params", [], "params is not valid"),
        ("params", {"B": {"$bytes": "%%%"}}, r"bad \$bytes"),
        ("extra", 1, "unknown \\['extra'\\]"),
        ("v", 2.0, "schema version 2.0"),
    ],
)
def test_a_tampered_state_is_refused_naming_the_field(
    path: str, where: str, value: Any, says: str
) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    data = _tampered(waiter.start(now=0.0).to_dict(), where, value)
    with pytest.raises(waitable.StateError, match=says):
        waitable.WaitState.from_dict(data)
    with pytest.raises(waitable.StateError, match=says):  # the quick path, the same
        waitable.WaitState.from_json(json.dumps(data, separators=(",", ":")))


def test_a_missing_field_is_named(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    data = waiter.start(now=0.0).to_dict()
    del data["began"]
    with pytest.raises(waitable.StateError, match=r"missing \['began'\], unknown \[\]"):
        waitable.WaitState.from_json(json.dumps(data))


def test_seen_counting_an_acceptor_that_reads_no_path_is_refused_at_the_poll(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    data = waiter.start(now=0.0).to_dict()
    data["seen"] = [[1, "x", 1]]  # acceptor 1 reads State too, but 0 is the first to
    with pytest.raises(waitable.StateError, match="seen counts acceptor 1"):
        waiter.poll(waitable.WaitState.from_dict(data), now=0.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attempts", -1),
        ("attempts", "3"),
        ("start", float("nan")),
        ("seen", {"HTTP 200": "many"}),
        ("policy", {"delay": 5}),
        ("policy", {**POLICY, "delay": "5"}),
        ("policy", {**POLICY, "max_attempts": 2.5}),
        ("policy", {**POLICY, "max_wait": float("inf")}),
        ("policy", {**POLICY, "min_delay": True}),
        ("deadline", float("-inf")),
        ("start", 10**400),
        ("policy", {**POLICY, "delay": 10**400}),
        ("verdict", 3),
        ("waiter", {"registered": 1}),
        ("extra", 1),
        ("params", {"B": {"$bytes": "%%%"}}),
    ],
)
def test_a_tampered_schema_1_state_is_refused(field: str, value: Any) -> None:
    data = {**V1, field: value}
    with pytest.raises(waitable.StateError):
        waitable.WaitState.from_dict(data)


def test_a_sound_policy_passes(path: str) -> None:  # the tampered cases above are refused
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    data = waiter.start(now=0.0).to_dict()
    assert data["policy"] == list(POLICY.values())
    data["policy"] = [2.5, 10, None, None, 60]
    assert waitable.WaitState.from_dict(data).policy == {**POLICY, "delay": 2.5, "max_wait": 60}
    assert waitable.WaitState.from_dict({**V1, "policy": POLICY}).policy == POLICY


TRICKY = st.sampled_from(
    [
        "v",
        "id",
        "next_at",
        "seen",
        "params",
        "progress",
        "attempts",
        'a","id":"b',
        "x\\",
        "é",
        "",
        ',"progress":[',
        '],"seen":[[0,"x",1]]}',
        "}",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    params=st.dictionaries(TRICKY, st.one_of(st.integers(), TRICKY), max_size=4),
    seen=st.lists(
        st.one_of(
            st.tuples(st.just(0), st.one_of(TRICKY, st.integers(), st.booleans(), st.none())),
            st.tuples(st.sampled_from(["error", "http"]), st.one_of(TRICKY, st.integers())),
            st.tuples(st.none(), TRICKY),
            st.tuples(st.just(0), st.lists(st.one_of(TRICKY, st.booleans()), max_size=3)),
        ).map(list),
        max_size=3,
    ),
    verdict=st.sampled_from([None, "retry", "success", "failure"]),
    attempts=st.integers(0, 5),
    next_at=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 10**12)),
)
def test_a_poll_re_encodes_only_what_changed_and_reads_back_the_same(
    params: dict[str, Any], seen: list[list[Any]], verdict: Any, attempts: int, next_at: float
) -> None:
    waiter = waitable.register("splice", waitable.load(DOC).get_waiter("Ready", Service("ok")))
    began = waiter.start(now=0.0, **params)
    text = began.to_json()
    read = waitable.WaitState.from_json(text)
    assert read == began
    counted = [[*entry, count] for count, entry in enumerate(seen, 1)]
    went = read.moved(
        next_at=next_at, attempts=attempts, slept=2.0, retried=2, seen=counted, verdict=verdict
    )
    again = went.to_json()
    # byte for byte what a full encoding writes
    assert again == json.dumps(went.to_dict(), separators=(",", ":"), allow_nan=False)
    assert waitable.WaitState.from_json(again) == went


@pytest.mark.parametrize(
    "key",
    [
        '"progress":[0.0,4,0.0,null,null]',
        '"progress" :[0.0,4,0.0,null,null]',
        '"\\u0070rogress":[0.0,4,0.0,null,null]',
        '"progress":[0.0,4,0.0,null,null],"seen":[]',
        '"progress":[0.0,4,0.0,null,null],"seen":[],"seen":[]',
    ],
)
def test_a_duplicated_key_does_not_outlive_the_next_poll(path: str, key: str) -> None:
    # JSON keeps the last of a duplicated key; a kept head must not carry a stale one,
    # however the key is written (a space, an escaped letter)
    waiter = waitable.load(path).get_waiter("Ready", Service("wip"))
    text = waiter.start(now=0.0).to_json()
    forged = text[:-1] + f",{key}}}"
    state = waitable.WaitState.from_json(forged)
    assert state.attempts == 4
    polled = waitable.WaitState.from_json(waiter.poll(state, now=0.0).state.to_json())
    assert polled.attempts == 5


@pytest.mark.parametrize(
    "forged",
    [
        '{"v":2,"params":{"progress":[1]},"seen":[]}',
        '{"a":",\\"progress\\":[1],\\"seen\\":[]}","progress":[1],"seen":[]}',
        '{"a":{"b":1,"progress":[1],"seen":[]}}',
        '{"a":[{"progress":[1],"seen":[]}]}',
        '{"progress":[1],"seen":[]}',
        '{,"progress":[1],"seen":[]}',
        '{"a":1,"progress":[1],"seen":[2]} ',
        '{"a":1,"progress":[1],"seen":[2],"seen":[3]}',
        '{"a":1,"progress":[1],"seen":[2]}]',
        '{"a":"x,"progress":[1],"seen":[]}',
        '{"a":1 ,"progress":[1] ,"seen":[2]}',
    ],
)
def test_a_state_is_read_in_pieces_as_json_reads_it_whole(forged: str) -> None:
    from waitable._waiters.jsondata import parsed as _parsed

    try:
        whole = json.loads(forged)
    except ValueError:
        whole = None
    try:
        head, data = _parsed(forged)
    except Exception:  # from_json reads it whole then (json.loads: its data, or why not)
        return
    assert whole is not None
    assert data == whole
    if head:  # the text a next state is written after: the same fields
        assert json.loads(head + ',"progress":0,"seen":0}') == {
            **whole,
            "progress": 0,
            "seen": 0,
        }


def test_a_field_moved_before_the_id_is_not_lost(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("wip"))
    text = waiter.start(now=0.0).to_json()
    digest = json.loads(text)["digest"]
    moved = text.replace(f',"digest":"{digest}"', "").replace(
        ',"id":"', f',"digest":"{digest}","id":"', 1
    )
    state = waitable.WaitState.from_json(moved)
    after = waitable.WaitState.from_json(waiter.poll(state, now=0.0).state.to_json())
    assert after.digest == digest


def test_a_state_in_another_layout_reads_and_writes_the_same(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("wip"))
    state = waiter.start(now=0.0)
    spaced = json.dumps(state.to_dict(), sort_keys=True, indent=1)  # a database's layout
    read = waitable.WaitState.from_json(spaced)
    assert read == state
    after = waiter.poll(read, now=0.0).state
    assert waitable.WaitState.from_json(after.to_json()) == after
    assert waitable.WaitState.from_json(after.to_json().encode()) == after  # bytes too


def test_a_retry_acceptor_that_does_not_exist_is_refused(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("wip"))
    state = waiter.poll(waiter.start(now=0.0), now=0.0).state
    with pytest.raises(waitable.StateError, match="acceptor 7"):
        waiter.poll(state.replace(retried=7), now=10.0)


def test_parameters_round_trip_losslessly(path: str) -> None:
    service = Service("ok")
    waiter = waitable.load(path).get_waiter("Ready", service)
    when = datetime.datetime(2026, 11, 30, 4, 5, 6, tzinfo=datetime.timezone.utc)
    params = {"Blob": b"\x00\xff", "When": when, "Tag": {"$bytes": "x"}, "N": [1, 2.5, None]}
    state = waitable.WaitState.from_json(waiter.start(now=0.0, **params).to_json())
    assert state.params == params
    waiter.poll(state, now=0.0)
    assert service.calls == [params]


def test_what_a_state_cannot_hold_is_refused_at_start(path: str) -> None:
    model = waitable.load(path)
    waiter = model.get_waiter("Ready", Service("ok"))
    with pytest.raises(waitable.ConfigError, match=r"params\.S: a set cannot be kept"):
        waiter.start(S={1})
    with pytest.raises(waitable.ConfigError, match="not JSON"):
        waiter.start(X=float("inf"))
    unnamed = model.get_waiter("Ready", Service("ok"), on_attempt=lambda a: None)
    with pytest.raises(waitable.ConfigError, match=r"on_attempt=.*no importable name"):
        unnamed.start()
    named = model.get_waiter("Ready", Service("ok"), on_attempt=hook)
    assert named.start().hooks == {"on_attempt": f"{__name__}:hook"}
    from_dict = waitable.load(DOC).get_waiter("Ready", Service("ok"))
    with pytest.raises(waitable.ConfigError, match="not from a dict"):
        from_dict.start()


def test_bad_waiter_config_is_refused_at_start(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"))
    with pytest.raises(waitable.ConfigError, match="MaxAttempts"):
        waiter.start(WaiterConfig={"MaxAttempts": 0})


def test_advance_judges_a_call_the_caller_made(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service())
    state = waiter.start(now=0.0)
    step = waiter.advance(state, response={"State": "wip"}, now=0.0)
    assert (step.verdict, step.state.attempts) == ("retry", 1)
    failed = waiter.advance(step.state, response={"State": "bad"}, now=5.0)
    with pytest.raises(waitable.FailureStateError):
        failed.result()
    with pytest.raises(KeyError):  # no acceptor names it: raised again, as wait() does
        waiter.advance(state, error=KeyError("x"), now=0.0)
    with pytest.raises(waitable.StateError, match="not done"):
        step.result()


def test_a_backoff_poll_replayed_computes_the_same_delay(tmp_path: Any) -> None:
    smithy = {
        "Get": {
            "Ready": {
                "minDelay": 2,
                "maxDelay": 60,
                "acceptors": [{"state": "success", "matcher": {"success": True}}],
            }
        }
    }
    file = tmp_path / "s.json"
    file.write_text(json.dumps(smithy))
    waiter = waitable.load(str(file)).get_waiter("Ready", {"Get": lambda: {"Error": {"Code": "X"}}})
    state = waiter.start(now=0.0, WaiterConfig={"MaxWaitTime": 600})
    for _ in range(4):
        state = waiter.poll(state, now=state.next_at).state
    again = [waiter.poll(state, now=state.next_at).next_delay for _ in range(3)]
    assert len(set(again)) == 1


def test_the_state_of_a_shipped_waiter_is_small() -> None:
    for service in waitable.services.SERVICES:
        model = waitable.services.bundled(service)
        client = waitable.services.client(service)
        for name in model.waiter_names:
            params = {"Url": "http://localhost:8080/health", "Host": "db", "Port": 5432}
            waiter = model.get_waiter(name, client)
            state = waiter.start(**params, WaiterConfig={"MaxWaitTime": 3600})
            assert state.waiter == {"service": service, "waiter": name}
            assert len(state.to_json().encode()) <= 1024, (service, name)


def test_an_async_waiter_polls_too(path: str) -> None:
    async def get_thing(**params: Any) -> dict[str, Any]:
        return {"State": "ok"}

    waiter = waitable.load(path).get_async_waiter("Ready", {"GetThing": get_thing})
    step = asyncio.run(waiter.poll(waiter.start(now=0.0), now=0.0))
    assert step.result().response == {"State": "ok"}


def test_resume_finds_the_waiter_again(path: str) -> None:
    service = Service("ok")
    waiter = waitable.load(path).get_waiter("Ready", service)
    state = waiter.start(now=0.0)
    assert state.waiter == {"file": os.path.abspath(path), "waiter": "Ready"}
    with pytest.raises(waitable.StateError, match="allow that file"):
        waitable.resume(state, resolver=lambda ref: service)
    again = waitable.resume(state, resolver=lambda ref: service, files=[path])
    assert again.poll(state, now=0.0).verdict == "success"
    registered = waitable.register("things-ready", waiter)
    state = registered.start(now=0.0)
    assert state.waiter == {"registered": "things-ready"}
    assert waitable.resume(state) is registered


def test_resume_binds_a_built_in_service_by_name() -> None:
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        unused_port = closed.getsockname()[1]
    tcp = waitable.services.bundled("tcp").get_waiter("PortOpen", waitable.services.client("tcp"))
    state = tcp.start(Host="127.0.0.1", Port=unused_port, WaiterConfig={"MaxWaitTime": 60})
    waiter = waitable.resume(state)
    assert waitable.resume(state) is waiter  # made once per process
    step = waiter.poll(state)
    assert step.verdict == "retry"
    assert step.state.seen == (("error", "ConnectionRefused", 1),)
    assert waiter.observed(step.state) == {"error ConnectionRefused": 1}


def test_a_service_waiter_file_is_named_by_its_absolute_path(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(os.path.dirname(path))
    waiters = waitable.for_client({"GetThing": dict}, os.path.basename(path), service="things")
    state = waiters.get_waiter("Ready").start(now=0.0)
    assert state.waiter == {"service": "things", "file": path, "waiter": "Ready"}


def test_a_registered_waiter_ignores_hooks_this_process_cannot_import(path: str) -> None:
    waiter = waitable.register("ready-hooked", waitable.load(path).get_waiter("Ready", Service()))
    state = waiter.start(now=0.0).replace(hooks={"on_attempt": "__nowhere__:hook"})
    assert waitable.resume(state) is waiter


def test_a_durable_wait_refuses_what_its_state_cannot_carry(path: str) -> None:
    waiter = waitable.load(path).get_waiter("Ready", Service("ok"), transient=True)
    with pytest.raises(waitable.ConfigError, match="transient= is not kept in a wait state"):
        waiter.start(now=0.0)


def test_an_awaited_resume_runs_a_blocking_client_in_a_thread(path: str) -> None:
    import threading

    threads: list[int] = []

    def get_thing(State: str = "ok") -> dict[str, Any]:  # noqa: N803
        threads.append(threading.get_ident())
        return {"State": State}

    state = waitable.load(path).get_waiter("Ready", {"GetThing": get_thing}).start(now=0.0)

    async def poll() -> Any:
        waiter = waitable.resume(
            state, resolver=lambda ref: {"GetThing": get_thing}, files=[path], awaited=True
        )
        assert isinstance(waiter, waitable.AsyncWaiter)
        assert waiter.ref == state.waiter
        return await waiter.poll(state, now=0.0)

    step = asyncio.run(poll())  # before: TypeError, "it is not asynchronous"
    assert step.result().response == {"State": "ok"}
    assert threads
    assert threads[0] != threading.get_ident()  # the loop's thread never blocked


def test_seen_keeps_twenty_entries_then_counts_other_values(path: str) -> None:
    values = [f"v{i}" for i in range(25)]
    waiter = waitable.load(path).get_waiter("Ready", Service(*values))
    state, now = waiter.start(now=0.0, WaiterConfig={"MaxAttempts": 30}), 0.0
    for _ in values:
        step = waiter.poll(waitable.WaitState.from_json(state.to_json()), now=now)
        state, now = step.state, step.next_at
    assert len(state.seen) == 21
    assert state.seen[0] == (0, "v0", 1)
    assert state.seen[-1] == (None, "other values", 5)
    said = waiter.observed(state)
    assert said['`State` = "v0"'] == 1
    assert said["other values"] == 5
    assert len(said) == 21


def test_seen_said_without_its_waiter() -> None:
    from waitable._waiters.counted import said

    entries = [(0, "wip", 2), ("error", "Busy", 1), ("http", 503, 3), (None, "other values", 1)]
    assert said(None, entries) == {
        "HTTP 503": 3,
        'acceptor 0\'s path = "wip"': 2,
        "error Busy": 1,
        "other values": 1,
    }
