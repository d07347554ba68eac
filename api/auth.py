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


def current_user() -> User | None:
    """The caller, or None when anonymous. A bad token is a 401, never silently anonymous."""
    if "sigap_user" not in g:
        token = bearer_token()
        if token is None:
            g.sigap_user = None
        else:
            with read() as conn:  # inside the request's own transaction: no extra BEGIN/COMMIT
                g.sigap_user = user_for_token(conn, token)
    return g.sigap_user


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
