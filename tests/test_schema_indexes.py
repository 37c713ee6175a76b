"""The indexes the migrations leave: every foreign key is looked up through an index, and no
index is the leading part of another (it would only cost every write and the import's index
builds)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db

QUAESTIO_MODELS = [
    model
    for model in apps.get_models()
    if model.__module__.startswith("quaestio.") and not model._meta.proxy and model._meta.managed
]


def _partial_index_names(model: type[models.Model]) -> set[str]:
    # Introspection does not say whether an index is partial; the model does.
    declared = [*model._meta.indexes, *model._meta.constraints]
    return {item.name for item in declared if getattr(item, "condition", None) is not None and item.name}


def _full_indexes(model: type[models.Model]) -> tuple[dict[str, list[str]], set[str]]:
    """Name → columns of every index on the model's table that covers all its rows (unique
    constraints and the primary key included), and the names of those that are constraints."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    partial = _partial_index_names(model)
    indexes = {
        name: list(info["columns"])
        for name, info in constraints.items()
        if (info["index"] or info["unique"] or info["primary_key"])
        and info["columns"]
        and None not in info["columns"]
        and name not in partial
    }
    unique = {name for name, info in constraints.items() if info["unique"] or info["primary_key"]}
    return indexes, unique


@pytest.mark.parametrize("model", QUAESTIO_MODELS, ids=lambda model: model._meta.label)
def test_every_foreign_key_leads_an_index(model: type[models.Model]) -> None:
    indexes, _unique = _full_indexes(model)
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            leading = [name for name, columns in indexes.items() if columns[0] == field.column]
            assert leading, f"{model._meta.label}.{field.name}: no index starts with {field.column}"


@pytest.mark.parametrize("model", QUAESTIO_MODELS, ids=lambda model: model._meta.label)
def test_no_index_is_the_leading_part_of_another(model: type[models.Model]) -> None:
    indexes, unique = _full_indexes(model)
    for name, columns in indexes.items():
        if name in unique:
            continue  # a constraint, not only a way in
        longer = [
            other
            for other, other_columns in indexes.items()
            if other != name
            and len(other_columns) > len(columns)
            and other_columns[: len(columns)] == columns
        ]
        assert not longer, f"{model._meta.label}: {name} {columns} is the start of {longer}"
