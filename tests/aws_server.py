"""A real moto server on 127.0.0.1 (ephemeral port), and clients for it."""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

REGION = "us-east-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    for key, value in FAKE_CREDENTIALS.items():
        os.environ.setdefault(key, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def boto3_client(url: str, service: str, **config: Any) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        service,
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}, **config),
    )


def aio_client(url: str, service: str) -> Any:
    """An aiobotocore client for the server: ``async with aio_client(url, "s3") as c``."""
    from aiobotocore.session import get_session

    return get_session().create_client(
        service,
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


KEY_SCHEMA = [{"AttributeName": "k", "KeyType": "HASH"}]
ATTRIBUTES = [{"AttributeName": "k", "AttributeType": "S"}]


def make_table(client: Any, name: str, **extra: Any) -> Any:
    """A pay-per-request table keyed by the string ``k``."""
    return client.create_table(
        TableName=name,
        KeySchema=KEY_SCHEMA,
        AttributeDefinitions=ATTRIBUTES,
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )
