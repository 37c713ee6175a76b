"""Foreign keys whose column starts another index lose the index of their own (see
``quaestio.lib.migration_ops.without_own_index``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from quaestio.lib.migration_ops import without_own_index


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0003_keep_dump_attributes_without_columns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        without_own_index(
            "badges",
            "badge",
            "user",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="badges",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
