"""Who may see what: the admin's own rules."""

from __future__ import annotations

from typing import Any


def may_view(user: Any, app_label: str, model_name: str) -> bool:
    """The admin's view rule: the view or the change permission."""
    return bool(
        user.has_perm(f"{app_label}.view_{model_name}")
        or user.has_perm(f"{app_label}.change_{model_name}")
    )
