from django.contrib import admin

from .models import Pointer, Target

admin.site.register(Target)
admin.site.register(Pointer)
