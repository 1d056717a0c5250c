"""Paginators on real boto3 and aiobotocore clients against a real moto server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import waitable
from aws_server import aio_client, boto3_client, make_table, moto_url

pytestmark = pytest.mark.slow  # a real moto server

__all__ = ["moto_url"]


def test_s3_list_objects_v2_with_max_items_and_resume_across_libraries(moto_url: str) -> None:
    s3 = boto3_client(moto_url, "s3")
    s3.create_bucket(Bucket="pages")
    keys = [f"k{i:02d}" for i in range(25)]
    for key in keys:
        s3.put_object(Bucket="pages", Key=key, Body=b"x")
    waiters = waitable.for_client(s3)
    assert "ListObjectsV2" in waiters.paginator_names
    pager = waiters.get_paginator("list_objects_v2")
    config = {"MaxItems": 7, "PageSize": 5}
    first = pager.paginate(Bucket="pages", PaginationConfig=config)
    got = [item["Key"] for item in first.items()]
    assert got == keys[:7]
    theirs = s3.get_paginator("list_objects_v2").paginate(Bucket="pages", PaginationConfig=config)
    assert [o["Key"] for page in theirs for o in page.get("Contents", [])] == keys[:7]
    assert first.resume_token == theirs.resume_token  # the same token, byte for byte
    # botocore resumes waitable's listing, and waitable resumes botocore's
    rest = {"StartingToken": first.resume_token, "PageSize": 5}
    botocore_rest = s3.get_paginator("list_objects_v2").paginate(
        Bucket="pages", PaginationConfig=rest
    )
    assert [o["Key"] for page in botocore_rest for o in page.get("Contents", [])] == keys[7:]
    ours_rest = pager.paginate(
        Bucket="pages", PaginationConfig={"StartingToken": theirs.resume_token}
    )
    assert [item["Key"] for item in ours_rest.items()] == keys[7:]
    full = pager.paginate(Bucket="pages").build_full_result()
    expected = s3.get_paginator("list_objects_v2").paginate(Bucket="pages").build_full_result()
    assert full == expected


def test_dynamodb_scan_and_ec2_describe_instances(moto_url: str) -> None:
    dynamodb = boto3_client(moto_url, "dynamodb")
    make_table(dynamodb, "scanned")
    for i in range(12):
        dynamodb.put_item(TableName="scanned", Item={"k": {"S": f"item{i}"}})
    pager = waitable.for_client(dynamodb).get_paginator("Scan")
    full = pager.paginate(TableName="scanned", PaginationConfig={"PageSize": 5}).build_full_result()
    assert sorted(item["k"]["S"] for item in full["Items"]) == sorted(f"item{i}" for i in range(12))
    assert full["Count"] == 12  # counts add up across pages

    ec2 = boto3_client(moto_url, "ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.run_instances(ImageId=image, MinCount=3, MaxCount=3)
    ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2)
    reservations = list(
        waitable.for_client(ec2).get_paginator("DescribeInstances").paginate().items()
    )
    assert sum(len(r["Instances"]) for r in reservations) == 5
    searched = (
        waitable.for_client(ec2)
        .get_paginator("describe_instances")
        .paginate()
        .search("Reservations[].Instances[].InstanceId")
    )
    assert len(list(searched)) == 5


def test_aiobotocore_paginates_with_async_for(moto_url: str) -> None:
    s3 = boto3_client(moto_url, "s3")
    s3.create_bucket(Bucket="async-pages")
    for i in range(9):
        s3.put_object(Bucket="async-pages", Key=f"a{i}", Body=b"x")

    async def main() -> tuple[Any, ...]:
        async with aio_client(moto_url, "s3") as client:
            pager = waitable.for_client(client).get_async_paginator("ListObjectsV2")
            config = {"PageSize": 4}
            pages = [
                page async for page in pager.paginate(Bucket="async-pages", PaginationConfig=config)
            ]
            keys = [o["Key"] async for o in pager.paginate(Bucket="async-pages").items()]
            full = await pager.paginate(
                Bucket="async-pages", PaginationConfig={"MaxItems": 5}
            ).build_full_result()
            return len(pages), keys, len(full["Contents"]), "NextToken" in full

    assert asyncio.run(main()) == (3, [f"a{i}" for i in range(9)], 5, True)


def test_a_service_s_own_next_token_as_starting_token_as_in_botocore(moto_url: str) -> None:
    """boto3 code often passes a ``NextToken`` (here ``LastEvaluatedTableName``) from an
    earlier response as ``StartingToken``: botocore takes it, and so does waitable."""
    s3 = boto3_client(moto_url, "s3")
    s3.create_bucket(Bucket="raw-token")
    for i in range(9):
        s3.put_object(Bucket="raw-token", Key=f"k{i}", Body=b"x")
    first = s3.list_objects_v2(Bucket="raw-token", MaxKeys=4)
    raw = first["NextContinuationToken"]
    config = {"StartingToken": raw, "PageSize": 2}
    theirs = s3.get_paginator("list_objects_v2").paginate(
        Bucket="raw-token", PaginationConfig=config
    )
    ours = waitable.for_client(s3).get_paginator("list_objects_v2")
    listed = ours.paginate(Bucket="raw-token", PaginationConfig=config)
    expected = [o["Key"] for page in theirs for o in page.get("Contents", [])]
    assert expected == [f"k{i}" for i in range(4, 9)]
    assert [o["Key"] for o in listed.items()] == expected
