"""Access decorators shared by the areas."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import login_required

from app.security import acting_user


def role_required(*roles: str):
    """Allow a view only to signed-in users holding one of the roles (others: 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not acting_user().has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
