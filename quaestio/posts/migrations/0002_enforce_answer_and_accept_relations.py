"""Constraints that span two rows of posts_post, which CHECK constraints cannot express:
an answer's parent is a question, and a question's accepted answer is one of its own answers.
They are triggers, written for each database vendor."""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER post_answer_parent_is_question_insert
    BEFORE INSERT ON posts_post
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT post_type FROM posts_post WHERE id = NEW.parent_id) IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'an answer''s parent must be a question'); END
    """,
    """
    CREATE TRIGGER post_answer_parent_is_question_update
    BEFORE UPDATE OF parent_id ON posts_post
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT post_type FROM posts_post WHERE id = NEW.parent_id) IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'an answer''s parent must be a question'); END
    """,
    """
    CREATE TRIGGER post_accepted_answer_belongs_insert
    BEFORE INSERT ON posts_post
    WHEN NEW.accepted_answer_id IS NOT NULL
     AND (SELECT parent_id FROM posts_post WHERE id = NEW.accepted_answer_id) IS NOT NEW.id
    BEGIN SELECT RAISE(ABORT, 'an accepted answer must belong to its question'); END
    """,
    """
    CREATE TRIGGER post_accepted_answer_belongs_update
    BEFORE UPDATE OF accepted_answer_id ON posts_post
    WHEN NEW.accepted_answer_id IS NOT NULL
     AND (SELECT parent_id FROM posts_post WHERE id = NEW.accepted_answer_id) IS NOT NEW.id
    BEGIN SELECT RAISE(ABORT, 'an accepted answer must belong to its question'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER post_answer_parent_is_question_insert",
    "DROP TRIGGER post_answer_parent_is_question_update",
    "DROP TRIGGER post_accepted_answer_belongs_insert",
    "DROP TRIGGER post_accepted_answer_belongs_update",
]

POSTGRESQL = [
    """
    CREATE FUNCTION posts_post_check_relations() RETURNS trigger AS $$
    BEGIN
        IF NEW.parent_id IS NOT NULL AND
           (SELECT post_type FROM posts_post WHERE id = NEW.parent_id) IS DISTINCT FROM 1 THEN
            RAISE EXCEPTION 'an answer''s parent must be a question' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.accepted_answer_id IS NOT NULL AND
           (SELECT parent_id FROM posts_post WHERE id = NEW.accepted_answer_id) IS DISTINCT FROM NEW.id THEN
            RAISE EXCEPTION 'an accepted answer must belong to its question' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER posts_post_check_relations
    BEFORE INSERT OR UPDATE OF parent_id, accepted_answer_id ON posts_post
    FOR EACH ROW EXECUTE FUNCTION posts_post_check_relations()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER posts_post_check_relations ON posts_post",
    "DROP FUNCTION posts_post_check_relations()",
]


def create(apps: object, schema_editor: object) -> None:
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL  # type: ignore[attr-defined]
    for statement in statements:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


def drop(apps: object, schema_editor: object) -> None:
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_REVERSE  # type: ignore[attr-defined]
    for statement in statements:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_create_posts_votes_history_and_tags")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
