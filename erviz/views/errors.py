"""The pages' answers to what they cannot serve: a 400 page that says
which part of the query string is wrong, a 503 page that names the
database that did not answer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..rows.database import (
    DatabaseFault,
)
from ..site import render_page
from .params import InvalidParameter

View = Callable[..., HttpResponse]


def bad_request_page(view: View) -> View:
    """Answer an unusable query string with a 400 page that says why, and a
    database that did not answer with a 503 page that says so."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidParameter as error:
            return error_page(request, _("Bad request"), str(error), 400)
        except DatabaseFault as fault:
            message = _(
                "The database %(database)s did not answer (%(error)s): a table "
                "may be missing (has migrate run?) or the connection is down. "
                "Nothing was changed."
            ) % {"database": fault.using, "error": fault.kind}
            return error_page(request, _("The database did not answer"), message, 503)

    return wrapper


def error_page(
    request: HttpRequest, title: str, message: str, status: int
) -> TemplateResponse:
    return render_page(
        request, "erviz/bad_request.html", title, {"message": message}, status
    )
