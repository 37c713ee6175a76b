"""Foreign keys whose column starts another index lose the index of their own (see
``quaestio.lib.migration_ops.without_own_index``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from quaestio.lib.migration_ops import without_own_index


class Migration(migrations.Migration):

    dependencies = [
        ('posts', '0005_order_tag_lists_by_copies_of_question_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        without_own_index(
            'posts',
            'comment',
            'post',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'commentvote',
            'comment',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='posts.comment'),
        ),
        without_own_index(
            'posts',
            'post',
            'parent',
            models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'posthistory',
            'post',
            models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='history', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'postlink',
            'post',
            models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='links', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'postlink',
            'related_post',
            models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='linked_from', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'posttag',
            'tag',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='post_tags', to='posts.tag'),
        ),
        without_own_index(
            'posts',
            'suggestededitvote',
            'suggested_edit',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='posts.suggestededit'),
        ),
        without_own_index(
            'posts',
            'vote',
            'post',
            models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='votes', to='posts.post'),
        ),
        without_own_index(
            'posts',
            'vote',
            'user',
            models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='votes', to=settings.AUTH_USER_MODEL),
        ),
    ]
