from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "quaestio.web"
    label = "web"
    verbose_name = "Web"
