from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "quaestio.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # Importing the module registers its system checks with Django.
        from quaestio.web import checks  # noqa: F401
