"""The URLs of a row's pages (related rows, delete preview).

A primary key can be any text Django allows, "/" and "?" included, so in a
URL it is escaped as the admin escapes it in its own change-form URLs
(:func:`django.contrib.admin.utils.quote`: "/" becomes "_2F", "_" "_5F"),
and read back with :func:`pk_from_url`. Every pk then has a URL, and the
admin's and erviz's URLs of a row agree.
"""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.admin.utils import quote, unquote
from django.urls import NoReverseMatch, reverse

RowPage = Literal["related_rows", "delete_preview"]


def row_url(page: RowPage, label: str, pk: Any) -> str | None:
    """The path of the row's ``page``, or None where the project has not
    included erviz.urls."""
    try:
        return reverse(f"erviz:{page}", args=[label, quote(pk)])
    except NoReverseMatch:
        return None


def pk_from_url(text: str) -> str:
    """The primary key a row URL's last part stands for."""
    return unquote(text)
