"""Domain errors that actions raise: a sentence a person can read and the HTTP status that
fits it. HTML views show the sentence beside the form; the API turns it into its error
object; nothing has changed when one is raised (actions run in one transaction)."""

from __future__ import annotations

from datetime import datetime


class ActionError(Exception):
    """Base class: ``message`` is shown to the person; ``status`` is the HTTP status."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ActionError):
    """The request itself is wrong: too short, too long, unknown tag, bad id."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotPermitted(ActionError):
    """The actor lacks the privilege or the role for this action."""

    status = 403


class NotFound(ActionError):
    """The object does not exist or the actor may not see it (the two look the same)."""

    status = 404


class Conflict(ActionError):
    """The object's state forbids the action now (locked, closed, deleted)."""

    status = 409


class RateLimited(ActionError):
    """A limit was reached; ``retry_at`` says when the actor may try again."""

    status = 429

    def __init__(self, message: str, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at
