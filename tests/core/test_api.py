"""The public surface: a curated, sorted __all__, public names shown as waitable.X, one
version, no stdlib module in the namespace, a usable help(), and py.typed."""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import pydoc
import types

import pytest

import waitable
from conftest import run_python

PUBLIC_SUBPACKAGES = {"aws", "celery", "services", "temporal"}


def test_all_is_sorted_and_complete() -> None:
    assert waitable.__all__ == sorted(waitable.__all__)
    for name in waitable.__all__:
        assert getattr(waitable, name) is not None
    public = {n for n in vars(waitable) if not n.startswith("_")}
    assert public - PUBLIC_SUBPACKAGES == {n for n in waitable.__all__ if not n.startswith("_")}


@pytest.mark.slow
def test_no_module_but_waitables_own_in_the_namespace() -> None:
    # A fresh interpreter: other tests import submodules, which Python sets as attributes.
    code = (
        "import types, waitable; print(sorted(n for n, v in vars(waitable).items() "
        "if isinstance(v, types.ModuleType)))"
    )
    out = run_python("-c", code, check=True)
    modules = eval(out.stdout)  # a list of names printed by the line above
    assert all(n.startswith("_") or n in PUBLIC_SUBPACKAGES for n in modules), modules
    for value in vars(waitable).values():
        if isinstance(value, types.ModuleType):
            assert value.__name__.startswith("waitable."), value


def test_public_classes_and_functions_show_as_waitable() -> None:
    for name in waitable.__all__:
        obj = getattr(waitable, name)
        if isinstance(obj, (type, types.FunctionType)):
            assert obj.__module__ == "waitable", name
    assert repr(waitable.WaiterError) == "<class 'waitable.WaiterError'>"


def test_errors_and_records_still_pickle_under_their_public_names() -> None:
    error = waitable.WaiterTimeoutError("W", "Max attempts exceeded", {"a": 1}, attempts=3)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is waitable.WaiterTimeoutError
    assert again.attempts == 3


def test_version_has_one_source() -> None:
    assert waitable.__version__ == importlib.metadata.version("waitable")


def test_help_is_a_manual() -> None:
    text = pydoc.render_doc(waitable, renderer=pydoc.plaintext)
    assert "See README.md" not in text
    for words in ("get_waiter", "get_async_waiter", "WaiterConfig", "MaxWaitTime", "services"):
        assert words in (waitable.__doc__ or ""), words


def test_package_is_typed_and_ships_its_schema() -> None:
    here = os.path.dirname(waitable.__file__)
    assert os.path.exists(os.path.join(here, "py.typed"))
    assert os.path.exists(waitable.schema_path())


@pytest.mark.slow
def test_botocore_s_plain_loop_runs_without_tenacity() -> None:
    # a fixed delay and an attempt limit are computed inline (issue 18): a wait that
    # retries, and one that times out, never import tenacity
    code = """
import sys, waitable
doc = {"version": 2, "waiters": {"Up": {"operation": "Get", "delay": 1, "maxAttempts": 3,
       "acceptors": [{"matcher": "path", "argument": "S", "expected": "up", "state": "success"}]}}}
answers = iter([{"S": "down"}, {"S": "up"}])
waiter = waitable.load(doc).get_waiter("Up", {"Get": lambda: next(answers)}, sleep=lambda s: None)
print(waiter.wait().attempts)
late = waitable.load(doc).get_waiter("Up", {"Get": lambda: {"S": "down"}}, sleep=lambda s: None)
try:
    late.wait()
except waitable.WaiterTimeoutError as error:
    print(error.attempts, error.reason)
print("tenacity" in sys.modules)
"""
    out = run_python("-c", code, check=True).stdout.split("\n")
    assert out[:3] == ["2", "3 Max attempts exceeded", "False"]
