"""Question and tag pages, and the write URLs, at Stack Exchange's paths."""

from django.urls import path

from quaestio.posts import views

app_name = "posts"
urlpatterns = [
    path("", views.home, name="home"),
    path("questions", views.questions, name="questions"),
    path("questions/ask", views.ask, name="ask"),
    path("questions/tagged/<str:tag>", views.tagged, name="tagged"),
    path("questions/<int:question_id>", views.question, name="question_no_slug"),
    path("questions/<int:question_id>/answer", views.answer, name="answer"),
    path("questions/<int:question_id>/<str:slug>", views.question, name="question"),
    path("q/<int:post_id>", views.post_permalink, name="question_permalink"),
    path("q/<int:post_id>/<int:user_id>", views.post_permalink, name="question_share"),
    path("a/<int:post_id>", views.post_permalink, name="answer_permalink"),
    path("a/<int:post_id>/<int:user_id>", views.post_permalink, name="answer_share"),
    path("tags", views.tags, name="tags"),
    # GET: every comment of a post, the fragment the "show more" script swaps in (without
    # JavaScript the question page takes ?showcomments= instead); POST: add a comment.
    path("posts/<int:post_id>/comments", views.post_comments, name="comments"),
    path("posts/<int:post_id>/vote/<int:vote_type>", views.vote, name="vote"),
    path("posts/<int:post_id>/follow", views.follow, name="follow"),
    path("posts/<int:post_id>/edit", views.edit, name="edit"),
    path("posts/<int:post_id>/revisions", views.post_revisions, name="revisions"),
    path("posts/<int:post_id>/rollback/<int:revision_number>", views.rollback, name="rollback"),
    path("comments/<int:comment_id>/vote", views.comment_vote, name="comment_vote"),
    path("comments/<int:comment_id>/delete", views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/edit", views.comment_edit, name="comment_edit"),
    path("posts/<int:post_id>/delete", views.post_delete, name="delete"),
    path("posts/<int:post_id>/undelete", views.post_undelete, name="undelete"),
    path("suggested-edits/<int:suggested_edit_id>", views.suggested_edit, name="suggested_edit"),
    path(
        "suggested-edits/<int:suggested_edit_id>/approve",
        views.approve_suggested_edit,
        name="approve_suggested_edit",
    ),
    path(
        "suggested-edits/<int:suggested_edit_id>/reject",
        views.reject_suggested_edit,
        name="reject_suggested_edit",
    ),
]
