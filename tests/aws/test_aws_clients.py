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
