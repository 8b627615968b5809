from __future__ import annotations

from django import template

from ..cascade.plan import CascadeNode
from ..cascade.report import describe

register = template.Library()


@register.filter
def cascade_effect(node: CascadeNode) -> str:
    """What happens to a cascade node's rows, in words."""
    return describe(node)
