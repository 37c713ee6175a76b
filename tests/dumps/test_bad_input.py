"""Bad input: a clear sentence naming the file, the line and the problem; under --strict the
import stops and the database is as it was; without it the row is skipped, counted, listed."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import py7zr
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quaestio.accounts.models import User
from quaestio.badges.models import Badge
from quaestio.dumps.loader import AlreadyImported, ImportFailed, SiteNotEmpty, import_dump
from quaestio.dumps.models import ImportRun
from quaestio.dumps.sources import opened, resolve_source
from quaestio.dumps.writer import export_dump
from quaestio.posts.models import Comment, Post, PostTag, Vote
from tests.conftest import make_user
from tests.dumps.conftest import DATA, needs_data, write_dump, xml_rows

pytestmark = pytest.mark.django_db

DATE = 'CreationDate="2020-01-02T03:04:05.678"'
USERS = [
    f'Id="-1" Reputation="1" {DATE} DisplayName="Community" LastAccessDate="2020-01-02T03:04:05.678" '
    'Views="0" UpVotes="0" DownVotes="0"',
    f'Id="5" Reputation="101" {DATE} DisplayName="Ann" LastAccessDate="2020-02-02T03:04:05.678" '
    'Views="3" UpVotes="1" DownVotes="0"',
]
POSTS = [
    f'Id="10" PostTypeId="1" AcceptedAnswerId="11" {DATE} Score="2" ViewCount="7" '
    'Body="&lt;p&gt;Q&lt;/p&gt;" '
    'OwnerUserId="5" LastActivityDate="2020-01-03T03:04:05.678" Title="A question" Tags="&lt;a&gt;&lt;b&gt;" '
    'AnswerCount="1" CommentCount="1" ContentLicense="CC BY-SA 4.0"',
    f'Id="11" PostTypeId="2" ParentId="10" {DATE} Score="1" Body="&lt;p&gt;A&lt;/p&gt;" OwnerUserId="77" '
    'LastActivityDate="2020-01-03T03:04:05.678" CommentCount="0" ContentLicense="CC BY-SA 4.0"',
    f'Id="12" PostTypeId="99" {DATE} Score="0" Body="" LastActivityDate="2020-01-03T03:04:05.678" '
    'CommentCount="0"',
]


def small_dump(folder: Path, **overrides: list[str]) -> Path:
    files = {"Users": USERS, "Posts": POSTS}
    files.update(overrides)
    return write_dump(folder, **files)


def run(folder: Path, *args: str) -> str:
    out = StringIO()
    call_command("import-dump", str(folder), *args, stdout=out, stderr=out)
    return out.getvalue()


def test_a_truncated_file_under_strict_names_file_and_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    raw = (folder / "Posts.xml").read_bytes()
    (folder / "Posts.xml").write_bytes(raw[: len(raw) * 2 // 3])
    with pytest.raises(CommandError, match=r"Posts\.xml, line \d+: the file is not well-formed XML"):
        run(folder, "--strict", "--quiet")
    assert (User.objects.count(), Post.objects.count(), ImportRun.objects.count()) == (0, 0, 0)


def test_a_truncated_file_without_strict_keeps_the_rows_before_and_fails_the_command(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    raw = (folder / "Posts.xml").read_bytes()
    (folder / "Posts.xml").write_bytes(raw[: raw.index(b'<row Id="12"') + 20])
    outcome = import_dump(resolve_source(folder))
    assert outcome.errors and "Posts.xml, line 5" in outcome.errors[0]
    assert sorted(Post.objects.values_list("pk", flat=True)) == [10, 11]
    with pytest.raises(CommandError, match="incomplete"):
        run(folder, "--quiet")


def test_a_file_in_the_wrong_encoding_is_a_file_error_with_its_line(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    text = (folder / "Posts.xml").read_text(encoding="utf-8").replace("A question", "Une qüestion")
    (folder / "Posts.xml").write_bytes(text.lstrip("\ufeff").encode("latin-1"))
    with pytest.raises(ImportFailed, match=r"Posts\.xml, line 3"):
        import_dump(resolve_source(folder), strict=True)
    assert Post.objects.count() == 0


def test_an_unknown_post_type_is_kept_with_its_number_and_exported_back(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    import_dump(resolve_source(folder))
    assert Post.objects.get(pk=12).post_type == 99
    export_dump(tmp_path / "out")
    assert xml_rows(tmp_path / "out" / "Posts.xml") == xml_rows(folder / "Posts.xml")


def test_an_unknown_vote_type_is_skipped_and_listed_or_stops_a_strict_import(tmp_path: Path) -> None:
    votes = [f'Id="1" PostId="10" VoteTypeId="2" {DATE}', f'Id="2" PostId="10" VoteTypeId="77" {DATE}']
    folder = small_dump(tmp_path / "dump", Votes=votes)
    with pytest.raises(ImportFailed, match=r"Votes\.xml, line 4: VoteTypeId 77 is not a vote type"):
        import_dump(resolve_source(folder), strict=True)
    assert Post.objects.count() == 0
    outcome = import_dump(resolve_source(folder))
    report = outcome.files["Votes.xml"]
    assert (report.read, report.imported, report.skipped) == (2, 1, 1)
    assert report.examples["malformed row: skipped"] == [
        "line 4: VoteTypeId 77 is not a vote type Stack Exchange uses"
    ]


def test_a_row_without_a_required_attribute_is_skipped_with_file_line_and_reason(tmp_path: Path) -> None:
    posts = [*POSTS, f'PostTypeId="1" {DATE} Body="" LastActivityDate="2020-01-03T03:04:05.678"']
    folder = small_dump(tmp_path / "dump", Posts=posts)
    with pytest.raises(CommandError, match=r"Posts\.xml, line 6: the row has no Id attribute"):
        run(folder, "--strict")
    assert Post.objects.count() == 0
    out = run(folder)
    assert "line 6: the row has no Id attribute" in out
    assert Post.objects.count() == 3


def test_references_to_missing_users_are_cleared_counted_and_exported_back(tmp_path: Path) -> None:
    comments = [f'Id="1" PostId="10" Score="0" Text="Hi" {DATE} UserId="404" ContentLicense="CC BY-SA 4.0"']
    votes = [f'Id="1" PostId="999" VoteTypeId="5" UserId="405" {DATE}']
    folder = small_dump(tmp_path / "dump", Comments=comments, Votes=votes)
    outcome = import_dump(resolve_source(folder))
    assert Post.objects.get(pk=11).owner_id is None
    assert Comment.objects.get(pk=1).user_id is None
    vote = Vote.objects.get(pk=1)
    assert (vote.post_id, vote.user_id) == (999, None)
    assert outcome.files["Posts.xml"].reasons == {
        "OwnerUserId points at a user not in Users.xml: user cleared": 1
    }
    assert outcome.files["Votes.xml"].reasons == {
        "vote on a post not in the dump: kept": 1,
        "UserId points at a user not in Users.xml: user cleared": 1,
    }
    export_dump(tmp_path / "out")
    for name in ("Posts", "Comments", "Votes"):
        assert xml_rows(tmp_path / "out" / f"{name}.xml") == xml_rows(folder / f"{name}.xml")


def test_missing_files_are_reported_and_skipped(tmp_path: Path) -> None:
    out = run(small_dump(tmp_path / "dump"))
    assert "Comments.xml is not in the dump: skipped." in out
    assert Post.objects.get(pk=10).accepted_answer_id == 11
    assert set(PostTag.objects.filter(post_id=10).values_list("tag__name", flat=True)) == {"a", "b"}


def test_a_site_with_data_is_refused_unless_merge_and_merge_leaves_existing_ids_alone(tmp_path: Path) -> None:
    make_user("Zed", "zed@example.org")
    folder = small_dump(tmp_path / "dump")
    with pytest.raises(SiteNotEmpty):
        import_dump(resolve_source(folder))
    assert Post.objects.count() == 0
    taken = User.objects.get(email="zed@example.org")
    users = [USERS[0], USERS[1].replace('Id="5"', f'Id="{taken.pk}"')]
    posts = [row.replace('OwnerUserId="5"', f'OwnerUserId="{taken.pk}"') for row in POSTS]
    folder = small_dump(tmp_path / "merge", Users=users, Posts=posts)
    outcome = import_dump(resolve_source(folder), merge=True)
    taken.refresh_from_db()
    assert taken.display_name == "Zed"
    assert outcome.files["Users.xml"].reasons == {"Users id already on the site: left alone": 1}
    # The dump's post by that id is not given to the site's user who happens to have it.
    assert Post.objects.get(pk=10).owner_id is None


def test_a_finished_import_is_not_done_twice(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    import_dump(resolve_source(folder))
    with pytest.raises(AlreadyImported, match="was imported on"):
        import_dump(resolve_source(folder))
    assert "was imported on" in run(folder)
    outcome = import_dump(resolve_source(folder), merge=True)
    assert outcome.files["Posts.xml"].imported == 0
    assert Post.objects.count() == 3


def test_a_single_file_imports_alone(tmp_path: Path) -> None:
    folder = small_dump(tmp_path / "dump")
    outcome = import_dump(resolve_source(folder / "Users.xml"))
    assert list(outcome.files) == ["Users.xml"]
    assert User.objects.count() == 2


def test_a_7z_archive_is_read_member_by_member(tmp_path: Path) -> None:
    folder = small_dump(
        tmp_path / "dump",
        Comments=[f'Id="3" PostId="10" Score="0" Text="A `comment`" {DATE} UserId="5"'],
        Votes=[f'Id="4" PostId="10" VoteTypeId="2" {DATE}'],
        Badges=['Id="6" UserId="5" Name="Teacher" Date="2020-01-02T03:04:05.678" Class="3" TagBased="False"'],
    )
    archive = tmp_path / "site.stackexchange.com.7z"
    with py7zr.SevenZipFile(archive, "w") as packed:
        for path in sorted(folder.glob("*.xml")):
            packed.write(path, path.name)
    # Every member goes through the readers, those after the posts made ahead of their turn.
    with opened(archive) as source:
        outcome = import_dump(source)
        assert source._tempdir is not None and not any(source._tempdir.iterdir())
    assert outcome.errors == []
    assert set(outcome.files) == {path.name for path in folder.glob("*.xml")}
    assert Post.objects.count() == 3
    assert Comment.objects.get(pk=3).text_html == "A <code>comment</code>"
    assert (Vote.objects.count(), Badge.objects.count()) == (1, 1)


@needs_data
def test_pipe_separated_tags_import_as_the_classic_ones(tmp_path: Path) -> None:
    classic = DATA / "conlang.meta.stackexchange.com"
    folder = tmp_path / "pipe"
    folder.mkdir()
    shutil.copy(DATA / "conlang.meta.stackexchange.com-pipe-tags" / "Posts.xml", folder / "Posts.xml")
    shutil.copy(classic / "Users.xml", folder / "Users.xml")
    import_dump(resolve_source(folder))
    expected = {int(r["Id"]): r["Tags"] for r in xml_rows(classic / "Posts.xml") if "Tags" in r}
    assert {pk: p.dump_tags for pk, p in Post.objects.in_bulk(list(expected)).items()} == expected
    assert PostTag.objects.count() == sum(tags.count("<") for tags in expected.values())
