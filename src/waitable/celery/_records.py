"""A wait's records in Redis: the fence (which hop message may run), the live state (what
that hop carries, and how it was sent) and the rescue index (when it is overdue).

The fence: ``FENCE_PREFIX + id`` holds ``hop:<hop>`` (the message allowed to run) or
``done:<hop>`` (the hop that ended the wait). A message (state, hop, previous hop) runs
when the record names its hop, or takes over when it names its previous hop (the
predecessor published it and died before moving the record on). Anything else drops
itself, so a wait never runs as two chains.

The rescue: a broker can lose a message outright. Redis's transport pops a message
(``BRPOP``) before the worker records it as unacknowledged, so a worker killed between the
two loses it for good (kombu #305, celery #4354). Each live wait's state is kept here,
with the time by which its hop should have run (``DUE_KEY``, scored in epoch seconds);
``rescue`` re-sends, under a new hop, every wait past that time, moving the fence first:
the lost message, should it come back after all, drops itself.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Optional

from celery import Celery

from .._errors import ConfigError

FENCE_PREFIX = "waitable:celery:fence:"
"""Redis keys of the fencing records, by wait id."""

LIVE_PREFIX = "waitable:celery:live:"
"""Redis hashes of live waits, by wait id: ``state`` (the live hop's) and ``send`` (the
``apply_async`` options it was started with, as JSON)."""

DUE_KEY = "waitable:celery:due"
"""The sorted set of live waits, scored by when a rescue may re-send them."""

DONE_TTL = 86_400
"""Seconds a finished wait's fencing record is kept (late duplicates drop themselves)."""

_BEGIN = """
if not redis.call('SET', KEYS[1], 'hop:' .. ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], 'state', ARGV[3], 'send', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
return 1
"""
_CLAIM = """
local v = redis.call('GET', KEYS[1])
if v == 'hop:' .. ARGV[1] then
  redis.call('ZADD', KEYS[3], 'XX', ARGV[5], ARGV[6])
  return v
end
if v == 'done:' .. ARGV[1] then return v end
if ARGV[2] ~= '' and (v == 'hop:' .. ARGV[2] or v == 'done:' .. ARGV[2]) then
  redis.call('SET', KEYS[1], 'hop:' .. ARGV[1], 'EX', ARGV[3])
  if redis.call('EXISTS', KEYS[2]) == 1 then
    redis.call('HSET', KEYS[2], 'state', ARGV[4])
    redis.call('EXPIRE', KEYS[2], ARGV[3])
    redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
  end
  return 'hop:' .. ARGV[1]
end
return false
"""
_SWAP = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if ARGV[4] == '' then
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[3], ARGV[6])
else
  redis.call('HSET', KEYS[2], 'state', ARGV[4])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
end
return 1
"""
# The rescue reads keys it computes (Redis Cluster would need them declared): the fence
# and live records of each overdue wait share the wait's id.
_RESCUE = """
local found = {}
local waits = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for i, wait in ipairs(waits) do
  local fence = ARGV[3] .. wait
  local v = redis.call('GET', fence)
  local live = redis.call('HMGET', ARGV[4] .. wait, 'state', 'send')
  if v and string.sub(v, 1, 4) == 'hop:' and live[1] then
    local hop = ARGV[5] .. i
    local ttl = redis.call('PTTL', fence)
    if ttl > 0 then
      redis.call('SET', fence, 'hop:' .. hop, 'PX', ttl)
    else
      redis.call('SET', fence, 'hop:' .. hop)
    end
    redis.call('ZADD', KEYS[1], ARGV[6], wait)
    table.insert(found, {wait, hop, string.sub(v, 5), live[1], live[2] or '{}'})
  else
    redis.call('ZREM', KEYS[1], wait)
  end
end
return found
"""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Records:
    """The Redis records of one app's waits."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._begin = client.register_script(_BEGIN)
        self._claim = client.register_script(_CLAIM)
        self._swap = client.register_script(_SWAP)
        self._rescue = client.register_script(_RESCUE)

    @staticmethod
    def _keys(wait: str) -> list[str]:
        return [FENCE_PREFIX + wait, LIVE_PREFIX + wait, DUE_KEY]

    def begin(self, wait: str, hop: str, ttl: int, state: str, send: str, rescue_at: float) -> bool:
        """Record the first hop; False when this wait id was already started."""
        args = [hop, ttl, state, send, rescue_at, wait]
        return bool(self._begin(keys=self._keys(wait), args=args))

    def claim(
        self, wait: str, hop: str, previous: str, ttl: int, state: str, rescue_at: float
    ) -> Optional[str]:
        """The fence's value when ``hop`` may run (taking over from ``previous``)."""
        args = [hop, previous, ttl, state, rescue_at, wait]
        found = self._claim(keys=self._keys(wait), args=args)
        return None if found is None else _text(found)

    def swap(
        self,
        wait: str,
        expected: str,
        value: str,
        ttl: int,
        state: str = "",
        rescue_at: float = 0.0,
    ) -> bool:
        """Move the fence from ``expected`` to ``value``; with a ``state``, the wait goes
        on with it (rescued after ``rescue_at``), else it has ended."""
        args = [expected, value, ttl, state, rescue_at, wait]
        return bool(self._swap(keys=self._keys(wait), args=args))

    def take_overdue(
        self, now: float, again_at: float, count: int
    ) -> list[tuple[str, str, str, str, dict[str, Any]]]:
        """Up to ``count`` waits overdue at ``now``, each moved to a new hop (rescued
        again after ``again_at`` unless it runs): (wait, new hop, lost hop, state,
        send options)."""
        token = uuid.uuid4().hex[:12] + "r"
        args = [now, count, FENCE_PREFIX, LIVE_PREFIX, token, again_at]
        rows = self._rescue(keys=[DUE_KEY], args=args) or []
        return [
            (_text(w), _text(h), _text(lost), _text(s), json.loads(_text(send)))
            for w, h, lost, s, send in rows
        ]

    def read(self, wait: str) -> Optional[str]:
        found = self.client.get(FENCE_PREFIX + wait)
        return None if found is None else _text(found)


def _redis_client(app: Celery) -> Any:
    """The result backend's Redis client, else one for a Redis broker."""
    client = getattr(app.backend, "client", None)
    if client is not None and callable(getattr(client, "register_script", None)):
        return client
    url = app.conf.broker_url or ""
    if isinstance(url, str) and url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        return redis.Redis.from_url(url)
    raise ConfigError(
        "waitable.celery keeps its fencing records in Redis: use a Redis result backend or "
        "broker, or give register(app, fence=redis.Redis(...))"
    )


_records: dict[int, Records] = {}


def records(app: Celery, client: Any = None) -> Records:
    """``app``'s records (on ``client`` when given: it replaces the default)."""
    found = _records.get(id(app))
    if found is None or client is not None:
        found = _records[id(app)] = Records(client if client is not None else _redis_client(app))
    return found
