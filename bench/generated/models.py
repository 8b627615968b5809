"""A generated project for the benchmarks: by default 1,000 models and 3,000
relations (plus the 500 auto-created many-to-many tables Django adds);
``ERVIZ_BENCH_MODELS`` sets the number of models (three relations each)."""

from __future__ import annotations

import os
import random

from django.db import models

MODELS = int(os.environ.get("ERVIZ_BENCH_MODELS", "1000"))
_rng = random.Random(1000)
_ON_DELETE = [models.CASCADE, models.PROTECT, models.SET_NULL, models.DO_NOTHING]

for _i in range(MODELS):
    _attrs: dict[str, object] = {
        "__module__": __name__,
        "name": models.CharField(max_length=50, help_text="A name."),
        "created": models.DateTimeField(auto_now_add=True),
        "updated": models.DateTimeField(auto_now=True),
        "code": models.SlugField(unique=True),
        "amount": models.DecimalField(max_digits=10, decimal_places=2),
        "active": models.BooleanField(default=True),
        "parent": models.ForeignKey(
            f"generated.M{_rng.randrange(MODELS)}",
            on_delete=models.CASCADE,
            related_name=f"children_{_i}",
        ),
        "owner": models.ForeignKey(
            f"generated.M{_rng.randrange(MODELS)}",
            on_delete=_rng.choice(_ON_DELETE),
            null=True,
            related_name="+" if _i % 7 == 0 else None,
        ),
    }
    if _i % 2:
        _attrs["links"] = models.ManyToManyField(
            f"generated.M{_rng.randrange(MODELS)}", related_name=f"linked_{_i}"
        )
    else:
        _attrs["twin"] = models.OneToOneField(
            f"generated.M{_rng.randrange(MODELS)}",
            on_delete=models.SET_NULL,
            null=True,
            related_name=f"twin_{_i}",
        )
    globals()[f"M{_i}"] = type(f"M{_i}", (models.Model,), _attrs)
