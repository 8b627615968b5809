from django.contrib import admin

from .models import Copy, Edition, Shelf, StockNote, Tag

for model in (Copy, Edition, Shelf, StockNote, Tag):
    admin.site.register(model)
