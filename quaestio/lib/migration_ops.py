"""Migration operations shared by the apps' migrations."""

from __future__ import annotations

from typing import Any, cast

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps


def without_own_index(
    app_label: str, model_name: str, field_name: str, field: models.ForeignKey[Any, Any]
) -> Operation:
    """A foreign key loses the index Django gives it by default (``field`` is its new definition,
    with ``db_index=False``), because another index starts with its column.

    Only that index is dropped, by the name Django gave it: ``AlterField`` would do the same on
    PostgreSQL, but on SQLite it rebuilds the whole table, which copies every row and drops the
    table's triggers."""

    def own_index(
        apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
    ) -> tuple[type[models.Model], models.Index]:
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(field_name).column
        # The name Django gave the index when it made the field (its naming is not public).
        name = cast(Any, schema_editor)._create_index_name(model._meta.db_table, [column])
        return model, models.Index(fields=[field_name], name=name)

    def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model, index = own_index(apps, schema_editor)
        with schema_editor.connection.cursor() as cursor:
            present = schema_editor.connection.introspection.get_constraints(cursor, model._meta.db_table)
        if index.name in present:
            schema_editor.remove_index(model, index)

    def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model, index = own_index(apps, schema_editor)
        schema_editor.add_index(model, index)

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model_name, name=field_name, field=field)],
        database_operations=[migrations.RunPython(drop, create)],
    )
