"""Reading a view's query string: every value checked, every error a 400."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from ..conf import get_config
from ..render.options import DETAILS, THEMES, Detail, Theme
from ..schema.named_views import VIEW_NAME
from ..schema.select import DIRECTIONS, Direction

#: A whole number as Django writes one: ASCII digits, no sign, no leading 0.
_WHOLE = re.compile(r"[1-9][0-9]*")
#: A migration as ``migrate`` names one: an app label and a migration's name
#: (or a prefix of it, or "zero"), both identifiers as Python reads them.
_MIGRATION = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}\.[A-Za-z0-9_]{1,100}")


class InvalidParameter(ValueError):
    """A query parameter the view cannot use; the message says why."""


@dataclass(frozen=True)
class ViewParams:
    depth: int
    direction: Direction
    detail: Detail
    theme: Theme
    #: A model whose panel is open (deep links restore it).
    panel: str | None
    #: A relation (``app.Model.field``) whose panel is open instead.
    relation: str | None = None
    #: The migration whose schema the page draws (``app.migration``), or
    #: None for the models as they are.
    at: str | None = None
    #: The named view (``ERVIZ["VIEWS"]``) an overview draws.
    view: str | None = None

    def query(self, **changes: object) -> str:
        """This view's query string, with ``changes``; defaults are left out."""
        values = {
            "depth": self.depth,
            "direction": self.direction,
            "fields": self.detail,
            "panel": self.panel,
            "relation": self.relation,
            "at": self.at,
            "view": self.view,
            **changes,
        }
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value is not None:
                query[key] = str(value)
        return query.urlencode()


def parse(data: QueryDict, default_detail: Detail = "all") -> ViewParams:
    return ViewParams(
        depth=_depth(data.get("depth", "1")),
        direction=cast(
            Direction, _choice(data, "direction", DIRECTIONS, default="both")
        ),
        detail=cast(Detail, _choice(data, "fields", DETAILS, default=default_detail)),
        theme=cast(
            Theme,
            _choice(data, "theme", THEMES, default=get_config()["DEFAULT_THEME"]),
        ),
        panel=data.get("panel") or None,
        relation=data.get("relation") or None,
        at=migration(data.get("at", "")) or None,
        view=_view_name(data.get("view", "")) or None,
    )


def _view_name(text: str) -> str:
    if text and not VIEW_NAME.fullmatch(text):
        raise InvalidParameter(
            _("view must name one of the project's views, not %(value)s.")
            % {"value": repr(text[:40])}
        )
    return text


def at_suffix(at: str | None) -> str:
    """The query string that keeps a page's migration on its links."""
    return "?" + urlencode({"at": at}) if at else ""


def migration(text: str) -> str:
    """``text`` where it can name a migration (``app.0007`` or ``app.0007_x``,
    ``app.zero``), else :class:`InvalidParameter`; "" stays "" (none)."""
    if text and not _MIGRATION.fullmatch(text):
        raise InvalidParameter(
            _("at must name a migration as APP_LABEL.MIGRATION, not %(value)s.")
            % {"value": repr(text[:40])}
        )
    return text


def _depth(text: str) -> int:
    return whole_number("depth", text, get_config()["MAX_DEPTH"])


def whole_number(name: str, text: str, maximum: int) -> int:
    """A number written as Django would write it: 1 to ``maximum``, plain
    digits with no leading zero; the length is checked first, so no int()
    of a 5,000-digit string either."""
    if (
        len(text) > len(str(maximum))
        or not _WHOLE.fullmatch(text)
        or int(text) > maximum
    ):
        raise InvalidParameter(
            _("%(name)s must be a whole number from 1 to %(maximum)s, not %(value)s.")
            % {"name": name, "maximum": maximum, "value": repr(text[:20])}
        )
    return int(text)


def _choice(data: QueryDict, name: str, choices: tuple[str, ...], default: str) -> str:
    value = data.get(name, default)
    if value not in choices:
        raise InvalidParameter(
            _("%(name)s must be one of %(choices)s, not %(value)s.")
            % {"name": name, "choices": ", ".join(choices), "value": repr(value[:20])}
        )
    return value
