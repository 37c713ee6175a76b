"""The importer's bookkeeping: which dump is being imported, how far each step got, and what
the loader set aside until the end.

Each batch of rows is committed in one transaction together with its step's checkpoint, so an
import killed at any moment restarts from the last committed batch and ends as a clean run
would.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    """One import of one dump (a folder, an archive or a single file)."""

    # Identifies the dump: its path and the names and sizes of its files.
    source_key = models.CharField(max_length=64, db_index=True)
    source = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    merge = models.BooleanField(default=False)
    # The checks done after loading (counts compared with the rows), for the report.
    checks = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"import of {self.source} ({'finished' if self.finished_at else 'unfinished'})"


class ImportStep(models.Model):
    """How far one step (a file, or one pass over Posts.xml) got: its checkpoint."""

    # Looked up through the index on (run, …) below.
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="steps", db_index=False)
    name = models.CharField(max_length=40)
    # Rows of the file consumed (imported or skipped) and committed; a restart skips them.
    rows_done = models.BigIntegerField(default=0)
    finished = models.BooleanField(default=False)
    # The step's report so far: rows read, imported, skipped with reasons and example lines.
    report = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="importstep_one_per_run")]

    def __str__(self) -> str:
        return f"{self.name}: {self.rows_done} rows"


class ImportConflict(models.Model):
    """A dump user or post whose id the site already used (``--merge``): the site's row was
    left alone, and the dump's rows that point at that id are not attached to it."""

    # Looked up through the index on (run, …) below.
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="conflicts", db_index=False)
    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "object_id"], name="importconflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class PendingAccept(models.Model):
    """A question's AcceptedAnswerId, held until the answers are loaded (the database checks
    that an accepted answer belongs to its question, so it is set at the end)."""

    # Looked up through the index on (run, …) below.
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="+", db_index=False)
    question_id = models.BigIntegerField()
    answer_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["run", "question_id"], name="pendingaccept_run_question_idx")]

    def __str__(self) -> str:
        return f"{self.question_id} accepts {self.answer_id}"
