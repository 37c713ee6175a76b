from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "quaestio.badges"
    label = "badges"
    verbose_name = "Badges"
