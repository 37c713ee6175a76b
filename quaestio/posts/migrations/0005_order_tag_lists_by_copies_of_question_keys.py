"""The lists of one tag get an index per tab, and the question lists' indexes become covering.

PostTag rows get copies of their question's sort keys and state (creation and activity dates,
score, answered, deleted), filled from the questions here and kept by triggers from then on
(written for each database vendor, like 0002's): a new PostTag row copies its question's
values, and an update of those columns of a question copies them to its rows. An index per tab
on (tag, key, question) then serves /questions/tagged/<tag> without touching the posts.

The question lists' partial indexes are rebuilt with their condition's columns at the end:
SQLite reads a partial index as covering only when it holds every column the query names.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

COPIED = "creation_date, last_activity_date, score, is_answered, deletion_date"

SQLITE = [
    f"""
    UPDATE posts_posttag SET ({COPIED}) =
        (SELECT {COPIED} FROM posts_post WHERE posts_post.id = posts_posttag.post_id)
    """,
    f"""
    CREATE TRIGGER posttag_copy_question_keys
    AFTER INSERT ON posts_posttag
    WHEN EXISTS (SELECT 1 FROM posts_post WHERE id = NEW.post_id)
    BEGIN
        UPDATE posts_posttag SET ({COPIED}) =
            (SELECT {COPIED} FROM posts_post WHERE id = NEW.post_id)
        WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER post_copy_keys_to_posttags
    AFTER UPDATE OF creation_date, last_activity_date, score, is_answered, deletion_date ON posts_post
    WHEN NEW.post_type = 1 AND (
        NEW.creation_date IS NOT OLD.creation_date
        OR NEW.last_activity_date IS NOT OLD.last_activity_date
        OR NEW.score IS NOT OLD.score
        OR NEW.is_answered IS NOT OLD.is_answered
        OR NEW.deletion_date IS NOT OLD.deletion_date
    )
    BEGIN
        UPDATE posts_posttag SET
            creation_date = NEW.creation_date,
            last_activity_date = NEW.last_activity_date,
            score = NEW.score,
            is_answered = NEW.is_answered,
            deletion_date = NEW.deletion_date
        WHERE post_id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER post_copy_keys_to_posttags",
    "DROP TRIGGER posttag_copy_question_keys",
]

POSTGRESQL = [
    """
    UPDATE posts_posttag AS tagged SET
        creation_date = question.creation_date,
        last_activity_date = question.last_activity_date,
        score = question.score,
        is_answered = question.is_answered,
        deletion_date = question.deletion_date
    FROM posts_post AS question
    WHERE question.id = tagged.post_id
    """,
    f"""
    CREATE FUNCTION posts_posttag_copy_question_keys() RETURNS trigger AS $$
    DECLARE
        question record;
    BEGIN
        SELECT {COPIED} INTO question FROM posts_post WHERE id = NEW.post_id;
        IF FOUND THEN
            NEW.creation_date := question.creation_date;
            NEW.last_activity_date := question.last_activity_date;
            NEW.score := question.score;
            NEW.is_answered := question.is_answered;
            NEW.deletion_date := question.deletion_date;
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER posts_posttag_copy_question_keys
    BEFORE INSERT ON posts_posttag
    FOR EACH ROW EXECUTE FUNCTION posts_posttag_copy_question_keys()
    """,
    """
    CREATE FUNCTION posts_post_copy_keys_to_posttags() RETURNS trigger AS $$
    BEGIN
        UPDATE posts_posttag SET
            creation_date = NEW.creation_date,
            last_activity_date = NEW.last_activity_date,
            score = NEW.score,
            is_answered = NEW.is_answered,
            deletion_date = NEW.deletion_date
        WHERE post_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER posts_post_copy_keys_to_posttags
    AFTER UPDATE OF {COPIED} ON posts_post
    FOR EACH ROW
    WHEN (NEW.post_type = 1 AND (OLD.creation_date, OLD.last_activity_date, OLD.score,
          OLD.is_answered, OLD.deletion_date) IS DISTINCT FROM (NEW.creation_date,
          NEW.last_activity_date, NEW.score, NEW.is_answered, NEW.deletion_date))
    EXECUTE FUNCTION posts_post_copy_keys_to_posttags()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER posts_post_copy_keys_to_posttags ON posts_post",
    "DROP FUNCTION posts_post_copy_keys_to_posttags()",
    "DROP TRIGGER posts_posttag_copy_question_keys ON posts_posttag",
    "DROP FUNCTION posts_posttag_copy_question_keys()",
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0004_keep_dump_attributes_without_columns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="post",
            name="question_newest_idx",
        ),
        migrations.RemoveIndex(
            model_name="post",
            name="question_active_idx",
        ),
        migrations.RemoveIndex(
            model_name="post",
            name="question_score_idx",
        ),
        migrations.RemoveIndex(
            model_name="post",
            name="question_unanswered_idx",
        ),
        migrations.RemoveIndex(
            model_name="post",
            name="post_owner_type_score_idx",
        ),
        migrations.RemoveIndex(
            model_name="tag",
            name="tag_new_idx",
        ),
        migrations.AddField(
            model_name="posttag",
            name="creation_date",
            field=models.DateTimeField(default=timezone.now),
        ),
        migrations.AddField(
            model_name="posttag",
            name="deletion_date",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="posttag",
            name="is_answered",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="posttag",
            name="last_activity_date",
            field=models.DateTimeField(default=timezone.now),
        ),
        migrations.AddField(
            model_name="posttag",
            name="score",
            field=models.IntegerField(default=0),
        ),
        # Fill the copies and keep them, before the indexes are built over them.
        migrations.RunPython(create, drop, elidable=False),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True), ("post_type", 1)),
                fields=["-creation_date", "-id", "post_type", "deletion_date"],
                name="question_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True), ("post_type", 1)),
                fields=["-last_activity_date", "-id", "post_type", "deletion_date"],
                name="question_active_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True), ("post_type", 1)),
                fields=["-score", "-id", "post_type", "deletion_date"],
                name="question_score_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True), ("is_answered", False), ("post_type", 1)),
                fields=["-creation_date", "-id", "post_type", "deletion_date", "is_answered"],
                name="question_unanswered_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True)),
                fields=["owner", "post_type", "-score", "-id", "deletion_date"],
                name="post_owner_type_score_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posttag",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True)),
                fields=["tag", "-creation_date", "-post", "deletion_date"],
                name="posttag_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posttag",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True)),
                fields=["tag", "-last_activity_date", "-post", "deletion_date"],
                name="posttag_active_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posttag",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True)),
                fields=["tag", "-score", "-post", "deletion_date"],
                name="posttag_score_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posttag",
            index=models.Index(
                condition=models.Q(("deletion_date__isnull", True), ("is_answered", False)),
                fields=["tag", "-creation_date", "-post", "deletion_date", "is_answered"],
                name="posttag_unanswered_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(fields=["-creation_date", "-id"], name="tag_new_idx"),
        ),
    ]
