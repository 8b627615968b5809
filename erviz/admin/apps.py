"""The default admin site with erviz's delete summary: list
``"erviz.admin.apps.DeleteSummaryAdminConfig"`` in ``INSTALLED_APPS`` in
place of ``"django.contrib.admin"`` (after ``"erviz"``), as Django's
documentation overrides the default site."""

from django.contrib.admin.apps import AdminConfig


class DeleteSummaryAdminConfig(AdminConfig):
    default_site = "erviz.admin.DeleteSummaryAdminSite"
