"""The demo behaves as its models say: the examples erviz shows are real."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from demo_models import models as demo

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    """The seeded content without primary keys, which differ per database."""
    return {
        "books": list(
            demo.Book.objects.order_by("isbn").values_list(
                "isbn", "title", "author__name", "publisher__name", "page_count"
            )
        ),
        "lines": sorted(
            demo.OrderLine.objects.values_list(
                "order__customer__user__username", "product__sku", "quantity"
            )
        ),
        "memberships": sorted(
            demo.Membership.objects.values_list("group__name", "person__name", "role")
        ),
    }


def seed_then_roll_back(*args: str) -> dict[str, list[tuple]]:
    """Seed inside a savepoint, read what was made, and undo it."""
    with transaction.atomic():
        call_command("seed_demo", *args)
        made = snapshot()
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()  # it remembers the rolled-back rows
    return made


def test_seed_is_deterministic():
    first = seed_then_roll_back()
    assert len(first["books"]) == 200
    assert seed_then_roll_back() == first
    assert seed_then_roll_back("--seed", "7") != first


def test_seed_scale_multiplies_rows():
    single = seed_then_roll_back()
    triple = seed_then_roll_back("--scale", "3")
    assert len(triple["books"]) == 3 * len(single["books"])
    assert len(triple["memberships"]) == 3 * len(single["memberships"])


def test_seed_leaves_existing_data_alone(seeded, capsys):
    before = demo.Book.objects.count()
    call_command("seed_demo")
    assert demo.Book.objects.count() == before
    assert "already there" in capsys.readouterr().out


def test_every_seeded_user_has_a_profile(seeded):
    users = get_user_model().objects
    assert users.count() > 0
    assert users.filter(profile__isnull=True).count() == 0


def test_a_new_user_gets_a_profile_from_the_receiver():
    user = get_user_model().objects.create_user("reader")
    assert demo.Profile.objects.filter(user=user).exists()


def test_user_and_profile_are_created_together_or_not_at_all():
    user = demo.create_user_with_profile("writer", bio="Poet")
    assert user.profile.bio == "Poet"
    with pytest.raises(FieldDoesNotExist):
        demo.create_user_with_profile("ghost", no_such_field="x")
    assert not get_user_model().objects.filter(username="ghost").exists()


def test_a_publisher_with_books_is_protected(seeded):
    publisher = demo.Publisher.objects.filter(books__isnull=False).earliest("pk")
    with pytest.raises(ProtectedError):
        publisher.delete()


def test_a_sold_product_is_restricted_unless_its_store_goes(seeded):
    line = demo.OrderLine.objects.select_related("product__store").earliest("pk")
    with pytest.raises(RestrictedError):
        line.product.delete()
    # Deleting the store deletes its orders (and their lines) and its products
    # by CASCADE, so RESTRICT lets it through, as in Django's documentation.
    line.product.store.delete()
    assert not demo.OrderLine.objects.filter(pk=line.pk).exists()


def test_a_deleted_users_posts_go_to_the_sentinel_user(seeded):
    post = demo.Post.objects.select_related("author").earliest("pk")
    post.author.delete()
    post.refresh_from_db()
    assert post.author.username == "deleted"


def test_products_fall_back_to_the_standard_tax_class(seeded):
    product = demo.Product.objects.exclude(
        tax_class_id=demo.shop.STANDARD_TAX_CLASS_ID
    ).earliest("pk")
    product.tax_class.delete()
    product.refresh_from_db()
    assert product.tax_class_id == demo.shop.STANDARD_TAX_CLASS_ID


def test_audit_entries_outlive_their_user(seeded):
    entry = demo.AuditEntry.objects.earliest("pk")
    user_id = entry.user_id
    get_user_model().objects.filter(pk=user_id).delete()
    entry.refresh_from_db()
    assert entry.user_id == user_id


def test_the_demo_home_page_leads_into_the_explorer(client, seeded):
    page = client.get("/").content.decode()
    for url in (
        "/admin/erviz/",
        "/admin/erviz/models/demo_models.Book/",
        "/admin/erviz/models/demo_models.Store/cascade/",
        "/delete-preview/",
        "/admin/demo_models/store/",
    ):
        assert url in page, url


def test_the_demo_summarises_its_delete_pages():
    from demo_models import settings as demo

    assert "erviz.admin.apps.DeleteSummaryAdminConfig" in demo.INSTALLED_APPS
    assert "django.contrib.admin" not in demo.INSTALLED_APPS
