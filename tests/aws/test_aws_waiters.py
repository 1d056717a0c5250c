"""waitable.for_client on real boto3 and aiobotocore clients against a real moto server.

Time is simulated: waits get a fake sleep that moves a fake clock and, where a scenario
needs it, changes the world (creates the table) the way time passing would.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

import waitable
from aws_server import ATTRIBUTES, KEY_SCHEMA, aio_client, boto3_client, make_table, moto_url
from conftest import FakeTime
from waitable import DefinitionError, FailureStateError, UnknownWaiterError, WaiterTimeoutError
from waitable.aws import check_against_service

pytestmark = pytest.mark.slow  # a real moto server (and botocore's whole data)

__all__ = ["moto_url"]  # the fixture, for pytest


def sleeper(fake: FakeTime, then: Callable[[], object]) -> Callable[[float], None]:
    """A fake sleep that does ``then`` the first time: the world moving while we sleep."""
    done: list[bool] = []

    def sleep(seconds: float) -> None:
        fake.sleep(seconds)
        if not done:
            done.append(True)
            then()

    return sleep


def test_table_exists_around_a_real_create_and_delete(moto_url: str) -> None:
    dynamodb = boto3_client(moto_url, "dynamodb")
    waiters = waitable.for_client(dynamodb)
    assert {"TableExists", "TableNotExists"} <= set(waiters.waiter_names)
    assert waiters.source_of("table_exists").startswith("botocore:dynamodb/")
    fake = FakeTime()
    seen: list[waitable.Attempt] = []
    waiter = waiters.get_waiter(
        "table_exists",
        sleep=sleeper(fake, lambda: make_table(dynamodb, "t1")),
        clock=fake.clock,
        on_attempt=seen.append,
    )
    result = waiter.wait(TableName="t1")
    # The first call raised a real ClientError (ResourceNotFoundException): a retry.
    assert [a.state for a in seen] == ["retry", "success"]
    assert isinstance(seen[0].error, dynamodb.exceptions.ResourceNotFoundException)
    assert result.response["Table"]["TableStatus"] == "ACTIVE"  # the final response
    assert fake.sleeps == [20]

    fake = FakeTime()
    gone = waiters.get_waiter(
        "TableNotExists",
        sleep=sleeper(fake, lambda: dynamodb.delete_table(TableName="t1")),
        clock=fake.clock,
    )
    done = gone.wait(TableName="t1")
    assert done.attempts == 2
    assert done.response["Error"]["Code"] == "ResourceNotFoundException"


def test_waiter_config_in_seconds_and_the_timeout_summary(moto_url: str) -> None:
    waiters = waitable.for_client(boto3_client(moto_url, "dynamodb"))
    fake = FakeTime()
    waiter = waiters.get_waiter("TableExists", sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(WaiterTimeoutError) as caught:
        waiter.wait(TableName="never", WaiterConfig={"MaxWaitTime": 30, "MinDelay": 2})
    assert str(caught.value).startswith("Waiter TableExists failed: Max wait time exceeded")
    assert caught.value.observed["error ResourceNotFoundException"] == caught.value.attempts
    assert sum(fake.sleeps) == pytest.approx(30)


def test_cancel_a_real_wait_from_another_thread(moto_url: str) -> None:
    waiters = waitable.for_client(boto3_client(moto_url, "dynamodb"))
    cancel = threading.Event()
    waiter = waiters.get_waiter(
        "TableExists", cancel=cancel, on_attempt=lambda attempt: cancel.set()
    )
    with pytest.raises(waitable.WaitCancelledError):
        waiter.wait(TableName="never")


def test_s3_bucket_and_object_exist(moto_url: str) -> None:
    s3 = boto3_client(moto_url, "s3")
    waiters = waitable.for_client(s3)
    fake = FakeTime()
    waiter = waiters.get_waiter(
        "bucket_exists",
        sleep=sleeper(fake, lambda: s3.create_bucket(Bucket="bkt1")),
        clock=fake.clock,
    )
    assert waiter.wait(Bucket="bkt1").attempts == 2
    fake = FakeTime()
    waiter = waiters.get_waiter(
        "ObjectExists",
        sleep=sleeper(fake, lambda: s3.put_object(Bucket="bkt1", Key="k", Body=b"x")),
        clock=fake.clock,
    )
    result = waiter.wait(Bucket="bkt1", Key="k")
    assert result.attempts == 2
    assert result.response["ContentLength"] == 1


def test_unknown_names_suggest_close_ones(moto_url: str) -> None:
    waiters = waitable.for_client(boto3_client(moto_url, "dynamodb"))
    with pytest.raises(UnknownWaiterError, match=r"did you mean 'TableExists'"):
        waiters.get_waiter("TableExist")
    with pytest.raises(UnknownWaiterError, match=r"did you mean 'table_exists'"):
        waiters.get_waiter("table_exist")


def test_a_custom_waiter_for_an_operation_with_none_shipped(moto_url: str, tmp_path: Path) -> None:
    sqs = boto3_client(moto_url, "sqs")
    assert waitable.for_client(sqs).waiter_names == []  # botocore ships no SQS waiters
    custom = {
        "version": 2,
        "waiters": {
            "MessagesWaiting": {
                "operation": "GetQueueAttributes",
                "delay": 1,
                "maxAttempts": 5,
                "acceptors": [
                    {
                        "matcher": "path",
                        "argument": "Attributes.ApproximateNumberOfMessages != '0'",
                        "expected": True,
                        "state": "success",
                    }
                ],
            }
        },
    }
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    fake = FakeTime()
    waiter = waitable.for_client(sqs, custom).get_waiter(
        "messages_waiting",
        sleep=sleeper(fake, lambda: sqs.send_message(QueueUrl=url, MessageBody="hi")),
        clock=fake.clock,
    )
    result = waiter.wait(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    assert result.attempts == 2


def test_search_path_files_and_overrides_warn_naming_both(
    moto_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override = {
        "version": 2,
        "waiters": {
            "TableExists": {
                "operation": "DescribeTable",
                "delay": 1,
                "maxAttempts": 3,
                "acceptors": [
                    {
                        "matcher": "path",
                        "argument": "Table.TableStatus",
                        "expected": "ACTIVE",
                        "state": "success",
                    }
                ],
            }
        },
    }
    (tmp_path / "dynamodb.json").write_text(json.dumps(override))
    monkeypatch.setenv("WAITABLE_PATH", os.pathsep.join([str(tmp_path / "none"), str(tmp_path)]))
    dynamodb = boto3_client(moto_url, "dynamodb")
    with pytest.warns(
        UserWarning,
        match=r"'TableExists' of .*dynamodb.json overrides the one of botocore:dynamodb/",
    ):
        waiters = waitable.for_client(dynamodb)
    assert waiters.source_of("TableExists") == str(tmp_path / "dynamodb.json")
    assert waiters.definition("TableExists").max_attempts == 3
    assert "TableNotExists" in waiters.waiter_names  # the rest stay botocore's


def test_aws_data_path_overrides_apply_as_in_botocore(
    moto_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "dynamodb" / "2012-08-10"
    folder.mkdir(parents=True)
    doc = {
        "version": 2,
        "waiters": {
            "OnlyHere": {
                "operation": "DescribeTable",
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [{"matcher": "status", "expected": 200, "state": "success"}],
            },
            "Wrong": {
                "operation": "DescribeTable",
                "delay": 1,
                "maxAttempts": 0,
                "acceptors": [{"matcher": "status", "expected": 200, "state": "success"}],
            },
        },
    }
    (folder / "waiters-2.json").write_text(json.dumps(doc))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    dynamodb = boto3_client(moto_url, "dynamodb")
    waiters = waitable.for_client(dynamodb)
    assert waiters.waiter_names == ["OnlyHere", "Wrong"]
    assert dynamodb.waiter_names == ["only_here", "wrong"]  # botocore reads the same file
    make_table(dynamodb, "data-path")
    assert waiters.get_waiter("OnlyHere").wait(TableName="data-path").attempts == 1
    # botocore's files compile per waiter at first use, as botocore builds them: a bad
    # one is a DefinitionError naming the file and waiter then.
    with pytest.raises(
        DefinitionError, match=r"waiters-2.json: waiter 'Wrong': 'maxAttempts' must be >= 1"
    ):
        waiters.get_waiter("Wrong")


def test_models_are_loaded_once_and_shared_across_threads(moto_url: str) -> None:
    clients = [boto3_client(moto_url, "dynamodb") for _ in range(8)]
    found: list[Any] = []

    def use(client: Any) -> None:
        found.append(waitable.for_client(client)._waiters["TableExists"])

    threads = [threading.Thread(target=use, args=(c,)) for c in clients * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 32
    assert all(model is found[0] for model in found)


def test_bundled_waiters_fit_the_real_service_shapes() -> None:
    import botocore.session

    session = botocore.session.get_session()
    folder = Path(waitable.__file__).parents[2] / "waiters" / "aws"
    files = sorted(folder.glob("*.json"))
    assert {f.stem for f in files} >= {
        "athena",
        "glue",
        "stepfunctions",
        "emr-serverless",
        "fsx",
        "servicecatalog",
        "workspaces",
        "dynamodbstreams",
    }
    for path in files:
        model = waitable.load(path)
        service = session.get_service_model(path.stem)
        assert (
            session.get_component("data_loader")
            .list_available_services("waiters-2")
            .count(path.stem)
            == 0
        ), f"botocore now ships waiters for {path.stem}"
        for name in model.waiter_names:
            assert check_against_service(model.definition(name), service, str(path)) == []


def test_the_shape_check_finds_wrong_operations_members_and_states() -> None:
    import botocore.session

    service = botocore.session.get_session().get_service_model("athena")

    def problems(operation: str, argument: str, expected: Any, matcher: str = "path") -> list[str]:
        doc = {
            "version": 2,
            "waiters": {
                "W": {
                    "operation": operation,
                    "delay": 1,
                    "maxAttempts": 2,
                    "acceptors": [
                        {
                            "matcher": matcher,
                            "argument": argument,
                            "expected": expected,
                            "state": "success",
                        }
                    ],
                }
            },
        }
        return check_against_service(waitable.load(doc).definition("W"), service)

    assert problems("GetQueryExecution", "QueryExecution.Status.State", "SUCCEEDED") == []
    assert "no operation 'GetQueryExecutions'" in problems("GetQueryExecutions", "a", "b")[0]
    assert (
        "has no member 'Stat'; did you mean 'Status'"
        in problems("GetQueryExecution", "QueryExecution.Stat.State", "SUCCEEDED")[0]
    )
    assert (
        "'SUCCEEDING' is not in the model's enum of QueryExecutionState"
        in problems("GetQueryExecution", "QueryExecution.Status.State", "SUCCEEDING")[0]
    )
    assert (
        "'DONE' is not in the model's enum"
        in problems("GetQueryExecution", "QueryExecution.Status.State == 'DONE'", True)[0]
    )


def test_the_shape_check_finds_real_defects_in_botocores_own_waiters() -> None:
    # Each of these can never match: botocore ships them so (documented in README).
    import botocore.session

    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    found = []
    for service in loader.list_available_services("waiters-2"):
        model = waitable.load(loader.load_service_model(service, "waiters-2"))
        shapes = session.get_service_model(service)
        for name in model.waiter_names:
            found += check_against_service(model.definition(name), shapes, service)
    known = (
        "appconfig: waiter 'EnvironmentReadyForDeployment'",
        "ec2: waiter 'ConversionTaskDeleted'",
        "omics: waiter 'AnnotationStoreDeleted'",
        "omics: waiter 'AnnotationStoreVersionDeleted'",
        "omics: waiter 'VariantStoreDeleted'",
    )
    assert found, "the known defects are found"
    assert all(problem.startswith(known) for problem in found), found


def test_bundled_extras_on_the_services_moto_serves(moto_url: str) -> None:
    fake = FakeTime()
    options: dict[str, Any] = {"sleep": fake.sleep, "clock": fake.clock}
    athena = boto3_client(moto_url, "athena")
    query = athena.start_query_execution(
        QueryString="select 1", ResultConfiguration={"OutputLocation": "s3://b/"}
    )["QueryExecutionId"]
    waiters = waitable.for_client(athena)
    assert waiters.source_of("QueryExecutionSucceeded").endswith(os.path.join("aws", "athena.json"))
    result = waiters.get_waiter("query_execution_succeeded", **options).wait(QueryExecutionId=query)
    assert result.response["QueryExecution"]["Status"]["State"] == "SUCCEEDED"

    glue = boto3_client(moto_url, "glue")
    glue.create_job(Name="j", Role="r", Command={"Name": "glueetl", "ScriptLocation": "s3://b/s"})
    run = glue.start_job_run(JobName="j")["JobRunId"]
    glue.create_crawler(Name="c", Role="r", Targets={"S3Targets": [{"Path": "s3://b/"}]})
    glue_waiters = waitable.for_client(glue)
    assert glue_waiters.get_waiter("JobRunSucceeded", **options).wait(JobName="j", RunId=run)
    assert glue_waiters.get_waiter("CrawlerReady", **options).wait(Name="c")

    dynamodb = boto3_client(moto_url, "dynamodb")
    stream = make_table(
        dynamodb,
        "streamed",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]["LatestStreamArn"]
    streams = waitable.for_client(boto3_client(moto_url, "dynamodbstreams"))
    assert streams.get_waiter("StreamEnabled", **options).wait(StreamArn=stream)

    emr = boto3_client(moto_url, "emr-serverless")
    app = emr.create_application(name="a", releaseLabel="emr-6.6.0", type="SPARK")["applicationId"]
    job = emr.start_job_run(
        applicationId=app,
        executionRoleArn="arn:aws:iam::123456789012:role/r",
        jobDriver={"sparkSubmit": {"entryPoint": "s3://b/x.py"}},
    )["jobRunId"]
    emr_waiters = waitable.for_client(emr)
    assert emr_waiters.get_waiter("JobRunSucceeded", **options).wait(
        applicationId=app, jobRunId=job
    )

    sfn = boto3_client(moto_url, "stepfunctions")
    machine = sfn.create_state_machine(
        name="m",
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
        roleArn="arn:aws:iam::123456789012:role/r",
    )["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    running = waitable.for_client(sfn).get_waiter("ExecutionSucceeded", **options)
    with pytest.raises(WaiterTimeoutError) as caught:  # moto keeps it RUNNING
        running.wait(executionArn=execution, WaiterConfig={"MaxAttempts": 3})
    assert caught.value.observed['`status` = "RUNNING"'] == 3
    sfn.stop_execution(executionArn=execution)
    with pytest.raises(FailureStateError, match="ABORTED"):
        running.wait(executionArn=execution)


def test_a_client_that_is_not_a_botocore_client_gets_sources_and_the_search_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "jobs.json").write_text(
        json.dumps(
            {
                "GetJob": {
                    "JobDone": {"acceptors": [{"state": "success", "matcher": {"success": True}}]}
                }
            }
        )
    )
    monkeypatch.setenv("WAITABLE_PATH", str(tmp_path))
    waiters = waitable.for_client({"GetJob": lambda **p: {}}, service="jobs")
    assert waiters.waiter_names == ["JobDone"]
    with pytest.raises(ValueError, match="not a service name"):
        waitable.for_client({}, service="../etc/passwd")


DIFFERENTIAL = [
    ("dynamodb", "table_exists", {"TableName": "present"}),
    ("dynamodb", "table_exists", {"TableName": "absent"}),
    ("dynamodb", "table_not_exists", {"TableName": "absent"}),
    ("dynamodb", "table_not_exists", {"TableName": "present"}),
    ("s3", "bucket_exists", {"Bucket": "here"}),
    ("s3", "bucket_exists", {"Bucket": "nowhere"}),
    ("s3", "bucket_not_exists", {"Bucket": "here"}),
    ("s3", "object_exists", {"Bucket": "here", "Key": "none"}),
    ("s3", "object_not_exists", {"Bucket": "here", "Key": "none"}),
]


@pytest.mark.parametrize(("service", "name", "params"), DIFFERENTIAL)
def test_differential_against_botocores_own_waiters_on_the_same_server(
    moto_url: str, service: str, name: str, params: dict[str, str]
) -> None:
    """The same wait through botocore's client.get_waiter and through for_client: the
    same outcome, message and number of calls."""
    client = boto3_client(moto_url, service)
    if service == "dynamodb" and "present" not in client.list_tables()["TableNames"]:
        make_table(client, "present")
    if service == "s3":
        client.create_bucket(Bucket="here")
    config = {"Delay": 0, "MaxAttempts": 3}
    botocore_waiter = client.get_waiter(name)
    theirs = _settle(lambda: botocore_waiter.wait(**params, WaiterConfig=config), client)
    ours_waiter = waitable.for_client(client).get_waiter(name)
    ours = _settle(lambda: ours_waiter.wait(**params, WaiterConfig=config), client)
    assert ours == theirs


def _settle(wait: Callable[[], Any], client: Any) -> tuple[Any, ...]:
    """(outcome, message, calls made, final state) of a wait, for either library."""
    calls: list[str] = []

    def count(**kwargs: Any) -> None:
        calls.append(kwargs["event_name"])

    client.meta.events.register("before-call", count)
    try:
        wait()
        outcome: tuple[Any, ...] = ("success", "")
    except Exception as exc:  # botocore's WaiterError or ours: compare the message
        outcome = ("error", str(exc))
    finally:
        client.meta.events.unregister("before-call", count)
    return (*outcome, len(calls))


def test_aiobotocore_clients_get_awaited_waiters(moto_url: str) -> None:
    boto3_client(moto_url, "dynamodb")  # the server is up

    async def main() -> tuple[Any, ...]:
        async with aio_client(moto_url, "dynamodb") as client:
            waiters = waitable.for_client(client)
            with pytest.raises(TypeError, match="get_async_waiter"):
                waiters.get_waiter("TableExists")
            created: list[bool] = []

            async def sleep(seconds: float) -> None:
                if not created:
                    created.append(True)
                    await client.create_table(
                        TableName="async-t",
                        KeySchema=KEY_SCHEMA,
                        AttributeDefinitions=ATTRIBUTES,
                        BillingMode="PAY_PER_REQUEST",
                    )

            waiter = waiters.get_async_waiter("table_exists", sleep=sleep)
            result = await waiter.wait(TableName="async-t")
            gone = waiters.get_async_waiter("TableNotExists", sleep=sleep)
            missing = await gone.wait(TableName="never-made")
            return result.attempts, result.response["Table"]["TableStatus"], missing.attempts

    assert asyncio.run(main()) == (2, "ACTIVE", 1)


def test_shipped_files_are_read_as_botocores_loader_reads_them() -> None:
    """for_client reads waiters-2 and paginators-1 with load_data (plus the paginators'
    sdk-extras, merged): the same definitions load_service_model gives, for every
    service; botocore ships no waiters-2 extras, which would break that shortcut."""
    import botocore.session

    from waitable._core.documents import plain
    from waitable._paginators.format import compile_paginators
    from waitable.aws.clients import _load

    loader = botocore.session.get_session().get_component("data_loader")
    assert not list(Path(botocore_data_dir()).glob("*/*/waiters-2.sdk-extras.json"))
    for service in loader.list_available_services("paginators-1"):
        version = loader.determine_latest_version(service, "paginators-1")
        ours = {m.source: m for m in _load(loader, f"{service}/{version}")}
        model = ours[f"botocore:{service}/{version}/paginators-1.json"]
        expected = compile_paginators(
            plain(loader.load_service_model(service, "paginators-1")), "x"
        )
        assert dict(model.paginators) == expected, service


def botocore_data_dir() -> str:
    import botocore

    return os.path.join(os.path.dirname(botocore.__file__), "data")


def test_code_written_for_boto3_waiters_catches_botocore_waiter_error(moto_url: str) -> None:
    # `except botocore.exceptions.WaiterError` around a boto3 waiter keeps working when the
    # waiter is waitable's (issue 17): the error is both classes, one object
    import pickle

    from botocore.exceptions import WaiterError as BotocoreWaiterError

    dynamodb = boto3_client(moto_url, "dynamodb")
    fake = FakeTime()
    waiter = waitable.for_client(dynamodb).get_waiter(
        "table_exists", sleep=fake.sleep, clock=fake.clock
    )
    with pytest.raises(BotocoreWaiterError) as caught:
        waiter.wait(TableName="never", WaiterConfig={"MaxAttempts": 2})
    error = caught.value
    assert isinstance(error, WaiterTimeoutError)
    assert error.last_response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.kwargs == {"name": "TableExists", "reason": error.reason}
    assert error.reason.startswith("Max attempts exceeded")
    assert str(error) == f"Waiter TableExists failed: {error.reason}"  # botocore's fmt
    assert error.__notes__  # the timeout's summary is kept
    again = pickle.loads(pickle.dumps(error))  # as waitable's class: a reader may lack botocore
    assert type(again) is WaiterTimeoutError
    assert again.last_response == error.last_response
    # a failure state too, and from a file bound to the same client
    make_table(dynamodb, "gone")
    model = waitable.load(
        {
            "version": 2,
            "waiters": {
                "NotThere": {
                    "operation": "DescribeTable",
                    "delay": 1,
                    "maxAttempts": 2,
                    "acceptors": [
                        {
                            "matcher": "path",
                            "argument": "Table.TableStatus",
                            "expected": "ACTIVE",
                            "state": "failure",
                        }
                    ],
                }
            },
        }
    )
    with pytest.raises(BotocoreWaiterError) as failed:
        model.get_waiter("NotThere", dynamodb, sleep=fake.sleep).wait(TableName="gone")
    assert isinstance(failed.value, FailureStateError)


def test_a_waiter_on_another_client_raises_waitable_errors_only() -> None:
    from botocore.exceptions import WaiterError as BotocoreWaiterError

    model = waitable.load(
        {
            "version": 2,
            "waiters": {
                "Up": {
                    "operation": "Get",
                    "delay": 1,
                    "maxAttempts": 1,
                    "acceptors": [
                        {"matcher": "path", "argument": "S", "expected": "up", "state": "success"}
                    ],
                }
            },
        }
    )
    with pytest.raises(WaiterTimeoutError) as caught:
        model.get_waiter("Up", {"Get": lambda: {"S": "down"}}).wait()
    assert not isinstance(caught.value, BotocoreWaiterError)
