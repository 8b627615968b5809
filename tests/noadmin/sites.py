"""The project's own AdminSite, used for nothing but erviz's pages."""

from django.contrib.admin import AdminSite

from tests.hostproject.shop.models import Customer

panel_site = AdminSite(name="panel")
panel_site.site_header = "Control panel"
panel_site.register(Customer)
