"""How the command's AWS calls are cut to a deadline: pure arithmetic, no server."""

from __future__ import annotations

import pytest

from waitable.aws.clients import BACKOFF, FULL_TIMEOUT, call_budget


@pytest.mark.parametrize("left", [0.0, 0.01, 1, 3, 17.9, 18, 18.1, 50, 182.9, 183, 184, 3600])
def test_a_call_with_every_try_and_backoff_ends_within_the_time_left(left: float) -> None:
    timeout, tries = call_budget(left)
    worst = tries * timeout + (BACKOFF if tries > 1 else 0)
    assert worst <= max(left, 0.05) + 1e-9
    assert timeout <= FULL_TIMEOUT or tries == 1


def test_botocore_s_own_budget_while_it_fits_then_one_try_with_all_the_time() -> None:
    assert call_budget(3600) == (FULL_TIMEOUT, 3)
    assert call_budget(3) == (3, 1)  # too short to share: one try gets all of it


def test_a_deadline_client_is_made_again_rarely_and_each_is_closed() -> None:
    # every call once made a new client (a new TLS connection) in the last 183 s of a
    # wait, and the last one was never closed (review)
    from waitable._cli.targets import AwsDeadline

    class Client:
        def __init__(self, config: object = None) -> None:
            self.config, self.closed = config, False
            self.meta = type("Meta", (), {"method_to_api_mapping": {"describe": "Describe"}})

        def describe(self) -> str:
            return "ok"

        def close(self) -> None:
            self.closed = True

    made: list[Client] = []

    def make(config: object) -> Client:
        made.append(Client(config))
        return made[-1]

    now = [0.0]
    base = Client()
    deadline = AwsDeadline(base, 120.0, make, clock=lambda: now[0])
    for _ in range(240):  # a call every half second for the whole two minutes
        assert deadline.describe() == "ok"
        now[0] += 0.5
    assert len(made) <= 40  # a power of 1.25 at a time, not 240
    assert all(client.closed for client in made[:-1])
    deadline.close()
    assert made[-1].closed
    assert base.closed
