"""Scaffolding: the posts helper replaces every function here with the real page."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


home = questions = ask = tagged = question = post_permalink = tags = _todo
