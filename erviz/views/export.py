"""Downloads: exactly what a page shows, in any format."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse

from ..picture_cache import cached_render
from ..render import REGISTRY
from ..visibility import visible_schema
from .explorer import bad_request_page, diagram_options
from .scope import download_scope


@bad_request_page
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    format = REGISTRY.get(fmt)
    if format is None:
        raise Http404(f"No format {fmt[:20]!r}.")
    schema = visible_schema(request)
    scope = download_scope(schema, request.GET)
    page = diagram_options(scope.params.detail, scope.level, scope.marks)
    # The download has the page's picture, without the page's links, in the
    # asked theme.
    options = replace(
        page,
        theme=scope.params.theme,
        model_href=None,
        app_href=None,
    )
    data = cached_render(schema, scope.labels, fmt, options)
    response = HttpResponse(data, content_type=format.content_type)
    filename = f"{scope.filename}.{format.extensions[0]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
