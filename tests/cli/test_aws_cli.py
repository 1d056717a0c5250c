"""The `waitable` command on AWS services, in process, against a real moto server."""

from __future__ import annotations

import datetime
import json
import time
from typing import Callable

import pytest

from aws_server import FAKE_CREDENTIALS, boto3_client, make_table, moto_url
from conftest import Cli, Ran

pytestmark = pytest.mark.slow  # a real moto server

__all__ = ["moto_url"]


@pytest.fixture
def waitable(cli: Cli) -> Callable[..., Ran]:
    """The command in process, with fake credentials, against the server at ``url``."""

    def run(url: str, *args: str) -> Ran:
        endpoint = ["--endpoint-url", url, "--region", "us-east-1"] if url else []
        return cli(*args, *endpoint, env=FAKE_CREDENTIALS)

    return run


def test_list_and_show_aws_services(moto_url: str, waitable: Callable[..., Ran]) -> None:
    listed = waitable("", "list", "dynamodb")
    assert listed.returncode == 0, listed.stderr
    assert "dynamodb TableExists" in listed.stdout
    everything = waitable("", "list")
    assert "athena QueryExecutionSucceeded" in everything.stdout
    assert "http UrlReady" in everything.stdout
    shown = waitable("", "show", "s3", "BucketExists")
    assert shown.returncode == 0, shown.stderr
    assert "BucketExists: calls HeadBucket every 5 s, at most 20 times" in shown.stdout
    assert "From: botocore:s3/" in shown.stdout
    assert "Bucket (required, string)" in shown.stdout
    assert "glue JobRunSucceeded" in waitable("", "show", "glue").stdout


def test_wait_for_a_table_like_aws_dynamodb_wait_table_exists(
    moto_url: str, waitable: Callable[..., Ran]
) -> None:
    client = boto3_client(moto_url, "dynamodb")
    make_table(client, "cli")
    wait = ("wait", "dynamodb", "TableExists", "-p", "TableName=cli", "--json")
    done = waitable(moto_url, *wait, "--max-wait", "60")  # calls on the deadline's clients
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["Table"]["TableStatus"] == "ACTIVE"
    # as the aws CLI prints it (issue 17): ISO 8601 times, no ResponseMetadata
    created = datetime.datetime.fromisoformat(shown["Table"]["CreationDateTime"])
    assert created.tzinfo is not None
    assert "ResponseMetadata" not in shown
    # the progress line shows what the acceptors read, not just "HTTP 200"
    assert 'TableExists: attempt 1: success (`Table.TableStatus` = "ACTIVE")' in done.stderr


def test_a_timeout_an_error_and_bad_input_get_their_exit_codes(
    moto_url: str, waitable: Callable[..., Ran]
) -> None:
    timeout = waitable(
        moto_url,
        "wait",
        "dynamodb",
        "table_exists",
        "-p",
        "TableName=never",
        "--delay",
        "0",
        "--max-attempts",
        "2",
    )
    assert timeout.returncode == 3, timeout.stderr
    assert "(ResourceNotFoundException)" in timeout.stderr
    assert "2 x error ResourceNotFoundException" in timeout.stderr
    missing = waitable(moto_url, "wait", "dynamodb", "TableExists")
    assert missing.returncode == 2
    assert "TableExists needs --param TableName=..." in missing.stderr
    unknown = waitable(moto_url, "wait", "dynamodbb", "TableExists")
    assert unknown.returncode == 2
    assert "did you mean 'dynamodb'" in unknown.stderr
    invalid = waitable(
        moto_url, "wait", "dynamodb", "TableExists", "-p", "TableName=t", "-p", "Bogus=1"
    )
    assert invalid.returncode == 2
    assert invalid.stderr.startswith("waitable: --param Bogus: DescribeTable takes no parameter")
    assert "Traceback" not in invalid.stderr
    profile = waitable(
        moto_url, "wait", "dynamodb", "TableExists", "-p", "TableName=t", "--profile", "nope"
    )
    assert profile.returncode == 2
    assert "nope" in profile.stderr
    assert "Traceback" not in profile.stderr


def timed(run: Callable[..., Ran], *args: str) -> tuple[Ran, float]:
    start = time.monotonic()
    done = run(*args)
    return done, time.monotonic() - start


@pytest.mark.parametrize("server", ["closed_port", "port"])
def test_max_wait_bounds_aws_calls_to_an_endpoint_that_refuses_or_never_answers(
    server: str, request: pytest.FixtureRequest, waitable: Callable[..., Ran]
) -> None:
    """Issue 17: a refused endpoint took 26 s (botocore's retries) and exited 1; one that
    accepts and never answers took 125 s. Both are retried until the deadline, then 3."""
    url = f"http://127.0.0.1:{request.getfixturevalue(server)}"
    wait = ("wait", "dynamodb", "TableExists", "-p", "TableName=t", "--max-wait", "3")
    done, took = timed(waitable, url, *wait)
    assert done.returncode == 3, done.stderr
    assert 2.5 < took < 3 + 1
    assert "Max wait time exceeded" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_max_wait_a_refused_call_is_retried_briefly_by_botocore(
    closed_port: int, waitable: Callable[..., Ran]
) -> None:
    """botocore's legacy retries spent ~26 s on each refused call; the command's calls
    get its standard mode (3 tries, at most 3 s of backoff), the waiter the rest."""
    url = f"http://127.0.0.1:{closed_port}"
    wait = ("wait", "dynamodb", "TableExists", "-p", "TableName=t", "--delay", "0.5")
    done, took = timed(waitable, url, *wait, "--max-attempts", "2")
    assert done.returncode == 3, done.stderr
    assert "2 x error EndpointConnectionError" in done.stderr
    assert took < 2 * 3 + 0.5 + 1.5
