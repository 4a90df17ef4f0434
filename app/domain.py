"""Domain errors raised by operations and translated into messages by views."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action; ``message`` is shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """The object changed meanwhile (stale version, concurrent transition)."""

    status_code = 409


class PermissionDenied(DomainError):
    """The acting user may not do this."""

    status_code = 403
