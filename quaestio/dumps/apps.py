"""Stack Exchange data dump import and export."""

from __future__ import annotations

from django.apps import AppConfig


class DumpsConfig(AppConfig):
    name = "quaestio.dumps"
    label = "dumps"
    verbose_name = "Data dumps"
    default_auto_field = "django.db.models.BigAutoField"
