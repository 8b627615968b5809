"""Downloads: exactly what a page shows, in any format."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse

from ..cascade.plan import plan_cascade
from ..render import REGISTRY
from ..render.cache import cached_render
from ..schema.select import SelectionError, neighbourhood, select
from ..visibility import visible_schema
from .explorer import bad_request_page, diagram_options, model_or_404
from .params import InvalidParameter, parse


@bad_request_page
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    format = REGISTRY.get(fmt)
    if format is None:
        raise Http404(f"No format {fmt[:20]!r}.")
    schema = visible_schema(request)
    query = request.GET
    app, model, cascade = query.get("app"), query.get("model"), query.get("cascade")
    level = query.get("level", "models")
    if level not in ("apps", "models"):
        raise InvalidParameter(f"level must be apps or models, not {level[:20]!r}.")
    params = parse(query, default_detail="keys" if not model else "all")
    if cascade:
        label = model_or_404(schema, cascade).label
        labels = plan_cascade(schema, label).reached
        name = f"{label}-cascade"
    elif model:
        label = model_or_404(schema, model).label
        labels = neighbourhood(schema, label, params.depth, params.direction)
        name = label
    elif app:
        try:
            labels = select(schema, app_labels=[app])
        except SelectionError as error:
            raise Http404(str(error)) from error
        name = app
    else:
        labels = select(schema)
        name = "models" if level == "models" else "apps"
    page = diagram_options(params.detail, level)
    # The download has the page's picture, without the page's links, in the
    # asked theme.
    options = replace(page, theme=params.theme, model_href=None, app_href=None)
    data = cached_render(schema, labels, fmt, options)
    response = HttpResponse(data, content_type=format.content_type)
    filename = f"erviz-{name}.{format.extensions[0]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
