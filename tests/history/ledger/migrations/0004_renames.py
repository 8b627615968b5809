from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0003_groups'),
    ]

    operations = [
        migrations.RenameModel(
            old_name='Tag',
            new_name='Label',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='customer',
            new_name='buyer',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='tags',
            new_name='labels',
        ),
        migrations.AlterField(
            model_name='order',
            name='buyer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='orders', to='ledger.customer'),
        ),
    ]
