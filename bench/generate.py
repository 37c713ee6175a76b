"""Generate a realistic Stack Exchange site as the eight data dump files.

    python -m bench.generate --posts 1000000      # writes bench/data/1000000/*.xml

The site has Stack Exchange's shape: about 1.5 answers per question, answers, comments, scores
and views drawn from long-tailed distributions, tags drawn from a Zipf distribution (1 to 5 per
question), users whose activity is skewed towards the oldest accounts, reputation that follows
from the votes, badges, revisions (initial rows for every post, edits for some), closed and
duplicate questions, protected questions, linked questions and tag wikis. Two threads are fixed
for the benchmark: one shaped like the seed page (9 answers, 40 comments) and one with 50
answers; their ids go to ``manifest.json`` with the other ids the benchmark needs.

The files follow the official dump byte for byte in form: UTF-8 with a BOM, ``<row ... />``
lines indented by two spaces and ended by CRLF, no attribute for NULL, dates like
``2009-03-05T22:28:34.823`` (votes carry only the date), newlines in values as ``&#xA;``,
Posts.Body as HTML and PostHistory.Text as markdown. Counters agree with the rows: AnswerCount,
CommentCount, Score (ups minus downs in Votes.xml), accepted answers belong to their question,
Tags.Count is the number of questions carrying the tag.

Output is a pure function of ``--seed`` and ``--posts``. Rows stream to disk thread by thread,
so memory stays flat whatever the size (a few arrays of one integer per user, tag or question).
A ``.complete`` stamp, written last, marks a finished folder; a later run with the same
parameters returns at once.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import uuid
from array import array
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bench.text import (
    CITIES,
    TextPool,
    display_name,
    join_html,
    join_markdown,
    tag_names,
    xml_attr,
)

DATA_ROOT = Path(__file__).resolve().parent / "data"
# Bump when the generated files change, so folders written by an older generator are redone.
FORMAT_VERSION = 1
STAMP = ".complete"
MANIFEST = "manifest.json"
DUMP_FILES = (
    "Posts.xml",
    "Users.xml",
    "Comments.xml",
    "Votes.xml",
    "Badges.xml",
    "Tags.xml",
    "PostHistory.xml",
    "PostLinks.xml",
)

START = datetime(2012, 1, 1, tzinfo=UTC)
END = datetime(2024, 12, 31, tzinfo=UTC)
MS_PER_DAY = 86_400_000
SPAN_MS = int((END - START).total_seconds() * 1000)
# Dump rows carry the licence in force when they were written (se-schema.md, ContentLicense).
LICENSE_4_FROM_MS = int((datetime(2018, 5, 2, tzinfo=UTC) - START).total_seconds() * 1000)
CLOSE_REASONS = (101, 101, 101, 102, 103, 104, 105)
SEED_LIKE_COMMENTS = (8, 7, 6, 5, 4, 3, 3, 2, 1, 1)  # the question, then its 9 answers: 40
FIFTY_ANSWERS = 50
console = Console(stderr=True)


@dataclass(frozen=True)
class Plan:
    """How many of each thing a site of ``posts`` questions and answers has."""

    posts: int
    seed: int

    @property
    def questions(self) -> int:
        return round(self.posts / 2.5)

    @property
    def answers(self) -> int:
        return self.posts - self.questions

    @property
    def users(self) -> int:
        return max(1000, self.posts // 10)

    @property
    def tags(self) -> int:
        return max(200, min(5000, self.posts // 250))

    @property
    def tag_wikis(self) -> int:
        return max(20, self.tags // 5)

    @property
    def seed_like_index(self) -> int:
        return self.questions // 2

    @property
    def fifty_index(self) -> int:
        return self.questions // 3

    def stamp(self) -> dict[str, int]:
        return {"format": FORMAT_VERSION, "posts": self.posts, "seed": self.seed}


def folder(posts: int, root: Path = DATA_ROOT) -> Path:
    return root / str(posts)


def is_complete(out: Path, plan: Plan) -> bool:
    """Whether ``out`` holds a finished dump of exactly this plan."""
    stamp = out / STAMP
    if not stamp.exists():
        return False
    try:
        written = json.loads(stamp.read_text())
    except ValueError:
        return False
    return bool(all(written.get(key) == value for key, value in plan.stamp().items()))


class Clock:
    """Times are integers, milliseconds since START; formatting reads the day from a table."""

    def __init__(self) -> None:
        days = SPAN_MS // MS_PER_DAY + 2
        self.days = [(START + timedelta(days=n)).strftime("%Y-%m-%d") for n in range(days)]

    def stamp(self, ms: int) -> str:
        day, rest = divmod(min(ms, SPAN_MS), MS_PER_DAY)
        hours, rest = divmod(rest, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        seconds, millis = divmod(rest, 1000)
        return f"{self.days[day]}T{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"

    def day(self, ms: int) -> str:
        return f"{self.days[min(ms, SPAN_MS) // MS_PER_DAY]}T00:00:00.000"


def licence(ms: int) -> str:
    return "CC BY-SA 4.0" if ms >= LICENSE_4_FROM_MS else "CC BY-SA 3.0"


class DumpFile:
    """One dump file being written: the header, one row a line, the closing root element."""

    def __init__(self, path: Path, root: str) -> None:
        self.root = root
        # newline="" writes the CRLFs below as they are, as the official files have them.
        self.file: TextIO = path.open("w", encoding="utf-8", newline="", buffering=1 << 20)
        self.file.write(f'\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<{root}>\r\n')
        self.rows = 0

    def row(self, attributes: str) -> None:
        self.file.write(f"  <row {attributes} />\r\n")
        self.rows += 1

    def close(self) -> None:
        self.file.write(f"</{self.root}>")
        self.file.close()


@dataclass
class Thread:
    """One question and its answers, decided before any of it is written."""

    question_id: int
    created: int
    owner: int
    answer_ids: list[int]
    answer_created: list[int]
    answer_owners: list[int]
    answer_scores: list[int]


class Generator:
    """Writes one site. ``run`` is the only entry point; the rest are its steps."""

    def __init__(self, plan: Plan, out: Path) -> None:
        self.plan = plan
        self.out = out
        self.rng = random.Random(plan.seed)
        self.clock = Clock()
        self.text = TextPool(random.Random(plan.seed + 1))
        self.tag_names = tag_names(plan.tags, random.Random(plan.seed + 2))
        # Zipf over tag ranks: the first tags are on a large share of questions.
        self.tag_cumulative = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(plan.tags)))
        users = plan.users + 1
        self.reputation = array("i", [1]) * users
        self.post_counts = array("i", [0]) * users
        self.tag_counts = array("i", [0]) * plan.tags
        self.question_ids = array("i")
        self.closed_ids: set[int] = set()
        self.open_questions: list[list[int]] = []
        self.next_comment = 1
        self.next_vote = 1
        self.next_history = 1
        self.next_link = 1

    # ------------------------------------------------------------ distributions

    def _user_at(self, when: int) -> int:
        """Someone whose account existed at ``when``; old accounts post far more (power users)."""
        existing = max(1, int(self.plan.users * min(1.0, (when + 60 * MS_PER_DAY) / SPAN_MS)))
        return 1 + int(existing * self.rng.random() ** 2.5)

    def _user_created(self, user_id: int) -> int:
        return int(SPAN_MS * (user_id - 1) / self.plan.users) - 60 * MS_PER_DAY

    def _answer_count(self) -> int:
        roll = self.rng.random()
        if roll < 0.22:
            return 0
        if roll < 0.55:
            return 1
        if roll < 0.75:
            return 2
        if roll < 0.87:
            return 3
        return min(80, 3 + int(self.rng.paretovariate(1.5)))

    def _comment_count(self) -> int:
        roll = self.rng.random()
        for bound, count in ((0.48, 0), (0.68, 1), (0.80, 2), (0.88, 3), (0.93, 4), (0.96, 5)):
            if roll < bound:
                return count
        return min(60, 5 + int(self.rng.paretovariate(1.2)))

    def _score(self, bias: int = 0) -> int:
        if self.rng.random() < 0.07:
            return -self.rng.randint(1, 3)
        return min(4000, int(self.rng.paretovariate(1.4)) - 1 + bias)

    def _tags(self) -> list[int]:
        wanted = (1, 2, 2, 3, 3, 3, 4, 4, 5)[self.rng.randrange(9)]
        total = self.tag_cumulative[-1]
        chosen: dict[int, None] = {}
        while len(chosen) < wanted:
            chosen[bisect(self.tag_cumulative, self.rng.random() * total)] = None
        return list(chosen)

    def _guid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _answer_counts(self) -> array[int]:
        """Answers per question, long-tailed, adjusted to sum to exactly the planned answers;
        the two benchmark threads are fixed."""
        plan = self.plan
        counts = array("i", (self._answer_count() for _ in range(plan.questions)))
        fixed = {plan.seed_like_index: len(SEED_LIKE_COMMENTS) - 1, plan.fifty_index: FIFTY_ANSWERS}
        for index, count in fixed.items():
            counts[index] = count
        total = sum(counts)
        while total != plan.answers:
            index = self.rng.randrange(plan.questions)
            if index in fixed:
                continue
            if total > plan.answers and counts[index] > 0:
                counts[index] -= 1
                total -= 1
            elif total < plan.answers:
                counts[index] += 1
                total += 1
        return counts

    # ------------------------------------------------------------ the run

    def run(self) -> dict[str, Any]:
        plan = self.plan
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / STAMP).unlink(missing_ok=True)
        started = time.monotonic()
        files = {
            "posts": DumpFile(self.out / "Posts.xml", "posts"),
            "comments": DumpFile(self.out / "Comments.xml", "comments"),
            "votes": DumpFile(self.out / "Votes.xml", "votes"),
            "posthistory": DumpFile(self.out / "PostHistory.xml", "posthistory"),
            "postlinks": DumpFile(self.out / "PostLinks.xml", "postlinks"),
        }
        self.files = files
        counts = self._answer_counts()
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        manifest: dict[str, Any] = {}
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task(f"{plan.posts:,} posts", total=plan.posts)
            next_id = 1
            step = max(1, plan.questions // 500)
            for index in range(plan.questions):
                created = int(SPAN_MS * index / plan.questions) + self.rng.randrange(3_600_000)
                answers = counts[index]
                special = ""
                if index == plan.seed_like_index:
                    special = "seed_like"
                elif index == plan.fifty_index:
                    special = "fifty"
                if special:
                    manifest[f"{special}_question"] = next_id
                self._thread(next_id, created, answers, special)
                next_id += 1 + answers
                if index % step == 0:
                    progress.update(task, completed=next_id - 1)
            progress.update(task, completed=plan.posts)
            wiki_posts = self._tag_wikis(next_id)
            self._users_and_badges(progress)
        for dump in files.values():
            dump.close()
        rows = {
            "Posts.xml": files["posts"].rows,
            "Comments.xml": files["comments"].rows,
            "Votes.xml": files["votes"].rows,
            "PostHistory.xml": files["posthistory"].rows,
            "PostLinks.xml": files["postlinks"].rows,
            "Tags.xml": plan.tags,
            "Users.xml": plan.users + 1,
            "Badges.xml": self.badge_rows,
        }
        profile_user = max(range(1, plan.users + 1), key=lambda user: self.post_counts[user])
        writers = [user for user in range(1, plan.users + 1) if self.reputation[user] >= 200]
        manifest.update(
            {
                **plan.stamp(),
                "questions": plan.questions,
                "answers": plan.answers,
                "tag_wiki_posts": wiki_posts,
                "users": plan.users,
                "tags": plan.tags,
                "top_tag": self.tag_names[0],
                "profile_user": profile_user,
                "profile_user_posts": self.post_counts[profile_user],
                # Accounts past the new-user limits (125 reputation) that may vote: they sign in
                # for the write benchmarks, each taking a few writes.
                "writers": writers[:: max(1, len(writers) // 4000)][:4000],
                # [question id, asker id] of open questions spread over the site, to answer and
                # vote on in the write benchmarks.
                "open_questions": self.open_questions,
                "rows": rows,
            }
        )
        (self.out / MANIFEST).write_text(json.dumps(manifest, indent=1))
        seconds = time.monotonic() - started
        stamp = {**plan.stamp(), "rows": rows, "seconds": round(seconds, 1)}
        (self.out / STAMP).write_text(json.dumps(stamp, indent=1))
        return stamp

    def _thread(self, question_id: int, created: int, answers: int, special: str) -> None:
        rng = self.rng
        plan = self.plan
        owner = self._user_at(created)
        answer_ids = list(range(question_id + 1, question_id + 1 + answers))
        answer_created = sorted(
            min(SPAN_MS, created + int(rng.expovariate(1 / (2 * MS_PER_DAY))) + 60_000) for _ in answer_ids
        )
        answer_owners = [self._user_at(moment) for moment in answer_created]
        answer_scores = [self._score(bias=1) for _ in answer_ids]
        if special:
            # The benchmark threads look like a popular question: every answer has a few votes.
            answer_scores = sorted((abs(score) + 3 for score in answer_scores), reverse=True)
        accepted: int | None = None
        if answers and (special or rng.random() < 0.55):
            best = max(range(answers), key=lambda n: answer_scores[n])
            accepted = best if rng.random() < 0.75 else rng.randrange(answers)
        if special == "seed_like":
            comment_counts = list(SEED_LIKE_COMMENTS)
        else:
            comment_counts = [self._comment_count() for _ in range(answers + 1)]
        tags = self._tags()
        for tag in tags:
            self.tag_counts[tag] += 1
        closed = not special and len(self.question_ids) > 10 and rng.random() < 0.04
        protected = special == "seed_like" or (not special and rng.random() < 0.003)
        self.question_ids.append(question_id)
        last_activity = max([created, *answer_created])

        # The question.
        score = self._score() if not special else 40 + rng.randrange(60)
        blocks = self.text.body(rng.randint(2, 5))
        edited_at = self._edit_time(created) if rng.random() < 0.2 else None
        editor = owner if rng.random() < 0.7 else self._user_at(edited_at or created)
        tag_text = "".join(f"&lt;{self.tag_names[tag]}&gt;" for tag in tags)
        title = self.text.title()
        views = int(20 + rng.paretovariate(1.3) * 40 * (1 + answers)) if not special else 250_000
        closed_at = created + int(rng.expovariate(1 / (3 * MS_PER_DAY))) + 600_000 if closed else None
        if edited_at is not None:
            last_activity = max(last_activity, edited_at)
        attrs = [f'Id="{question_id}" PostTypeId="1"']
        if accepted is not None:
            attrs.append(f'AcceptedAnswerId="{answer_ids[accepted]}"')
        attrs.append(
            f'CreationDate="{self.clock.stamp(created)}" Score="{score}" ViewCount="{views}" '
            f'Body="{join_html(blocks)}" OwnerUserId="{owner}"'
        )
        if edited_at is not None:
            attrs.append(f'LastEditorUserId="{editor}" LastEditDate="{self.clock.stamp(edited_at)}"')
        attrs.append(
            f'LastActivityDate="{self.clock.stamp(last_activity)}" Title="{title}" Tags="{tag_text}" '
            f'AnswerCount="{answers}" CommentCount="{comment_counts[0]}"'
        )
        if closed_at is not None:
            attrs.append(f'ClosedDate="{self.clock.stamp(closed_at)}"')
        attrs.append(f'ContentLicense="{licence(created)}"')
        self.files["posts"].row(" ".join(attrs))
        self.post_counts[owner] += 1
        self._votes(question_id, created, score, owner, question=True)
        self._comments(question_id, created, comment_counts[0], special == "seed_like")
        self._history(question_id, created, owner, blocks, edited_at, editor, title=title, tags=tags)
        if closed_at is not None:
            self._close(question_id, closed_at)
        if protected:
            self._protect(question_id, created + 30 * MS_PER_DAY)
        if rng.random() < 0.03 and len(self.question_ids) > 1:
            self._link(question_id, self.question_ids[rng.randrange(len(self.question_ids) - 1)], 1, created)
        if not closed and not protected and rng.random() < 20_000 / plan.questions:
            self.open_questions.append([question_id, owner])

        # Its answers.
        for n, answer_id in enumerate(answer_ids):
            answer_at = answer_created[n]
            answer_owner = answer_owners[n]
            blocks = self.text.body(rng.randint(1, 4))
            edited_at = self._edit_time(answer_at) if rng.random() < 0.12 else None
            editor = answer_owner if rng.random() < 0.8 else self._user_at(edited_at or answer_at)
            answer_activity = edited_at or answer_at
            attrs = [
                f'Id="{answer_id}" PostTypeId="2" ParentId="{question_id}" '
                f'CreationDate="{self.clock.stamp(answer_at)}" Score="{answer_scores[n]}" '
                f'Body="{join_html(blocks)}" OwnerUserId="{answer_owner}"'
            ]
            if edited_at is not None:
                attrs.append(f'LastEditorUserId="{editor}" LastEditDate="{self.clock.stamp(edited_at)}"')
            attrs.append(
                f'LastActivityDate="{self.clock.stamp(answer_activity)}" '
                f'CommentCount="{comment_counts[n + 1]}" ContentLicense="{licence(answer_at)}"'
            )
            self.files["posts"].row(" ".join(attrs))
            self.post_counts[answer_owner] += 1
            self._votes(answer_id, answer_at, answer_scores[n], answer_owner, question=False)
            if accepted == n:
                accepted_at = answer_at + 3_600_000
                self.files["votes"].row(
                    f'Id="{self.next_vote}" PostId="{answer_id}" VoteTypeId="1" '
                    f'CreationDate="{self.clock.day(accepted_at)}"'
                )
                self.next_vote += 1
                self.reputation[answer_owner] += 15
                self.reputation[owner] += 2
            self._comments(answer_id, answer_at, comment_counts[n + 1], special == "seed_like")
            self._history(answer_id, answer_at, answer_owner, blocks, edited_at, editor)

    def _edit_time(self, created: int) -> int:
        return min(SPAN_MS, created + 120_000 + int(self.rng.expovariate(1 / (20 * MS_PER_DAY))))

    def _votes(self, post_id: int, created: int, score: int, owner: int, *, question: bool) -> None:
        rng = self.rng
        downs = -score + (1 if rng.random() < 0.3 else 0) if score < 0 else 1 if rng.random() < 0.1 else 0
        ups = score + downs
        self.reputation[owner] += 10 * ups - 2 * downs
        write = self.files["votes"].row
        day = self.clock.day
        vote_id = self.next_vote
        for kind, count in ((2, ups), (3, downs)):
            for _ in range(count):
                when = created + int(rng.random() ** 3 * 400 * MS_PER_DAY)
                write(f'Id="{vote_id}" PostId="{post_id}" VoteTypeId="{kind}" CreationDate="{day(when)}"')
                vote_id += 1
        self.next_vote = vote_id

    def _comments(self, post_id: int, created: int, count: int, lively: bool) -> None:
        rng = self.rng
        write = self.files["comments"].row
        when = created
        pool = self.text.comments
        for _ in range(count):
            when = min(SPAN_MS, when + 60_000 + int(rng.expovariate(1 / (6 * 3_600_000))))
            score = int(rng.paretovariate(1.5)) - 1 if lively or rng.random() < 0.25 else 0
            author = self._user_at(when)
            who = (
                f'UserId="{author}"'
                if rng.random() > 0.01
                else f'UserDisplayName="user{rng.randrange(10**6)}"'
            )
            write(
                f'Id="{self.next_comment}" PostId="{post_id}" Score="{score}" Text="{rng.choice(pool)}" '
                f'CreationDate="{self.clock.stamp(when)}" {who} ContentLicense="{licence(when)}"'
            )
            self.next_comment += 1

    def _history_row(
        self, kind: int, post_id: int, guid: str, when: int, user: int, text: str, comment: str = ""
    ) -> None:
        comment_attr = f' Comment="{comment}"' if comment else ""
        self.files["posthistory"].row(
            f'Id="{self.next_history}" PostHistoryTypeId="{kind}" PostId="{post_id}" '
            f'RevisionGUID="{guid}" CreationDate="{self.clock.stamp(when)}" UserId="{user}"'
            f'{comment_attr} Text="{text}" ContentLicense="{licence(when)}"'
        )
        self.next_history += 1

    def _history(
        self,
        post_id: int,
        created: int,
        owner: int,
        blocks: list[Any],
        edited_at: int | None,
        editor: int,
        *,
        title: str = "",
        tags: list[int] | None = None,
    ) -> None:
        """Initial rows for every post (title, body, tags for questions; body for answers) and,
        for edited posts, an earlier body in the initial row and the current one in an edit."""
        guid = self._guid()
        initial = blocks[:-1] if edited_at is not None and len(blocks) > 1 else blocks
        names = [self.tag_names[tag] for tag in tags or ()]
        if title:
            self._history_row(1, post_id, guid, created, owner, title)
        self._history_row(2, post_id, guid, created, owner, join_markdown(initial))
        retagged = edited_at is not None and len(names) > 1 and self.rng.random() < 0.2
        if title:
            first_tags = names[:-1] if retagged else names
            self._history_row(3, post_id, guid, created, owner, "".join(f"&lt;{n}&gt;" for n in first_tags))
        if edited_at is None:
            return
        guid = self._guid()
        added = len(join_markdown(blocks)) - len(join_markdown(initial))
        summary = f"added {added} characters in body" if added else "edited body"
        self._history_row(5, post_id, guid, edited_at, editor, join_markdown(blocks), summary)
        if retagged:
            tag_text = "".join(f"&lt;{n}&gt;" for n in names)
            self._history_row(6, post_id, guid, edited_at, editor, tag_text, "edited tags")

    def _voters(self, count: int, when: int) -> tuple[int, str]:
        voters = [self._user_at(when) for _ in range(count)]
        listed = ",".join(f'{{"Id":{voter},"DisplayName":"{display_name(voter)}"}}' for voter in voters)
        return voters[0], f'"Voters":[{listed}]'

    def _close(self, question_id: int, when: int) -> None:
        reason = self.rng.choice(CLOSE_REASONS)
        first, voters = self._voters(self.rng.randint(3, 5), when)
        body = voters
        if reason == 101:
            original = self.question_ids[self.rng.randrange(len(self.question_ids) - 1)]
            body = f'"OriginalQuestionIds":[{original}],{voters}'
            self._link(question_id, original, 3, when)
        self.files["posthistory"].row(
            f'Id="{self.next_history}" PostHistoryTypeId="10" PostId="{question_id}" '
            f'RevisionGUID="{self._guid()}" CreationDate="{self.clock.stamp(when)}" UserId="{first}" '
            f'Comment="{reason}" Text="{xml_attr("{" + body + "}")}"'
        )
        self.next_history += 1

    def _protect(self, question_id: int, when: int) -> None:
        first, voters = self._voters(1, when)
        self.files["posthistory"].row(
            f'Id="{self.next_history}" PostHistoryTypeId="19" PostId="{question_id}" '
            f'RevisionGUID="{self._guid()}" CreationDate="{self.clock.stamp(min(when, SPAN_MS))}" '
            f'UserId="{first}" Text="{xml_attr("{" + voters + "}")}"'
        )
        self.next_history += 1

    def _link(self, post_id: int, related_id: int, kind: int, when: int) -> None:
        self.files["postlinks"].row(
            f'Id="{self.next_link}" CreationDate="{self.clock.stamp(when)}" PostId="{post_id}" '
            f'RelatedPostId="{related_id}" LinkTypeId="{kind}"'
        )
        self.next_link += 1

    def _tag_wikis(self, next_id: int) -> int:
        """An excerpt (type 4) and a wiki (type 5) for the most used tags, owned by Community
        as in real dumps, with their initial history; then Tags.xml."""
        wiki_ids: dict[int, tuple[int, int]] = {}
        when = SPAN_MS // 4
        for tag in range(self.plan.tag_wikis):
            excerpt_id, wiki_id = next_id, next_id + 1
            next_id += 2
            wiki_ids[tag] = (excerpt_id, wiki_id)
            for post_id, post_type, blocks in (
                (excerpt_id, 4, self.text.body(1)),
                (wiki_id, 5, self.text.body(self.rng.randint(2, 5))),
            ):
                stamp = self.clock.stamp(when)
                self.files["posts"].row(
                    f'Id="{post_id}" PostTypeId="{post_type}" CreationDate="{stamp}" Score="0" '
                    f'Body="{join_html(blocks)}" OwnerUserId="-1" LastEditorUserId="-1" '
                    f'LastEditDate="{stamp}" LastActivityDate="{stamp}" CommentCount="0" '
                    f'ContentLicense="{licence(when)}"'
                )
                self._history_row(2, post_id, self._guid(), when, -1, join_markdown(blocks))
        tags = DumpFile(self.out / "Tags.xml", "tags")
        for tag, name in enumerate(self.tag_names):
            wiki = wiki_ids.get(tag)
            links = f' ExcerptPostId="{wiki[0]}" WikiPostId="{wiki[1]}"' if wiki else ""
            tags.row(f'Id="{tag + 1}" TagName="{name}" Count="{self.tag_counts[tag]}"{links}')
        tags.close()
        return 2 * len(wiki_ids)

    def _users_and_badges(self, progress: Progress) -> None:
        """Users.xml with the reputation their posts earned, and Badges.xml to match."""
        rng = self.rng
        users = DumpFile(self.out / "Users.xml", "users")
        badges = DumpFile(self.out / "Badges.xml", "badges")
        task = progress.add_task("users and badges", total=self.plan.users)
        users.row(
            f'Id="-1" Reputation="1" CreationDate="{self.clock.stamp(0)}" DisplayName="Community" '
            f'LastAccessDate="{self.clock.stamp(0)}" WebsiteUrl="https://stackexchange.com/" '
            f'Location="on the server farm" AboutMe="{self.text.about[0]}" Views="0" UpVotes="1000" '
            f'DownVotes="1000" AccountId="-1"'
        )
        badge_id = 1
        for user in range(1, self.plan.users + 1):
            created = max(0, self._user_created(user))
            reputation = max(1, self.reputation[user])
            seen = min(SPAN_MS, created + int(rng.random() * (SPAN_MS - created)))
            attrs = [
                f'Id="{user}" Reputation="{reputation}" CreationDate="{self.clock.stamp(created)}" '
                f'DisplayName="{display_name(user)}" LastAccessDate="{self.clock.stamp(seen)}"'
            ]
            if rng.random() < 0.1:
                attrs.append(f'WebsiteUrl="https://example.org/~u{user}"')
            if rng.random() < 0.4:
                attrs.append(f'Location="{rng.choice(CITIES)}"')
            if rng.random() < 0.3:
                attrs.append(f'AboutMe="{rng.choice(self.text.about)}"')
            up_votes = int(rng.paretovariate(1.2)) - 1
            attrs.append(
                f'Views="{int(rng.paretovariate(1.1)) - 1 + self.post_counts[user]}" '
                f'UpVotes="{up_votes}" DownVotes="{up_votes // 8}" AccountId="{user + 1_000_000}"'
            )
            users.row(" ".join(attrs))
            # Badges grow with the logarithm of reputation: bronze first, gold for the few.
            earned = [("Autobiographer", 3)] if rng.random() < 0.3 else []
            level = int(math.log2(reputation)) if reputation > 1 else 0
            earned += [
                (("Student", "Teacher", "Editor", "Supporter", "Commentator")[n % 5], 3)
                for n in range(level // 2)
            ]
            if level >= 8:
                earned += [("Nice Answer", 3), ("Yearling", 2), ("Good Answer", 2)]
            if level >= 12:
                earned += [("Great Answer", 1), (self.tag_names[user % 20], 2)]
            for name, badge_class in earned:
                when = min(SPAN_MS, created + int(rng.random() * (SPAN_MS - created)))
                tag_based = "True" if name in self.tag_names[:20] else "False"
                badges.row(
                    f'Id="{badge_id}" UserId="{user}" Name="{name}" Date="{self.clock.stamp(when)}" '
                    f'Class="{badge_class}" TagBased="{tag_based}"'
                )
                badge_id += 1
            if user % 1000 == 0:
                progress.update(task, completed=user)
        progress.update(task, completed=self.plan.users)
        users.close()
        badges.close()
        self.badge_rows = badges.rows


def generate(posts: int, seed: int = 1, *, root: Path = DATA_ROOT, force: bool = False) -> Path:
    """Write the site of ``posts`` posts under ``root/<posts>`` unless it is already there."""
    if posts < 1000:
        raise SystemExit("--posts must be at least 1000 (the benchmark threads need room).")
    plan = Plan(posts=posts, seed=seed)
    out = folder(posts, root)
    if not force and is_complete(out, plan):
        console.print(f"{out}: already generated (delete {STAMP} or pass --force to redo it)")
        return out
    stamp = Generator(plan, out).run()
    total = sum(stamp["rows"].values())
    console.print(f"{out}: {total:,} rows in {stamp['seconds']} s")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--posts", type=int, default=1_000_000, help="questions and answers (default 1000000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--root", type=Path, default=DATA_ROOT, help="where sites go (default bench/data)")
    parser.add_argument("--force", action="store_true", help="regenerate even if already complete")
    args = parser.parse_args(argv)
    generate(args.posts, args.seed, root=args.root, force=args.force)


if __name__ == "__main__":
    main(sys.argv[1:])
