"""The URLs of a row's pages (related rows, delete preview).

A primary key can be any text Django allows, "/" and "?" included, so in a
URL it is escaped as the admin escapes it in its own change-form URLs
(:func:`django.contrib.admin.utils.quote`: "/" becomes "_2F", "_" "_5F"),
and read back with :func:`pk_from_url`. Every pk then has a URL, and the
admin's and erviz's URLs of a row agree.

A composite primary key (Django 5.2+, which the admin does not serve) is
written as its parts separated by commas, each escaped the same way (a comma
inside a part is "_2C"): ``hall,12``, in URLs and on the command line
(:func:`pk_text`, :func:`pk_from_text`).
"""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.admin.utils import quote, unquote
from django.db import models
from django.urls import NoReverseMatch, reverse

RowPage = Literal["related_rows", "delete_preview"]


def row_url(page: RowPage, label: str, pk: Any) -> str | None:
    """The path of the row's ``page``, or None where the project has not
    included erviz.urls."""
    try:
        return reverse(f"erviz:{page}", args=[label, quote(pk_text(pk))])
    except NoReverseMatch:
        return None


def pk_text(pk: Any) -> Any:
    """A composite key's parts as one text, ``hall,12``; any other key as
    it is."""
    if isinstance(pk, tuple):
        return ",".join(quote(str(part)) for part in pk)
    return pk


def pk_from_url(text: str, model: type[models.Model]) -> Any:
    """The primary key of ``model`` a row URL's last part stands for."""
    return pk_from_text(unquote(text), model)


def pk_from_text(text: str, model: type[models.Model]) -> Any:
    """The primary key of ``model`` that ``text`` (:func:`pk_text`) writes:
    a composite key's parts, any other key the text itself (for the
    database to read as the key's type)."""
    if getattr(model._meta, "is_composite_pk", False):
        return tuple(unquote(part) for part in text.split(","))
    return text
