from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "quaestio.posts"
    label = "posts"
    verbose_name = "Posts"
