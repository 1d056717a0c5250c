"""The command's local mistakes on AWS services: exit 2, one line, before any call
(botocore's model and session only: no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli

FAKE = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
NOWHERE = ["--endpoint-url", "http://127.0.0.1:1", "--max-attempts", "1"]  # never called


@pytest.fixture
def no_region(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No region anywhere: neither variable, and an empty config file."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "config"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))


def one_line_exit_2(ran: tuple[int, str, str]) -> str:
    code, _, err = ran
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.usefixtures("no_region")
def test_a_wait_without_a_region_is_refused_as_the_aws_cli_refuses(cli: Cli) -> None:
    """Issue 17: it polled us-east-1 silently."""
    ran = cli("wait", "dynamodb", "TableExists", "-p", "TableName=t", *NOWHERE, env=FAKE)
    err = one_line_exit_2(ran)
    assert err.startswith("waitable: dynamodb: no AWS region configured;")
    assert "--region" in err
    assert "AWS_REGION" in err


@pytest.mark.usefixtures("no_region", "botocore_files_read_once")
def test_aws_region_is_read_as_the_aws_cli_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from waitable._cli.targets import target

    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    assert target("dynamodb", None).waiters.client.meta.region_name == "eu-west-3"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")  # AWS_REGION comes first
    assert target("dynamodb", None).waiters.client.meta.region_name == "eu-west-3"
    assert target("dynamodb", None, region="ca-central-1").waiters.client.meta.region_name == (
        "ca-central-1"
    )


@pytest.mark.usefixtures("no_region")
def test_listing_and_showing_need_no_region(cli: Cli) -> None:
    assert cli("show", "dynamodb", "TableExists", env=FAKE).returncode == 0
    assert cli("list", "dynamodb", env=FAKE).returncode == 0


@pytest.mark.parametrize(
    ("words", "says"),
    [
        (["--region", "bad region!"], "waitable: dynamodb: --region 'bad region!': "),
        (
            ["--region", "us-east-1", "--endpoint-url", "notaurl"],
            "waitable: dynamodb: --endpoint-url 'notaurl': ",
        ),
        (  # botocore takes it, and every call would fail
            ["--region", "us-east-1", "--endpoint-url", "ftp://localhost"],
            "waitable: dynamodb: --endpoint-url 'ftp://localhost': ",
        ),
    ],
)
def test_a_bad_region_or_endpoint_is_one_line_exit_2(cli: Cli, words: list[str], says: str) -> None:
    ran = cli(
        "wait",
        "dynamodb",
        "TableExists",
        "-p",
        "TableName=t",
        "--max-attempts",
        "1",
        *words,
        env=FAKE,
    )
    assert one_line_exit_2(ran).startswith(says)


@pytest.mark.parametrize(
    ("params", "says"),
    [
        (["TableName:=5"], "--param TableName: takes a string, got a number"),
        (
            ["TableNam=t"],
            "--param TableNam: DescribeTable takes no parameter 'TableNam'; "
            "did you mean 'TableName'?; it takes TableName",
        ),
    ],
)
def test_dynamodb_parameters_are_checked_against_the_input_shape(
    cli: Cli, params: list[str], says: str
) -> None:
    """Issue 17: ``TableName:=5`` was an error about ``ResourceArn``, exit 1; a typo got
    no suggestion."""
    words = [w for p in params for w in ("-p", p)]
    ran = cli(
        "wait", "dynamodb", "TableExists", *words, "--region", "us-east-1", *NOWHERE, env=FAKE
    )
    assert one_line_exit_2(ran) == f"waitable: {says}\n"


@pytest.mark.parametrize(
    ("param", "says"),
    [
        (
            "Filters=Name=x",  # a list of structures (a list of strings takes i-1,i-2)
            '--param Filters: takes a JSON list: -p \'Filters:=["a", "b"]\'',
        ),
        ("MaxResults=ten", "--param MaxResults: takes an integer, got 'ten'"),
        ("DryRun=maybe", "--param DryRun: takes true or false, got 'maybe'"),
        ("Filters:={}", "--param Filters: takes a list, got an object"),
    ],
)
def test_a_value_of_the_wrong_type_says_the_type_expected(cli: Cli, param: str, says: str) -> None:
    ran = cli(
        "wait", "ec2", "InstanceRunning", "-p", param, "--region", "us-east-1", *NOWHERE, env=FAKE
    )
    assert one_line_exit_2(ran) == f"waitable: {says}\n"


def test_a_nested_mistake_botocore_finds_is_one_line(cli: Cli) -> None:
    filters = 'Filters:=[{"Name": "x", "Valeus": ["y"]}]'
    ran = cli(
        "wait", "ec2", "InstanceRunning", "-p", filters, "--region", "us-east-1", *NOWHERE, env=FAKE
    )
    err = one_line_exit_2(ran)
    assert err.startswith("waitable: ParamValidationError: Parameter validation failed: ")
    assert "Valeus" in err
