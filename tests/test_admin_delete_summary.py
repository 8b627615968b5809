"""The fast delete confirmation keeps Django's outcome exactly.

For single rows (the change form's "Delete") and querysets ("Delete
selected"), on the seeded demo and on random data, as users with and without
delete permissions on the related models, the summary's refusal (protected
or restricted, missing permissions) and counts equal Django's own
``get_deleted_objects()``; through the admin itself, confirming leaves the
same rows as the stock pages do.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_models import models as demo
from erviz.admin import DeleteSummaryMixin
from erviz.admin.summary import summarise_deletion
from tests.test_cascade_property import build

pytestmark = pytest.mark.django_db

DEMO = "demo_models"
#: The test project's URLs with Django's own admin site, and with the same
#: site summarised by erviz (tests/summary_urls.py).
STOCK_URLS = "demo_models.urls"
SUMMARY_URLS = "tests.summary_urls"


def staff(name: str, withheld: Collection[str] = ()) -> Any:
    """A staff user with every demo permission but the delete permissions of
    the models named in ``withheld``."""
    user = get_user_model().objects.create_user(name, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label=DEMO).exclude(
            codename__in=[f"delete_{model}" for model in withheld]
        )
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def demo_model_names() -> list[str]:
    return sorted(
        str(model._meta.model_name) for model in apps.get_app_config(DEMO).get_models()
    )


def outcome(result: Any) -> dict[str, Any]:
    """What decides the page: refused (and why), and what would go."""
    _listing, model_count, perms_needed, protected = result
    return {
        "protected": bool(protected),
        "perms_needed": sorted(str(name) for name in perms_needed),
        "model_count": None
        if protected
        else {str(name): count for name, count in model_count.items()},
    }


def compare(objs: Any, user: Any) -> bool:
    """Assert the summary's outcome is Django's; whether it was used (it
    leaves custom on_delete handlers to Django's collection)."""
    model = objs.model if hasattr(objs, "model") else type(objs[0])
    request = RequestFactory().get("/")
    request.user = user
    stock = ModelAdmin.get_deleted_objects(admin.site._registry[model], objs, request)
    ours = summarise_deletion(objs, request, admin.site)
    if ours is None:
        return False
    assert outcome(ours) == outcome(stock), (model, objs, user)
    return True


def demo_rows() -> list[Any]:
    return [
        obj
        for model in apps.get_app_config(DEMO).get_models()
        if model in admin.site._registry
        for obj in model._default_manager.order_by("pk")[:2]
    ]


def test_single_and_bulk_outcomes_equal_djangos_on_the_demo(seeded):
    users = [
        get_user_model().objects.create_superuser("root"),
        staff("no_review_delete", {"review", "orderline"}),
        staff(
            "only_views",
            set(demo_model_names()),
        ),
    ]
    summarised = fallbacks = 0
    for user in users:
        for obj in demo_rows():
            used = compare([obj], user)
            summarised, fallbacks = summarised + used, fallbacks + (not used)
        for model in apps.get_app_config(DEMO).get_models():
            if model in admin.site._registry:
                compare(model._default_manager.order_by("pk")[:3], user)
    # Only rows that reach a custom on_delete handler (tests/thirdparty's
    # archive_instead, from the user model) are left to Django's page.
    assert summarised > 10 * fallbacks


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_outcomes_equal_djangos_on_random_data(data):
    with transaction.atomic():
        rows = build(data)
        names = demo_model_names()
        withheld = set(data.draw(st.lists(st.sampled_from(names), max_size=4)))
        user = staff("random", withheld)
        obj = data.draw(st.sampled_from(rows))
        if type(obj) in admin.site._registry:
            compare([obj], user)
            compare(type(obj)._default_manager.filter(pk__lte=obj.pk), user)
        transaction.set_rollback(True)


def snapshot() -> dict[str, set[Any]]:
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in (DEMO, "auth")
    }


def confirm(
    user: Any, url: str, data: dict[str, Any], summary: bool
) -> tuple[Any, ...]:
    """GET the confirmation page, POST the confirmation, and give back the
    page's verdict, the POST's status and the rows left, then roll back."""
    with (
        transaction.atomic(),
        override_settings(ROOT_URLCONF=SUMMARY_URLS if summary else STOCK_URLS),
    ):
        client = Client()
        client.force_login(user)
        page = client.post(url, data) if "action" in data else client.get(url)
        text = page.content.decode()
        verdict = (
            page.status_code,
            "Cannot delete" in text or "would require deleting" in text,
            "permission to delete the following" in text,
        )
        confirmed = client.post(url, {**data, "post": "yes"})
        left = snapshot()
        transaction.set_rollback(True)
    return verdict, confirmed.status_code, left


@pytest.mark.parametrize(
    "withheld",
    [set(), {"review"}, {"orderline", "order"}],
    ids=["all", "no-review", "no-order"],
)
def test_confirming_leaves_the_rows_the_stock_page_leaves(seeded, withheld):
    user = staff("editor", withheld)
    cases: list[tuple[str, dict[str, Any]]] = []
    for model in (demo.Book, demo.Author, demo.Store, demo.Publisher, demo.Category):
        first: Any = model._default_manager.order_by("pk").first()
        opts = model._meta
        cases.append((f"/admin/{DEMO}/{opts.model_name}/{first.pk}/delete/", {}))
        pks = list(
            model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]
        )
        cases.append(
            (
                f"/admin/{DEMO}/{opts.model_name}/",
                {"action": "delete_selected", "_selected_action": pks},
            )
        )
    refused = deleted = 0
    for url, data in cases:
        stock = confirm(user, url, data, summary=False)
        ours = confirm(user, url, data, summary=True)
        assert ours == stock, url
        refused += stock[0][1] or stock[0][2]
        deleted += stock[2] != snapshot()
    assert refused and deleted  # the cases cover both outcomes


def test_the_summary_page_lists_counts_samples_and_blockers(
    seeded, admin_client, settings
):
    settings.ROOT_URLCONF = SUMMARY_URLS
    store = demo.Store.objects.filter(orders__lines__isnull=False).earliest("pk")
    page = admin_client.get(f"/admin/{DEMO}/store/{store.pk}/delete/").content.decode()
    lines = demo.OrderLine.objects.filter(order__store=store).count()
    assert f"Order lines: {lines:,}" in page
    assert "more" in page and f"/admin/{DEMO}/orderline/" in page
    # Rows that stay, updated by SET_NULL, are said so.
    book = demo.Book.objects.filter(product__isnull=False).earliest("pk")
    page = admin_client.get(f"/admin/{DEMO}/book/{book.pk}/delete/").content.decode()
    assert "Kept, not deleted: 1 product whose “book” is set to NULL" in page


def test_the_summary_speaks_the_pages_language(seeded, admin_client, settings):
    """Its words and its counts (the locale's digits: tests/test_translations
    checks the formatter) follow the language, as the rest of the admin's
    delete page does."""
    from django.utils import translation
    from django.utils.formats import number_format

    settings.ROOT_URLCONF = SUMMARY_URLS
    store = demo.Store.objects.filter(orders__lines__isnull=False).earliest("pk")
    book = demo.Book.objects.filter(product__isnull=False).earliest("pk")
    lines = demo.OrderLine.objects.filter(order__store=store).count()
    with translation.override("de"):
        page = admin_client.get(f"/admin/{DEMO}/store/{store.pk}/delete/")
        kept = admin_client.get(f"/admin/{DEMO}/book/{book.pk}/delete/")
        grouped = number_format(lines, force_grouping=True)
    assert f": {grouped}" in page.content.decode()
    assert "weitere" in page.content.decode()
    assert "Behalten, nicht gelöscht: 1" in kept.content.decode()
    assert "auf NULL gesetzt" in kept.content.decode()


def test_a_model_admin_with_its_own_permission_rule_gets_djangos_page(seeded):
    class Picky(DeleteSummaryMixin, ModelAdmin):
        def has_delete_permission(self, request, obj=None):
            return obj is None or obj.pk % 2 == 0

    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_superuser("root")
    site = admin.AdminSite(name="picky")
    site.register(demo.Review, Picky)
    review = demo.Review.objects.order_by("pk")[:2]
    for obj in review:
        assert summarise_deletion([obj], request, site) is None
        stock = ModelAdmin.get_deleted_objects(
            site._registry[demo.Review], [obj], request
        )
        assert (
            Picky(demo.Review, site).get_deleted_objects([obj], request)[2] == stock[2]
        )


def test_the_summary_site_adds_the_mixin_once_and_keeps_a_models_own_method():
    """DeleteSummaryAdminSite registers each ModelAdmin as a subclass with
    the mixin first; a ModelAdmin with its own get_deleted_objects() and one
    that has the mixin already are registered as they are; nothing of the
    project's (Django's default site, the ModelAdmin classes) changes."""
    from erviz.admin import DeleteSummaryAdminSite

    class Own(ModelAdmin):
        def get_deleted_objects(self, objs, request):
            return [], {}, set(), []

    class Mixed(DeleteSummaryMixin, ModelAdmin):
        pass

    site = DeleteSummaryAdminSite(name="summary-test")
    site.register(demo.Book)
    site.register(demo.Author, Own)
    site.register(demo.Store, Mixed)
    assert isinstance(site._registry[demo.Book], DeleteSummaryMixin)
    assert type(site._registry[demo.Author]) is Own
    assert type(site._registry[demo.Store]) is Mixed
    default = type(admin.site._registry[demo.Book])
    assert not issubclass(default, DeleteSummaryMixin)
    assert default.get_deleted_objects is ModelAdmin.get_deleted_objects


def test_the_default_site_is_summarised_by_the_admin_config():
    """``erviz.admin.apps.DeleteSummaryAdminConfig`` is Django's own way of
    replacing the default site (``AdminConfig.default_site``)."""
    from django.contrib.admin.apps import AdminConfig
    from django.utils.module_loading import import_string

    from erviz.admin import DeleteSummaryAdminSite
    from erviz.admin.apps import DeleteSummaryAdminConfig

    assert issubclass(DeleteSummaryAdminConfig, AdminConfig)
    assert DeleteSummaryAdminConfig.name == "django.contrib.admin"
    site_class = import_string(DeleteSummaryAdminConfig.default_site)
    assert issubclass(site_class, DeleteSummaryAdminSite)
