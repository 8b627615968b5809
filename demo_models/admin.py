"""Admin for every demo model.

Foreign keys are raw-id widgets so change forms stay fast when ``seed_demo
--scale`` has filled the tables with millions of rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from . import models


class NoteInline(GenericTabularInline):
    model = models.Note
    extra = 0


class AuthorBookInline(admin.TabularInline):
    model = models.AuthorBook
    raw_id_fields = ["author"]
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fk_name = "group"
    raw_id_fields = ["person", "inviter"]
    extra = 0


class OrderLineInline(admin.TabularInline):
    model = models.OrderLine
    raw_id_fields = ["product"]
    extra = 0


@admin.register(models.Book, models.BestSeller)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "publisher", "publication_date", "page_count"]
    list_select_related = ["author", "publisher"]
    search_fields = ["title", "isbn"]
    raw_id_fields = ["author", "publisher"]
    filter_horizontal = ["categories"]
    inlines = [AuthorBookInline, NoteInline]
    show_full_result_count = False


@admin.register(models.Group)
class GroupAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(models.Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "customer", "store", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["customer", "store", "created_by"]
    inlines = [OrderLineInline]
    show_full_result_count = False


@admin.register(models.Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "published_at"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    inlines = [NoteInline]
    show_full_result_count = False


class RawIdAdmin(admin.ModelAdmin):
    """The default for the other models: every relation as a raw-id widget."""

    show_full_result_count = False

    def get_raw_id_fields(self, request: HttpRequest) -> list[str]:
        return [
            field.name
            for field in self.model._meta.get_fields()
            if (field.many_to_one or field.one_to_one)
            and not field.auto_created
            and field.concrete
        ]


for _model in (
    models.AuditEntry,
    models.Author,
    models.AuthorBook,
    models.Category,
    models.Comment,
    models.Course,
    models.Customer,
    models.Department,
    models.Employee,
    models.Membership,
    models.Note,
    models.OrderLine,
    models.Person,
    models.Place,
    models.Product,
    models.ProductCategory,
    models.Profile,
    models.Project,
    models.Publisher,
    models.Review,
    models.Store,
    models.Student,
    models.Tag,
    models.TaxClass,
):
    admin.site.register(_model, RawIdAdmin)
