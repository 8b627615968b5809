"""Template tags: the cascade tree's words, and erviz's entries in the admin
(the dashboard module and the per-model object-tools)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import may_view, staff_user
from ..row_urls import row_url
from ..schema.cascade_plan import CascadeNode
from ..schema.cascade_report import describe
from ..visibility import visible_schema

register = template.Library()


@register.filter
def code_breaks(code: str) -> SafeString:
    """``code`` escaped, with a line-break opportunity after each dot, comma,
    opening parenthesis and lookup separator (``__``), so that a narrow
    panel wraps a snippet between its parts, never inside a name
    (``prefetch_related("authorbo`` / ``ok_set")`` was the alternative)."""
    escaped = str(conditional_escape(code))
    return mark_safe(re.sub(r"([.,(]|__)", r"\1<wbr>", escaped))


@register.filter
def name_breaks(name: str) -> SafeString:
    """A Python name escaped, with a line-break opportunity after each
    underscore and between the parts of a CamelCase name
    (``publication_<wbr>date``, ``PositiveInteger<wbr>Field``): a narrow
    table wraps it where a reader sees a seam, not inside a word."""
    escaped = str(conditional_escape(name))
    return mark_safe(re.sub(r"(_+|(?<=[a-z0-9])(?=[A-Z]))", r"\1<wbr>", escaped))


@register.filter
def count(number: int | None) -> str:
    """A count in the active language's digits and thousand separators
    ("200,000", "200.000"), whatever USE_THOUSAND_SEPARATOR says."""
    return "" if number is None else number_format(number, force_grouping=True)


@register.filter
def cascade_effect(node: CascadeNode) -> str:
    """What happens to a cascade node's rows, in words."""
    return describe(node)


def _url(name: str, *args: str) -> str | None:
    """erviz's URL, or None where the project has not included erviz.urls
    (the system check erviz.W020 says so; the admin keeps working)."""
    try:
        return reverse(f"erviz:{name}", args=args)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def erviz_dashboard_entry(context: template.Context) -> str:
    request = context.get("request")
    url = _url("overview")
    if url is None or request is None or staff_user(request) is None:
        return ""
    schema = visible_schema(request)
    models, apps = len(schema.project_models), len(schema.project_apps)
    return render_to_string(
        "erviz/_dashboard_entry.html",
        {
            "url": url,
            "relationships": _("Relationships of %(models)s in %(apps)s")
            % {
                "models": ngettext("%d model", "%d models", models) % models,
                "apps": ngettext("%d app", "%d apps", apps) % apps,
            },
        },
    )


@register.simple_tag(takes_context=True)
def erviz_object_tools(
    context: template.Context, opts: Any, original: Any = None
) -> str:
    """A "Relationships" object-tool for users who may view the model, and on
    a change form "Related rows" and "Preview delete" for the row."""
    request = context.get("request")
    if request is None or opts is None:
        return ""
    url = _url("model", opts.label)
    if url is None or not may_view(request, opts.label):
        return ""
    tools = format_html(
        '<li><a href="{}" class="erviz-relationships">{}</a></li>',
        url,
        _("Relationships"),
    )
    if original is not None and original.pk is not None:
        rows = row_url("related_rows", opts.label, original.pk)
        tools += format_html(
            '<li><a href="{}" class="erviz-related-rows">{}</a></li>',
            rows,
            _("Related rows"),
        )
        preview = row_url("delete_preview", opts.label, original.pk)
        tools += format_html(
            '<li><a href="{}" class="erviz-delete-preview">{}</a></li>',
            preview,
            _("Preview delete"),
        )
    return tools
