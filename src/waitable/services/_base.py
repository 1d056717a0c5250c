"""``Service``: the base class of a built-in service, the extension point.

A service is one subclass (in its own module of ``waitable.services``) plus one waiter
file, ``waiters/<name>.json``. Its members are class attributes and methods, so that
``mypy --strict`` checks their types; a public name the base does not define (a typo:
``parameter_check``) is a ``TypeError`` when the module is imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, ClassVar, final

from .._core.resources import bundled_file
from .._load import Model, load

Check = Callable[[Any], str]
"""A parameter check: ``""`` for a good value, else what the parameter takes."""


class Service:
    """A built-in service: the client it makes, its bundled waiters, and what the command
    needs to know of it. Override these members in a subclass:

    * ``name``, ``summary`` (class attributes): the name the command and
      ``waiters/<name>.json`` use; a few words for a listing.
    * ``client()``: a new client, whose methods are the operations (``request`` is
      ``Request``).
    * ``parameter_checks``: parameter name -> check of a ``-p`` value, run before the
      first call; a check returns ``""`` or what the parameter takes.
    * ``acceptor_parameters``: parameters only the bundled acceptors read
      (``input.Status``), and their types; ``Optional[...]`` ones may be left out.
    * ``requires``: ``(package, install hint)`` of an optional driver, or None.
    * ``retry_after(response)``: the seconds a response asks before the next call
      (HTTP's ``Retry-After``), or None; only a service that overrides it is asked.
    * ``describe_result(response)``: a few words on a response that is not an error,
      for a progress line (``HTTP 503``, ``exit 1``).
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    parameter_checks: ClassVar[Mapping[str, Check]] = {}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {}
    requires: ClassVar[tuple[str, str] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = sorted(k for k in vars(cls) if not k.startswith("_") and k not in _MEMBERS)
        if unknown:
            raise TypeError(
                f"{cls.__name__}: {', '.join(unknown)} is not a member of Service "
                f"(members: {', '.join(sorted(_MEMBERS))}; helpers start with _)"
            )

    def client(self) -> Any:
        """A new client of this service."""
        raise NotImplementedError(f"{type(self).__name__} makes no client")

    def retry_after(self, response: Any) -> float | None:
        """The seconds ``response`` asks the next call to wait, or None (no advice)."""
        return None

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """A few words on a response that is not an error, for a progress line."""
        return ""

    @final
    def waiters(self) -> Model:
        """The bundled waiters, loaded from ``waiters/{name}.json``."""
        return load(bundled_file(f"{self.name}.json"))

    @final
    def missing(self) -> str:
        """What to install for this service (its driver), or ``""`` when it is there."""
        if self.requires is None:
            return ""
        from . import _responses

        package, hint = self.requires
        return "" if _responses.installed(package) else hint

    @final
    def retry_after_hook(self) -> Callable[[Any], float | None] | None:
        """``retry_after`` for a waiter's ``retry_after=``: None unless this service
        overrides it (a waiter then adds no strategy for it)."""
        honours = type(self).retry_after is not Service.retry_after
        return self.retry_after if honours else None

    @final
    def describe_response(self, response: Any) -> str:
        """A few words on a response for a progress line (``HTTP 503``, ``exit 1``); an
        error response is its code."""
        if not isinstance(response, Mapping):
            return ""
        error = response.get("Error")
        if isinstance(error, Mapping):
            return str(error.get("Code"))
        return self.describe_result(response)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


_MEMBERS = frozenset(k for k in (*vars(Service), *Service.__annotations__) if k[0] != "_")
