from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "quaestio.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # Importing the module registers its system checks with Django.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_init

        from quaestio.posts.models import Post
        from quaestio.web import checks  # noqa: F401
        from quaestio.web.page_cache import record_post_dependency, record_user_dependency

        # Every Post and User row a cached page reads becomes one of its dependencies.
        post_init.connect(record_post_dependency, sender=Post, dispatch_uid="pagecache-post")
        post_init.connect(record_user_dependency, sender=get_user_model(), dispatch_uid="pagecache-user")
