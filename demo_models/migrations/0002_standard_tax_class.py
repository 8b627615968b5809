from django.db import migrations

STANDARD_TAX_CLASS_ID = 1


def create_standard_tax_class(apps, schema_editor):
    TaxClass = apps.get_model("demo_models", "TaxClass")
    TaxClass.objects.get_or_create(
        pk=STANDARD_TAX_CLASS_ID, defaults={"name": "Standard", "rate": "20.00"}
    )


class Migration(migrations.Migration):
    """Product.tax_class is SET_DEFAULT to this row, so it must always exist."""

    dependencies = [("demo_models", "0001_initial")]

    operations = [
        migrations.RunPython(create_standard_tax_class, migrations.RunPython.noop)
    ]
