"""erviz inside the admin: the dashboard entry and the per-model links."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.test import RequestFactory

from demo_models.models import Author, Book
from tests.factories import create_book

pytestmark = pytest.mark.django_db


def test_the_admin_index_links_to_the_overview_with_counts(admin_client, schema):
    html = admin_client.get("/admin/").content.decode()
    assert 'id="erviz-dashboard-entry"' in html
    assert 'href="/admin/erviz/"' in html
    assert "Relationships of " in html and " models in " in html


def test_changelists_and_change_forms_link_to_the_model_view(admin_client):
    book = create_book()
    link = 'href="/admin/erviz/models/demo_models.Book/" class="erviz-relationships"'
    assert link in admin_client.get("/admin/demo_models/book/").content.decode()
    change = admin_client.get(f"/admin/demo_models/book/{book.pk}/change/")
    assert link in change.content.decode()
    preview = (
        f'href="/admin/erviz/models/demo_models.Book/rows/{book.pk}/delete-preview/"'
    )
    assert preview in change.content.decode()


def test_links_only_for_users_who_may_view_the_model():
    user = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_author"))
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    template = Template("{% load erviz %}{% erviz_object_tools opts %}")

    def render(model):
        return template.render(Context({"request": request, "opts": model._meta}))

    assert "erviz-relationships" in render(Author)
    assert render(Book) == ""


def test_links_follow_a_model_admins_own_view_rule(monkeypatch):
    """A ModelAdmin may open a model to every staff user, or close it."""
    user = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_author"))
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(pk=user.pk)
    template = Template("{% load erviz %}{% erviz_object_tools opts %}")

    def render(model):
        return template.render(Context({"request": request, "opts": model._meta}))

    monkeypatch.setattr(
        admin.site._registry[Book], "has_view_permission", lambda r, obj=None: True
    )
    monkeypatch.setattr(
        admin.site._registry[Author], "has_view_permission", lambda r, obj=None: False
    )
    assert "erviz-relationships" in render(Book)
    assert render(Author) == ""
