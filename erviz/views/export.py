"""Downloads: exactly what a page shows, in any format."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ..conf import get_config
from ..graphviz.client import DrawingFailed
from ..picture_cache import cached_render
from ..render import REGISTRY
from .errors import bad_request_page
from .history import requested_schema
from .pictures import diagram_options
from .scope import download_scope


@bad_request_page
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    format = REGISTRY.get(fmt)
    if format is None:
        raise Http404(f"No format {fmt[:20]!r}.")
    schema = requested_schema(request)
    scope = download_scope(schema, request.GET)
    page = diagram_options(
        scope.params.detail, scope.level, scope.marks, left_out=scope.left_out
    )
    # The download has the page's picture, without the page's links, in the
    # asked theme.
    options = replace(
        page,
        theme=scope.params.theme,
        model_href=None,
        app_href=None,
        time_budget=get_config()["EXPORT_TIME_BUDGET"],
    )
    try:
        data = cached_render(schema, scope.labels, fmt, options)
    except DrawingFailed as failure:
        message = _(
            "This picture could not be drawn in %(seconds)s seconds (%(reason)s). "
            "Draw it without a time limit with: manage.py erviz export"
        ) % {"seconds": options.time_budget, "reason": failure.reason}
        return HttpResponse(
            message, status=503, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(data, content_type=format.content_type)
    filename = f"{scope.filename}.{format.extensions[0]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
