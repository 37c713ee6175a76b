from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "quaestio.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        from django.http import HttpRequest

        from quaestio.posts.views_counter import record_view
        from quaestio.web.page_cache import AnonymousPageCacheMiddleware, question_id_of

        def count_cached_view(request: HttpRequest) -> None:
            # A question page served from the page cache is still a view.
            question_id = question_id_of(request.path)
            if question_id is not None:
                record_view(request, question_id)

        AnonymousPageCacheMiddleware.on_hit.append(count_cached_view)
