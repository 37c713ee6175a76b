"""Foreign keys whose column starts another index lose the index of their own (see
``quaestio.lib.migration_ops.without_own_index``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from quaestio.lib.migration_ops import without_own_index


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_index_the_users_tabs_for_paging"),
    ]

    operations = [
        without_own_index(
            "accounts",
            "reputationevent",
            "user",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reputation_events",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
