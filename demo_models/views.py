"""The demo site's home page: where to start in the explorer."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.views.generic import TemplateView

from .models import Customer, Store


class Home(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The store whose deletion reaches the most order lines and the
        customer with the most orders: the demo's biggest cascades."""
        context = super().get_context_data(**kwargs)
        context["store"] = (
            Store.objects.annotate(lines=Count("orders__lines"))
            .order_by("-lines", "pk")
            .first()
        )
        context["customer"] = (
            Customer.objects.annotate(count=Count("orders"))
            .order_by("-count", "pk")
            .first()
        )
        return context
