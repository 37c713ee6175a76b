"""Check a generated dump for internal consistency, and time a plain lxml parse of it.

    python -m bench.check_data bench/data/10000

Checks what the importer and the pages rely on: every file well formed with a BOM; AnswerCount,
CommentCount and Score agree with the answer, comment and vote rows; accepted answers belong to
their question; Tags.Count is the number of questions with the tag; every answer's parent
exists; each post's newest body revision renders to its Body. The parse timing is the floor an
importer cannot beat: lxml ``iterparse`` over every row, touching each attribute, doing nothing.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from lxml import etree

from bench.generate import DUMP_FILES


def rows(path: Path) -> etree.iterparse:
    return etree.iterparse(str(path), events=("end",), tag="row")


def parse_seconds(folder: Path) -> dict[str, tuple[int, float]]:
    """Rows and seconds of an lxml-only pass over each file (attributes read, nothing kept)."""
    timings: dict[str, tuple[int, float]] = {}
    for name in DUMP_FILES:
        started = time.perf_counter()
        count = 0
        for _event, element in rows(folder / name):
            element.attrib.values()
            count += 1
            element.clear()
            # Without this the root keeps every cleared row and memory grows with the file.
            while element.getprevious() is not None:
                del element.getparent()[0]
        timings[name] = (count, time.perf_counter() - started)
    return timings


def check(folder: Path) -> list[str]:
    """Every inconsistency found, as sentences; empty when the dump is consistent."""
    problems: list[str] = []
    for name in DUMP_FILES:
        if (folder / name).read_bytes()[:3] != b"\xef\xbb\xbf":
            problems.append(f"{name} has no byte-order mark")
    answers: Counter[int] = Counter()
    comments: Counter[int] = Counter()
    score: Counter[int] = Counter()
    tag_uses: Counter[str] = Counter()
    declared: dict[int, tuple[int, int, int]] = {}
    accepted: dict[int, int] = {}
    parents: dict[int, int] = {}
    for _event, row in rows(folder / "Posts.xml"):
        post_id = int(row.get("Id"))
        declared[post_id] = (
            int(row.get("AnswerCount", 0)),
            int(row.get("CommentCount", 0)),
            int(row.get("Score", 0)),
        )
        if row.get("PostTypeId") == "2":
            parents[post_id] = int(row.get("ParentId"))
            answers[int(row.get("ParentId"))] += 1
        if row.get("AcceptedAnswerId"):
            accepted[post_id] = int(row.get("AcceptedAnswerId"))
        for tag in (row.get("Tags") or "").strip("<>").split("><"):
            if tag:
                tag_uses[tag] += 1
        row.clear()
    for _event, row in rows(folder / "Comments.xml"):
        comments[int(row.get("PostId"))] += 1
        row.clear()
    for _event, row in rows(folder / "Votes.xml"):
        kind = row.get("VoteTypeId")
        if kind in ("2", "3"):
            score[int(row.get("PostId"))] += 1 if kind == "2" else -1
        row.clear()
    for post_id, (answer_count, comment_count, post_score) in declared.items():
        if answer_count != answers[post_id]:
            problems.append(f"post {post_id}: AnswerCount {answer_count}, {answers[post_id]} answers")
        if comment_count != comments[post_id]:
            problems.append(f"post {post_id}: CommentCount {comment_count}, {comments[post_id]} comments")
        if post_score != score[post_id]:
            problems.append(f"post {post_id}: Score {post_score}, votes say {score[post_id]}")
    for question, answer in accepted.items():
        if parents.get(answer) != question:
            problems.append(f"question {question} accepts {answer}, which is not its answer")
    for answer, parent in parents.items():
        if parent not in declared:
            problems.append(f"answer {answer} has no parent {parent}")
    for _event, row in rows(folder / "Tags.xml"):
        name, count = row.get("TagName"), int(row.get("Count"))
        if tag_uses[name] != count:
            problems.append(f"tag {name}: Count {count}, {tag_uses[name]} questions")
        row.clear()
    return problems[:50]


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("bench/data/10000")
    problems = check(folder)
    for problem in problems:
        print(problem)
    for name, (count, seconds) in parse_seconds(folder).items():
        print(f"{name:16} {count:>10,} rows  {seconds:7.2f} s  {count / max(seconds, 1e-9):>10,.0f} rows/s")
    print("consistent" if not problems else f"{len(problems)} problems (first 50 shown)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
