"""Foreign keys whose column starts another index lose the index of their own (see
``quaestio.lib.migration_ops.without_own_index``)."""

import django.db.models.deletion
from django.db import migrations, models

from quaestio.lib.migration_ops import without_own_index


class Migration(migrations.Migration):

    dependencies = [
        ('dumps', '0001_create_import_bookkeeping'),
    ]

    operations = [
        without_own_index(
            'dumps',
            'importconflict',
            'run',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='dumps.importrun'),
        ),
        without_own_index(
            'dumps',
            'importstep',
            'run',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='dumps.importrun'),
        ),
        without_own_index(
            'dumps',
            'pendingaccept',
            'run',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='dumps.importrun'),
        ),
    ]
