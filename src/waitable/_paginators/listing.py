"""The state of one listing, free of I/O: what to ask for next, and when to stop.

``Listing.request`` is the next call's parameters; ``Listing.accept(page)`` takes the
page that call returned (cutting it in place where ``StartingToken`` or ``MaxItems``
say) and tells whether another call follows. The sync and async page iterators only
call the operation, so their pages cannot differ. The rules are botocore's, step for
step: resume tokens (encoded exactly as botocore encodes them), truncation and full
results come out the same.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .._core.fields import json_type
from .._core.text import TOO_DEEP, brief
from .._errors import ConfigError, PaginationError
from .definitions import PaginatorDefinition, set_path


class Listing:
    """One pass over a paginated operation's pages (see the module's docstring)."""

    __slots__ = (
        "definition",
        "max_items",
        "non_aggregate_part",
        "request",
        "resume_token",
        "_first",
        "_items",
        "_next_token",
        "_next_value",
        "_power",
        "_previous",
        "_single",
        "_steps",
        "_tortoise",
        "_skip",
        "_starting",
        "_total",
    )

    def __init__(
        self,
        definition: PaginatorDefinition,
        params: dict[str, Any],
        *,
        max_items: int | None = None,
        page_size: Any = None,
        starting_token: str | None = None,
    ) -> None:
        self.definition = definition
        self.max_items = max_items
        self.request = dict(params)
        """The parameters of the next call."""
        self.resume_token: str | None = None
        """Where a listing cut short by ``MaxItems`` resumes (``StartingToken``)."""
        self.non_aggregate_part: dict[str, Any] = {}
        self._next_token: dict[str, Any] = dict.fromkeys(definition.input_tokens)
        self._skip = 0  # items of the first page a StartingToken says were seen already
        self._starting = starting_token is not None
        self._first = True
        self._total = 0
        # a repeated token, in O(1) memory: the previous one (botocore's check) and
        # Brent's cycle finder (a saved token, saved anew at 1, 2, 4, 8... pages)
        self._previous: Any = None
        self._tortoise: Any = None
        self._steps = 0
        self._power = 1
        self._next_value: Any = None  # the one-token case keeps the value, not a dict
        self._items = definition._result_getters[0].function()
        # the usual listing, one token and no more_results: read in one step per page
        self._single = (
            definition._output_getters[0].function()
            if len(definition.input_tokens) == 1 and definition._more_getter is None
            else None
        )
        if starting_token is not None:
            token, self._skip = starting_point(starting_token, definition)
            self._next_token = token
            self._inject(token)
        if page_size is not None:
            self.request[definition.limit_key or ""] = page_size

    def accept(self, page: Any) -> bool:
        """Take the page the last request returned; True if another call follows."""
        definition = self.definition
        if self._first:
            self._first = False
            if self._starting:
                self._cut_start(page)
            self._keep_non_aggregate(page)
            skipped = self._skip
        else:
            skipped = 0
        items = self._items(page) or []
        if type(items) is not list and not isinstance(items, (list, str)):  # botocore: len()
            raise PaginationError(
                f"paginator {definition.name!r}: result key {definition.result_keys[0]!r} "
                f"holds {json_type(items)} {brief(items, 40)}, not a list"
            )
        count = len(items)
        if self.max_items is not None and self._total + count > self.max_items:
            keep = self.max_items - self._total
            _set(page, definition.result_keys[0], items[:keep], definition)
            token = self._token()
            token[TRUNCATE_AMOUNT] = keep + skipped
            self.resume_token = self._encode(token)
            return False
        self._total += count
        single = self._single
        if single is not None:  # the usual case, in one step
            value = single(page) or None
            if value is None:
                return False
            if self.max_items is not None and self._total == self.max_items:
                self.resume_token = self._encode({definition.input_tokens[0]: value})
                return False
            key = value if type(value) is str else self._comparable({"": value})
        else:
            token = self._token_of(page)
            if all(value is None for value in token.values()):
                return False
            if self.max_items is not None and self._total == self.max_items:
                self.resume_token = self._encode(token)
                return False
            key = self._comparable(token)
        if key == self._previous or key == self._tortoise:
            shown = token if single is None else {definition.input_tokens[0]: value}
            raise PaginationError(
                f"paginator {definition.name!r}: the service returned the same next token "
                f"twice ({brief(shown)}); stopping rather than listing forever"
            )
        self._previous = key
        self._steps += 1
        if self._steps == self._power:  # Brent: a cycle of any length comes round to it
            self._tortoise, self._power, self._steps = key, self._power * 2, 0
        if single is None:
            self._inject(token)
            self._next_token = token
            return True
        name = definition.input_tokens[0]
        if value != "None":
            self.request[name] = value
        else:
            self.request.pop(name, None)
        self._next_value = value
        return True

    def _token(self) -> dict[str, Any]:
        """The input tokens of the last request (a copy)."""
        if self._single is not None and self._next_value is not None:
            return {self.definition.input_tokens[0]: self._next_value}
        return dict(self._next_token)

    def _comparable(self, token: dict[str, Any]) -> Any:
        """The token as compared with earlier ones, to tell a repeated one: its items
        when every value is text, else its JSON text (NaN equals NaN there) in a tuple
        (a one-token listing compares a text token as it is)."""
        if all(type(value) is str for value in token.values()):
            return frozenset(token.items())
        try:
            return ("json", json.dumps(token, sort_keys=True, default=repr))
        except (ValueError, TypeError, RecursionError):  # circular, too deep, odd keys
            raise PaginationError(
                f"paginator {self.definition.name!r}: the service's next token "
                f"{brief(token, as_json=False)} is circular or nested too deeply to pass on"
            ) from None

    def _encode(self, token: dict[str, Any]) -> str:
        try:
            return encode(token)
        except (ValueError, TypeError, RecursionError):
            raise PaginationError(
                f"paginator {self.definition.name!r}: the resume token cannot hold the "
                f"service's next token {brief(token, as_json=False)}: circular or too deep"
            ) from None

    def _token_of(self, page: Any) -> dict[str, Any]:
        definition = self.definition
        if definition._more_getter is not None and not definition._more_getter(page):
            return {}
        return {
            name: get(page) or None
            for name, get in zip(definition.input_tokens, definition._output_getters)
        }

    def _inject(self, token: dict[str, Any]) -> None:
        for name, value in token.items():
            if value is not None and value != "None":
                self.request[name] = value
            else:
                self.request.pop(name, None)

    def _cut_start(self, page: Any) -> None:
        """Drop the first page's items a resume token says were seen; empty the other
        result keys, which were seen whole (numbers stay: they count the page)."""
        definition = self.definition
        items = definition._result_getters[0](page)
        cut = items[self._skip :] if isinstance(items, (list, str)) else None
        _set(page, definition.result_keys[0], cut, definition)
        for key, get in zip(definition.result_keys[1:], definition._result_getters[1:]):
            sample = get(page)
            empty: Any = None
            if isinstance(sample, list):
                empty = []
            elif isinstance(sample, str):
                empty = ""
            elif isinstance(sample, (int, float)):
                empty = sample
            _set(page, key, empty, definition)

    def _keep_non_aggregate(self, page: Any) -> None:
        definition = self.definition
        kept: dict[str, Any] = {}
        for key, get in zip(definition.non_aggregate_keys, definition._non_aggregate_getters):
            set_path(kept, key, get(page))
        self.non_aggregate_part = kept


def merge_page(result: dict[str, Any], page: Any, definition: PaginatorDefinition) -> None:
    """Add a page's results to a full result: lists extend, numbers and strings add up."""
    for key, get in zip(definition.result_keys, definition._result_getters):
        value = get(page)
        if value is None:
            continue
        existing = get(result)
        if existing is None:
            _set(result, key, list(value) if isinstance(value, list) else value, definition)
        elif isinstance(value, list) and isinstance(existing, list):
            existing.extend(value)
        elif isinstance(value, (list, int, float, str)):  # others are left out, as botocore
            try:
                _set(result, key, existing + value, definition)
            except TypeError:  # botocore: the TypeError itself
                raise PaginationError(
                    f"paginator {definition.name!r}: result key {key!r} holds "
                    f"{json_type(existing)} on one page and {json_type(value)} on another: "
                    "they do not merge"
                ) from None


def _set(data: Any, path: str, value: Any, definition: PaginatorDefinition) -> None:
    """``set_path`` in a page or a result; a ``PaginationError`` where the page holds
    something other than an object on the way."""
    try:
        set_path(data, path, value)
    except (AttributeError, TypeError):
        raise PaginationError(
            f"paginator {definition.name!r}: cannot set result key {path!r} in a page that "
            f"holds {brief(data, 60, as_json=False)}: not an object on the way"
        ) from None


def finish_result(result: dict[str, Any], listing: Listing) -> dict[str, Any]:
    """The non-aggregate keys merged in, and ``NextToken`` where the listing stopped."""
    _merge(result, listing.non_aggregate_part)
    if listing.resume_token is not None:
        result["NextToken"] = listing.resume_token
    return result


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, value in other.items():
        if isinstance(value, dict) and key in into:
            _merge(into[key], value)
        else:
            into[key] = value


ENCODED_KEYS = "boto_encoded_keys"
TRUNCATE_AMOUNT = "boto_truncate_amount"


def encode(token: dict[str, Any]) -> str:
    try:
        text = json.dumps(token)
    except (TypeError, UnicodeDecodeError):
        paths: list[list[Any]] = []
        plain = _bytes_to_text(token, [], paths)
        plain[ENCODED_KEYS] = paths
        text = json.dumps(plain)
    return base64.b64encode(text.encode("utf-8")).decode("utf-8")


def _bytes_to_text(data: Any, path: list[Any], paths: list[list[Any]]) -> Any:
    if isinstance(data, dict):
        return {key: _bytes_to_text(value, [*path, key], paths) for key, value in data.items()}
    if isinstance(data, list):
        return [_bytes_to_text(value, [*path, i], paths) for i, value in enumerate(data)]
    if isinstance(data, bytes):
        paths.append(path)
        return base64.b64encode(data).decode("utf-8")
    return data


def decode(token: str, where: str) -> dict[str, Any]:
    """The dict a resume token stands for; a ``ConfigError`` naming ``where`` if it is none."""
    data = _decoded(token)
    if data is None:
        raise ConfigError(f"{where}: StartingToken {_shown(token)!r} is not a resume token")
    return data


def _decoded(token: str) -> dict[str, Any] | None:
    """The dict a resume token stands for, or None if ``token`` is not one."""
    try:
        text = base64.b64decode(token.encode("utf-8"), validate=True).decode("utf-8")
    except (ValueError, binascii.Error):
        return None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ConfigError(f"StartingToken {_shown(token)!r}: {TOO_DEEP}") from None
    except ValueError:
        return None
    try:
        if not isinstance(data, dict):
            return None
        for path in data.pop(ENCODED_KEYS, ()):
            *parents, last = path
            holder = data
            for step in parents:
                holder = holder[step]
            holder[last] = base64.b64decode(holder[last].encode("utf-8"))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, AttributeError):
        return None
    return data


def _shown(token: str) -> str:
    return token if len(token) <= 40 else token[:37] + "..."


def starting_point(token: str, definition: PaginatorDefinition) -> tuple[dict[str, Any], int]:
    """Where ``StartingToken`` starts a listing: the input tokens of the first call, and
    how many of the first page's items were seen already.

    A resume token (``resume_token``, or botocore's) says both. Anything else is taken as
    botocore takes it: a service's own next token (``NextToken`` from an earlier
    response), or botocore's older ``TOKEN___TOKEN___SKIP``, parts in the order of the
    input tokens, ``None`` for none, missing parts None.
    """
    where = f"paginator {definition.name!r}: StartingToken"
    names = definition.input_tokens
    data = _decoded(token)
    if (
        data is not None
        and len(names) == 1
        and TRUNCATE_AMOUNT not in data
        and set(data) != set(names)
    ):
        data = None  # a service whose own tokens are base64 JSON: its token, as it is
    if data is None:
        parts, skip = token.split("___"), 0
        if len(parts) == len(names) + 1:
            try:
                skip = int(parts[-1])
                parts.pop()
            except ValueError:  # not a count: the whole string is a service's token
                parts = [token]
            if skip < 0:
                raise ConfigError(
                    f"{where} {_shown(token)!r}: the count of items already seen must be "
                    f">= 0, got {skip}"
                )
        if len(parts) > len(names):
            raise ConfigError(
                f"{where} {_shown(token)!r} is neither a resume token nor a token of this "
                f"paginator's input parameters ({', '.join(names)}): pass a service's next "
                "token alone"
            )
        values = [None if part == "None" else part for part in parts]
        data = dict(zip(names, values + [None] * (len(names) - len(values))))
    else:
        skip = data.pop(TRUNCATE_AMOUNT, 0)
        if set(data) != set(names):
            raise ConfigError(
                f"{where} holds {sorted(data)}, not this paginator's {list(names)}: it was "
                "made for another listing"
            )
        if type(skip) is not int or skip < 0:
            raise ConfigError(
                f"{where} {_shown(token)!r}: {TRUNCATE_AMOUNT} must be a whole number >= 0, "
                f"got {brief(skip)}"
            )
    return data, skip
