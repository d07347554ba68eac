"""Links to confidential reports' photos (a missing person, a health report). A public photo's
link is its unguessable key, kept for good and cached by anyone; a confidential one's is signed
and works for some hours (6 to 7: the same link for a whole hour, so a phone's cache keeps it), and
is cached privately only. A link passed on from /ops or /petugas stops working; before, it was a
capability for ever, cached publicly for a day (a GIS walk opened one logged out)."""
from __future__ import annotations

import hmac
import time
from collections.abc import Callable

from geo.db import Conn, query
from geo.photos import media_url

HOURS = 6
_secrets: dict[str, bytes] = {}
Link = Callable[[str | None, str], str | None]


def database_key(conn: Conn) -> bytes:
    """The database's key (migration 0045), read once per process and database. It also signs
    password reset links (geo/passwordreset.py), with a purpose of their own in what is signed."""
    where = f"{conn.info.host}:{conn.info.port}/{conn.info.dbname}"
    if where not in _secrets:
        row = conn.execute(query("media_secret")).fetchone()
        if row is None:
            raise LookupError("media_secret is empty: run the migrations")
        _secrets[where] = str(row["secret"]).encode()
    return _secrets[where]


def _mac(secret: bytes, key: str, variant: str, until: int) -> str:
    return hmac.new(secret, f"{key}/{variant}/{until}".encode(), "sha256").hexdigest()[:32]


def signer(conn: Conn, now: float | None = None) -> Link:
    """A function giving a signed link to a photo of a confidential report."""
    secret = database_key(conn)
    until = (int(now if now is not None else time.time()) // 3600 + HOURS + 1) * 3600

    def sign(key: str | None, variant: str = "public") -> str | None:
        url = media_url(key, variant)
        return f"{url}?until={until}&sig={_mac(secret, key, variant, until)}" if url and key else None
    return sign


def links(conn: Conn, confidential: bool) -> Link:
    """How a report's photos are linked: signed when it is confidential."""
    return signer(conn) if confidential else media_url


def valid(conn: Conn, key: str, variant: str, until: str | None, sig: str | None) -> int | None:
    """Seconds the link still works, or None (no signature, a wrong one, or expired)."""
    if not until or not sig or not until.isdigit():
        return None
    left = int(until) - int(time.time())
    if left <= 0 or not hmac.compare_digest(_mac(database_key(conn), key, variant, int(until)), sig):
        return None
    return left


# key -> (signed, when asked, for good): a confidential category's photo stays signed (its category
# is for good: never asked again); one whose report's words and photos are withheld (0056), or a
# public one, is asked again after PUBLIC_TTL_S: withheld, it stops being served unsigned within
# that time by every process, and shown again, is served unsigned again. (A report moved into a
# confidential category gets new keys at once: geo/recategorize.py.)
_known: dict[str, tuple[bool, float, bool]] = {}
KNOWN_MAX = 100_000
PUBLIC_TTL_S = 60.0


def known_public(key: str) -> bool:
    """Known to be a public report's photo within the last minute: served without a database
    connection (a list's thumbnails took one each, every time)."""
    hit = _known.get(key)
    return hit is not None and not hit[0] and time.monotonic() - hit[1] < PUBLIC_TTL_S


def is_confidential(conn: Conn, key: str) -> bool:
    """Asked of the database once per photo and process, or once a minute for one that may change
    (on Citus a query to every shard: the link names no city)."""
    hit = _known.get(key)
    if hit is None or (not hit[2] and time.monotonic() - hit[1] >= PUBLIC_TTL_S):
        row = conn.execute(query("photo_confidential"), {"key": key}).fetchone()
        if row is None:  # no report owns it: an old key after a move (geo/recategorize.py) or a rollback's
            return True  # never public (only report photos are published); asked again next time
        if len(_known) >= KNOWN_MAX:
            _known.clear()
        hit = _known[key] = (bool(row["confidential"] or row["withheld"]), time.monotonic(), bool(row["confidential"]))
    return hit[0]
