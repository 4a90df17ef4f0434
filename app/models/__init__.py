"""The ORM models, one module per aggregate."""

from app.models.body import Body, BodyKind
from app.models.user import ROLE_LABELS, Role, User, UserRole

__all__ = ["ROLE_LABELS", "Body", "BodyKind", "Role", "User", "UserRole"]
