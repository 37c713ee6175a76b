"""Question and tag pages, at Stack Exchange's paths."""

from django.urls import path

from quaestio.posts import views

app_name = "posts"
urlpatterns = [
    path("", views.home, name="home"),
    path("questions", views.questions, name="questions"),
    path("questions/ask", views.ask, name="ask"),
    path("questions/tagged/<str:tag>", views.tagged, name="tagged"),
    path("questions/<int:question_id>", views.question, name="question_no_slug"),
    path("questions/<int:question_id>/<str:slug>", views.question, name="question"),
    path("q/<int:post_id>", views.post_permalink, name="question_permalink"),
    path("q/<int:post_id>/<int:user_id>", views.post_permalink, name="question_share"),
    path("a/<int:post_id>", views.post_permalink, name="answer_permalink"),
    path("a/<int:post_id>/<int:user_id>", views.post_permalink, name="answer_share"),
    path("tags", views.tags, name="tags"),
    # Every comment of a post: the no-JavaScript "show more" uses ?showcomments= on the question
    # page instead; this is the fragment the script swaps in (a later issue adds POST to it).
    path("posts/<int:post_id>/comments", views.post_comments, name="comments"),
]
