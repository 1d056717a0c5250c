"""The aws CLI's conveniences for ``-p`` (issue 21): a list of plain values as
comma-separated text or given more than once, and timestamps in ISO 8601 or epoch
seconds. Checked on botocore's service models (no server); then against a moto server."""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any, Optional, Union

import pytest

from aws_server import FAKE_CREDENTIALS, boto3_client, moto_url
from conftest import Cli
from waitable._cli.params import ParameterError, convert_to, parse_pairs, timestamp

FAKE = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
UTC = datetime.timezone.utc

__all__ = ["moto_url"]


@functools.cache
def _target(service: str) -> Any:
    """The command's target for ``service`` (its botocore model read once per test run:
    reading ec2's takes about 0.4 s)."""
    from waitable._cli.targets import target

    return target(service, None, region="us-east-1")


def aws_params(service: str, waiter: str, *pairs: str) -> dict[str, Any]:
    """What ``waitable wait SERVICE WAITER -p ...`` gives botocore (no call is made)."""
    found = _target(service)
    _, definition = found.find(waiter)
    return found.parameters(definition, list(pairs))


def test_a_list_of_strings_takes_comma_separated_text() -> None:
    assert aws_params("ec2", "InstanceRunning", "InstanceIds=i-1,i-2") == {
        "InstanceIds": ["i-1", "i-2"]
    }
    assert aws_params("ec2", "InstanceRunning", "InstanceIds=i-1") == {"InstanceIds": ["i-1"]}
    assert aws_params("ec2", "InstanceRunning", "InstanceIds= i-1 , i-2") == {
        "InstanceIds": ["i-1", "i-2"]
    }


def test_a_list_given_more_than_once_joins_its_values() -> None:
    joined = aws_params(
        "ec2", "InstanceRunning", "InstanceIds=i-1", "InstanceIds=i-2,i-3", 'InstanceIds:=["i-4"]'
    )
    assert joined == {"InstanceIds": ["i-1", "i-2", "i-3", "i-4"]}
    assert aws_params("ec2", "InstanceRunning", 'InstanceIds:=["i-1", "i-2"]') == {
        "InstanceIds": ["i-1", "i-2"]
    }


def test_a_list_of_structures_still_wants_json() -> None:
    with pytest.raises(ParameterError, match=r"--param Filters: takes a JSON list: -p 'Filters:="):
        aws_params("ec2", "InstanceRunning", "Filters=Name=x")


def test_a_timestamp_takes_iso_8601_or_epoch_seconds() -> None:
    when = datetime.datetime(2014, 10, 1, 20, 30, tzinfo=UTC)
    for text in ("2014-10-01T20:30:00Z", "2014-10-01T20:30:00.000Z", "1412195400",
                 "2014-10-01T12:30:00-08:00", "2014-10-01T20:30"):  # fmt: skip
        got = aws_params("s3", "ObjectExists", "Bucket=b", "Key=k", f"IfModifiedSince={text}")
        assert got["IfModifiedSince"] == when, text
    json_number = aws_params(
        "s3", "ObjectExists", "Bucket=b", "Key=k", "IfModifiedSince:=1412195400"
    )
    assert json_number["IfModifiedSince"] == when
    date = aws_params("s3", "ObjectExists", "Bucket=b", "Key=k", "IfModifiedSince=2014-10-01")
    assert date["IfModifiedSince"] == datetime.datetime(2014, 10, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2014-02-30",
        "2014-10-01T25:00:00Z",
        "01/10/2014",
        "2014-10-01T20:30:00+25:00",
        "",
    ],
)
def test_a_bad_timestamp_says_what_it_takes(value: str) -> None:
    with pytest.raises(ParameterError) as caught:
        aws_params("s3", "ObjectExists", "Bucket=b", "Key=k", f"IfModifiedSince={value}")
    assert str(caught.value) == (
        "--param IfModifiedSince: takes a timestamp: ISO 8601 (2024-05-01T12:30:00Z, "
        f"2024-05-01T14:30:00+02:00, 2024-05-01) or epoch seconds, got {value!r}"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-10-01T20:30:00,5+05:30", datetime.datetime(2014, 10, 1, 15, 0, 0, 500000, UTC)),
        ("2014-10-01 20:30:00.123456789z", datetime.datetime(2014, 10, 1, 20, 30, 0, 123456, UTC)),
        ("2014-10-01T20:30:00+0100", datetime.datetime(2014, 10, 1, 19, 30, tzinfo=UTC)),
        ("-1", datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (1412195400.25, datetime.datetime(2014, 10, 1, 20, 30, 0, 250000, UTC)),
        ("1e9", None),
        (True, None),
        ([2014], None),
    ],
)
def test_timestamp_forms(value: Any, expected: Optional[datetime.datetime]) -> None:
    found = timestamp(value)
    assert found == expected
    if found is not None:
        assert found.tzinfo is not None  # never naive: botocore would read it as local time


@pytest.mark.parametrize(
    ("pairs", "says"),
    [
        (["InstanceIds=i-1,,i-2"], "--param InstanceIds: takes a comma-separated list (a,b) "
         "or a JSON list (-p 'InstanceIds:=[...]'), got 'i-1,,i-2' (an empty item)"),
        (["InstanceIds="], "got '' (an empty item)"),
        (["MaxResults=5", "MaxResults=6"],
         "--param MaxResults: given 2 times ('5', '6'); it takes one value"),
        (["DryRun=true", "DryRun:=false"],
         "--param DryRun: given 2 times ('true', False); it takes one value"),
    ],
)  # fmt: skip
def test_list_mistakes_are_one_line_exit_2(cli: Cli, pairs: list[str], says: str) -> None:
    words = [word for pair in pairs for word in ("-p", pair)]
    done = cli("wait", "ec2", "InstanceRunning", *words, "--region", "us-east-1",
               "--endpoint-url", "http://127.0.0.1:1", "--max-attempts", "1", env=FAKE)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("waitable: --param "), done.stderr
    assert says in done.stderr
    assert done.stderr.count("\n") == 1


def test_built_in_parameters_are_typed_the_same_way() -> None:
    """A list of integers splits and converts each item; a parameter that also takes
    text keeps its text whole (a header check may hold a comma) and collects repeats."""
    types = {"Ports": list[int], "Checks": Union[str, list[str], None], "Port": int}
    convert = lambda *pairs: convert_to(types, False, parse_pairs(list(pairs)), "Op", {})  # noqa: E731
    assert convert("Ports=80,443") == {"Ports": [80, 443]}
    assert convert("Checks=A: x,y") == {"Checks": "A: x,y"}
    assert convert("Checks=A: x,y", "Checks=B") == {"Checks": ["A: x,y", "B"]}
    with pytest.raises(ParameterError, match="--param Ports: takes an integer, got 'http'"):
        convert("Ports=80,http")
    with pytest.raises(ParameterError, match=r"--param Port: given 2 times \('1', '2'\)"):
        convert("Port=1", "Port=2")


def test_the_header_check_given_twice_is_a_list(cli: Cli) -> None:
    from waitable._cli.targets import target

    found = target("http", None)
    _, definition = found.find("UrlReady")
    params = found.parameters(
        definition, ["Url=http://127.0.0.1:9/", "HeaderMatches=A", "HeaderMatches=B: 1,2"]
    )
    assert params["HeaderMatches"] == ["A", "B: 1,2"]


@pytest.mark.slow  # a real moto server
def test_the_aws_conveniences_against_a_server(moto_url: str, cli: Cli) -> None:
    ec2 = boto3_client(moto_url, "ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ids = [
        i["InstanceId"]
        for i in ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2)["Instances"]
    ]
    where = [
        "--endpoint-url",
        moto_url,
        "--region",
        "us-east-1",
        "--delay",
        "0.1",
        "--max-attempts",
        "20",
    ]
    done = cli("wait", "ec2", "InstanceRunning", "-p", f"InstanceIds={ids[0]},{ids[1]}",
               *where, "--query", "Reservations[].Instances[].InstanceId",
               env=FAKE_CREDENTIALS)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)) == sorted(ids)
    repeated = cli("wait", "ec2", "InstanceRunning", "-p", f"InstanceIds={ids[0]}",
                   "-p", f"InstanceIds={ids[1]}", *where, "--query",
                   "length(Reservations[].Instances[])", env=FAKE_CREDENTIALS)  # fmt: skip
    assert repeated.returncode == 0, repeated.stderr
    assert json.loads(repeated.stdout) == 2
    s3 = boto3_client(moto_url, "s3")
    s3.create_bucket(Bucket="times")
    s3.put_object(Bucket="times", Key="k", Body=b"x")
    since = cli("wait", "s3", "ObjectExists", "-p", "Bucket=times", "-p", "Key=k",
                "-p", "IfModifiedSince=2000-01-01", *where, "--query", "ContentLength",
                env=FAKE_CREDENTIALS)  # fmt: skip
    assert since.returncode == 0, since.stderr
    assert json.loads(since.stdout) == 1
