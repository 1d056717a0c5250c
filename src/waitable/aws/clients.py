"""Making a boto3 client from command-line options, and what the command needs to know
about AWS responses and errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.text import did_you_mean
from .._errors import UnknownServiceError

INSTALL_HINT = "AWS services need botocore: pip install 'waitable[aws]'"


def service_model(client: Any) -> Any:
    """``client.meta.service_model`` for a botocore (boto3, aiobotocore) client, else None."""
    return getattr(getattr(client, "meta", None), "service_model", None)


def make_client(
    service: str,
    *,
    region: str | None = None,
    profile: str | None = None,
    endpoint_url: str | None = None,
) -> Any:
    """A client for ``service`` through botocore's session, the credential chain boto3
    uses (environment, profiles, SSO, instance roles), without importing boto3.

    An unknown service is an ``UnknownServiceError`` naming close ones; without botocore,
    an ``ImportError`` saying what to install.
    """
    try:
        import botocore.session
        from botocore.exceptions import UnknownServiceError as NoSuchService
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    session = botocore.session.Session(profile=profile)
    try:
        return session.create_client(
            service,
            # Listing and showing need no region: without one configured, us-east-1.
            region_name=region or session.get_config_variable("region") or "us-east-1",
            endpoint_url=endpoint_url,
        )
    except NoSuchService:
        names = session.get_available_services()
        raise UnknownServiceError(
            f"no service named {service!r}{did_you_mean(service, names)}", names
        ) from None


def describe_response(response: Any) -> str:
    """``HTTP 200``, or an error response's code: for a progress line."""
    if not isinstance(response, Mapping):
        return ""
    error = response.get("Error")
    if isinstance(error, Mapping):
        return str(error.get("Code"))
    metadata = response.get("ResponseMetadata")
    if isinstance(metadata, Mapping) and "HTTPStatusCode" in metadata:
        return f"HTTP {metadata['HTTPStatusCode']}"
    return ""


def required_parameters(client: Any, operation: str) -> set[str] | None:
    """The required input members of a botocore client's ``operation``, or None for a
    client that is not a botocore client."""
    model = getattr(getattr(client, "meta", None), "service_model", None)
    if model is None or operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    return set() if shape is None else set(shape.required_members)


def is_bad_input(exc: BaseException) -> bool | None:
    """For an error botocore raised outside any service response: True when the caller's
    input or setup is at fault (parameters, credentials, region, profile), False for
    other botocore errors (a connection failure), None for anything else."""
    try:
        from botocore import exceptions
    except ImportError:
        return None
    if not isinstance(exc, exceptions.BotoCoreError):
        return None
    return isinstance(
        exc,
        (
            exceptions.ParamValidationError,
            exceptions.NoCredentialsError,
            exceptions.PartialCredentialsError,
            exceptions.NoRegionError,
            exceptions.ProfileNotFound,
        ),
    )
