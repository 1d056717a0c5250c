"""waitable on AWS clients against botocore and the AWS CLI, side by side, as ratios.

1. First use: in a fresh process, with a boto3 client made, the time of
   ``waitable.for_client(client).get_waiter(name)`` against ``client.get_waiter(name)``
   (both read botocore's waiters-2.json through the client's loader and build a waiter).
2. The command: ``waitable wait dynamodb TableExists`` against
   ``aws dynamodb wait table-exists`` (the awscli package), process start to exit, on a
   table that exists, against the same moto server on 127.0.0.1.

    pip install -e '.[bench]' && python benchmarks/bench_aws.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import boto3
from moto.server import ThreadedMotoServer

RUNS = 15
ENV = {
    **os.environ,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
FIRST_USE = """
import time, boto3{extra}
client = boto3.session.Session().client("{service}", region_name="us-east-1")
start = time.perf_counter()
{code}
print(time.perf_counter() - start)
"""
WAYS = {
    "waitable": ("\nimport waitable", "waitable.for_client(client).get_waiter('{name}')"),
    "botocore": ("", "client.get_waiter('{name}')"),
}


def first_use(which: str, service: str, name: str) -> float:
    extra, code = WAYS[which]
    script = FIRST_USE.format(extra=extra, service=service, code=code.format(name=name))
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=ENV
    )
    return float(out.stdout)


def command(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    rows = []
    for service, name in (("dynamodb", "table_exists"), ("ec2", "instance_running")):
        ours, theirs = [], []
        for _ in range(RUNS):  # interleaved, so drift hits both alike
            ours.append(first_use("waitable", service, name))
            theirs.append(first_use("botocore", service, name))
        rows.append(
            (f"first use, {service} {name}", statistics.median(ours), statistics.median(theirs))
        )

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    client = boto3.session.Session().client(
        "dynamodb",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_table(
        TableName="bench",
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    bin_dir = os.path.dirname(sys.executable)
    ours_cmd = [
        os.path.join(bin_dir, "waitable"),
        "wait",
        "dynamodb",
        "TableExists",
        "-p",
        "TableName=bench",
        "--endpoint-url",
        url,
        "--quiet",
    ]
    aws_cmd = [
        os.path.join(bin_dir, "aws"),
        "dynamodb",
        "wait",
        "table-exists",
        "--table-name",
        "bench",
        "--endpoint-url",
        url,
    ]
    ours, theirs = [], []
    for _ in range(RUNS):
        ours.append(command(ours_cmd))
        theirs.append(command(aws_cmd))
    server.stop()
    rows.append(
        (
            "command, table exists (vs aws dynamodb wait)",
            statistics.median(ours),
            statistics.median(theirs),
        )
    )

    import botocore

    print(
        f"Python {sys.version.split()[0]}, botocore {botocore.__version__}, boto3 "
        f"{boto3.__version__}; medians of {RUNS} interleaved runs\n"
    )
    print("| measure | waitable | botocore / aws | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    targets = {"first use": "<= 1.0x", "command": "<= 0.8x"}
    for label, mine, base in rows:
        target = targets[label.split(",")[0]]
        print(
            f"| {label} | {mine * 1e3:.2f} ms | {base * 1e3:.2f} ms "
            f"| {mine / base:.2f}x | {target} |"
        )


if __name__ == "__main__":
    main()
