"""Index each /users tab in its order, with a case-insensitive name index, covering on SQLite
(each partial index ends with the column of its condition) so that a page reached by number
skips rows through the index alone."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_keep_dump_attributes_without_columns"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="user",
            name="user_reputation_idx",
        ),
        migrations.RemoveIndex(
            model_name="user",
            name="user_creation_idx",
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                condition=models.Q(("is_active", True)),
                fields=["-reputation", "id", "is_active"],
                name="user_reputation_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                condition=models.Q(("is_active", True)),
                fields=["-creation_date", "-id", "is_active"],
                name="user_creation_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                django.db.models.functions.text.Lower("display_name"),
                models.F("id"),
                models.F("is_active"),
                models.F("display_name"),
                condition=models.Q(("is_active", True)),
                name="user_name_idx",
            ),
        ),
    ]
