"""Bearer-token authentication and role checks for blueprints."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from api.deps import read
from geo.accounts import User, user_for_token
from geo.errors import Forbidden, Unauthorized

F = TypeVar("F", bound=Callable[..., Any])


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


# What a person whose password an admin chose may still do: see who they are, set their own
# password, sign out.
FIRST_PASSWORD_ENDPOINTS = frozenset({"accounts.me", "accounts.change_password", "accounts.logout"})


def current_user() -> User | None:
    """The caller, or None when anonymous. A bad token is a 401, never silently anonymous; a
    password an admin chose is a 403 until its owner has chosen their own."""
    if "sigap_user" not in g:
        token = bearer_token()
        if token is None:
            g.sigap_user = None
        else:
            with read() as conn:  # inside the request's own transaction: no extra BEGIN/COMMIT
                g.sigap_user = user_for_token(conn, token)
    user: User | None = g.sigap_user
    if user is not None and user.must_change_password and request.endpoint not in FIRST_PASSWORD_ENDPOINTS:
        raise Forbidden("Ganti dulu kata sandi dari admin dengan kata sandi Anda sendiri.",
                        "First replace the password your admin gave you with one of your own.",
                        code="password_change_required")
    return user


def require_user() -> User:
    user = current_user()
    if user is None:
        raise Unauthorized()
    return user


def roles(*allowed: str) -> Callable[[F], F]:
    """Decorator: the caller must be logged in with one of `allowed` roles."""

    def deco(fn: F) -> F:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = require_user()
            if user.role not in allowed:
                raise Forbidden(details={"required_roles": list(allowed)})
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco
