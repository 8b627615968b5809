"""Pictures over their budget, made so by the estimate alone."""

from __future__ import annotations

import pytest

from erviz.render import fallback

#: A budget long enough for any simpler picture of the test project, on the
#: busiest machine.
BUDGET = 5.0


def estimated_as_twice_the_budget(
    monkeypatch: pytest.MonkeyPatch, seconds: float
) -> float:
    """Scale erviz's own cost estimate so that the asked picture, estimated
    at ``seconds``, is said to need twice what the budget allows, while the
    budget stays seconds long: which picture is drawn then depends on the
    estimate alone, never on how busy the machine is. Returns the budget."""
    factor = 2 * BUDGET * fallback.SHARE / seconds
    monkeypatch.setattr(fallback, "SCALE", fallback.SCALE * factor)
    monkeypatch.setattr(fallback, "APP_MAP_SCALE", fallback.APP_MAP_SCALE * factor)
    return BUDGET
