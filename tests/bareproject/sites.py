"""The project's own control panel: an AdminSite that lets in whoever its
gateway marks as staff (a header), since the project has no
django.contrib.auth to ask."""

from django.contrib.admin import AdminSite
from django.http import HttpRequest


class GatewaySite(AdminSite):
    site_header = "Shop panel"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.headers.get("X-Gateway-Role") == "staff"


panel = GatewaySite(name="panel")
