"""Compiled, immutable waiter definitions: plain records, not yet bound to a client.

Both formats compile to these: ``Acceptor`` (a state and a matcher) and
``WaiterDefinition`` (an operation, its timing and its acceptors).
"""

from __future__ import annotations

from .._core.frozen import Frozen, set_field
from .._core.paths import getter
from .._core.text import seconds

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    from .matchers import Matcher


class Acceptor(Frozen):
    """One acceptor: when ``matcher`` matches, the wait moves to ``state``."""

    __slots__ = ("index", "state", "matcher", "message", "_message")

    index: int
    """Position in the waiter's ``acceptors`` list, counting from 0."""
    state: str
    """``success``, ``failure`` or ``retry``."""
    matcher: Matcher
    message: str | None
    """Smithy: a JMESPath over the response whose value becomes the failure reason."""
    _message: Callable[[Any], Any] | None

    def __init__(
        self, index: int, state: str, matcher: Matcher, message: str | None = None
    ) -> None:
        set_field(self, "index", index)
        set_field(self, "state", state)
        set_field(self, "matcher", matcher)
        set_field(self, "message", message)
        set_field(self, "_message", None if message is None else getter(message))

    def reason(self, response: Any) -> str:
        """What a failure here says: the ``message`` value, else botocore's explanation."""
        if self._message is not None:
            found = self._message(response)
            if found is not None:
                if isinstance(found, str):
                    return found
                import json

                return json.dumps(found, default=repr)
        return self.explanation

    @property
    def explanation(self) -> str:
        """botocore's wording, used in ``WaiterError`` reasons."""
        return self.matcher.explanation

    def describe(self) -> str:
        return f"{self.state} when {self.matcher.describe()}"


class WaiterDefinition(Frozen):
    """A validated, compiled waiter, not yet bound to a client.

    botocore's format gives ``delay`` and ``max_attempts``; Smithy's gives ``min_delay``
    and ``max_delay`` (jittered backoff) and no attempt limit (``max_attempts`` None):
    the caller's ``MaxWaitTime`` ends it.
    """

    __slots__ = (
        "name",
        "operation",
        "delay",
        "max_attempts",
        "description",
        "acceptors",
        "min_delay",
        "max_delay",
        "deprecated",
        "tags",
        "style",
    )

    name: str
    operation: str
    delay: float
    max_attempts: int | None
    description: str
    acceptors: tuple[Acceptor, ...]
    min_delay: float | None
    max_delay: float | None
    deprecated: bool
    tags: tuple[str, ...]
    style: str
    """``botocore`` or ``smithy``: the format it came from."""

    def __init__(
        self,
        name: str,
        operation: str,
        delay: float,
        max_attempts: int | None,
        description: str,
        acceptors: tuple[Acceptor, ...],
        *,
        min_delay: float | None = None,
        max_delay: float | None = None,
        deprecated: bool = False,
        tags: tuple[str, ...] = (),
        style: str = "botocore",
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "operation", operation)
        set_field(self, "delay", delay)
        set_field(self, "max_attempts", max_attempts)
        set_field(self, "description", description)
        set_field(self, "acceptors", acceptors)
        set_field(self, "min_delay", min_delay)
        set_field(self, "max_delay", max_delay)
        set_field(self, "deprecated", deprecated)
        set_field(self, "tags", tags)
        set_field(self, "style", style)

    def with_acceptors(self, extra: tuple[Acceptor, ...]) -> WaiterDefinition:
        """This definition with ``extra`` acceptors after its own (every other field as
        it is, whatever fields there are)."""
        made: WaiterDefinition = object.__new__(WaiterDefinition)
        for name in self._fields:
            set_field(made, name, getattr(self, name))
        set_field(made, "acceptors", self.acceptors + extra)
        return made

    def inverted(self) -> WaiterDefinition:
        """This waiter turned round: it waits for its condition to stop holding. A call
        its success acceptors accept now retries; one it would retry (a retry acceptor,
        or a response nothing matched) now succeeds. Failure acceptors still fail, and an
        error response no acceptor expects still fails the wait: a wrong password says
        nothing of whether a database is gone."""
        from .matchers import SuccessMatcher

        swap = {"success": "retry", "retry": "success", "failure": "failure"}
        turned = tuple(
            Acceptor(a.index, swap[a.state], a.matcher, a.message) for a in self.acceptors
        )
        otherwise = Acceptor(len(turned), "success", SuccessMatcher(True))  # would have retried
        made: WaiterDefinition = object.__new__(WaiterDefinition)
        for name in self._fields:
            set_field(made, name, getattr(self, name))
        set_field(made, "acceptors", (*turned, otherwise))
        set_field(made, "description", f"Inverted: {self.description}".strip())
        return made

    @property
    def error_names(self) -> frozenset[str]:
        """Codes named by ``error`` / ``errorType`` acceptors: raised exceptions of these
        classes (or subclasses) are handled as error responses; ``"*"`` when a Smithy
        ``success: false`` acceptor takes any error. (botocore's ``error: true`` means an
        error response; a plain exception still propagates, as in botocore.)"""
        names = (acceptor.matcher.error_name for acceptor in self.acceptors)
        return frozenset(name for name in names if name is not None)

    @property
    def inputs(self) -> frozenset[str]:
        """The wait's parameters that ``inputOutput`` acceptors read (``input.X``)."""
        names: frozenset[str] = frozenset()
        for acceptor in self.acceptors:
            names |= acceptor.matcher.inputs
        return names

    @property
    def needs_deadline(self) -> bool:
        """Whether every wait must be given ``MaxWaitTime``, whatever its attempt limit:
        Smithy says "the caller MUST provide" one."""
        return self.style == "smithy"

    @property
    def longest_wait(self) -> float | None:
        """Seconds of sleeping when every attempt retries (None: the caller's deadline)."""
        if self.max_attempts is None:
            return None
        if self.min_delay is not None or self.max_delay is not None:
            return None  # jittered backoff: bounded by the caller's MaxWaitTime
        return (self.max_attempts - 1) * self.delay

    def describe(self, deadline: str = "the caller's MaxWaitTime") -> str:
        """The waiter in words: operation, acceptors, delay and the longest wait;
        ``deadline`` names what ends a waiter without an attempt limit."""
        if self.min_delay is not None and self.max_delay is not None:
            every = (
                f"with jittered backoff from {seconds(self.min_delay)} to {seconds(self.max_delay)}"
            )
        else:
            every = f"every {seconds(self.delay)}"
        if self.max_attempts is None:
            limit = f"until {deadline}."
        elif self.longest_wait is None:
            limit = f"at most {self.max_attempts} times."
        else:
            limit = (
                f"at most {self.max_attempts} times "
                f"(up to {seconds(self.longest_wait)} of sleeping)."
            )
        lines = [f"{self.name}: calls {self.operation} {every}, {limit}"]
        if self.deprecated:
            lines.append("Deprecated.")
        if self.description:
            lines.append(self.description)
        lines.append("Acceptors, first match wins:")
        lines.extend(f"  {a.index}. {a.describe()}" for a in self.acceptors)
        lines.append("Otherwise an error response fails at once and any other response retries.")
        return "\n".join(lines)
