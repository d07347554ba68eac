"""Numbers and yes/no flags from form fields, JSON bodies and query strings, with the bilingual 400
every endpoint gives for one that is not one (shared by the reports and analytics views)."""
from __future__ import annotations

from geo.errors import InvalidInput


def number(raw: object, name: str) -> float | None:
    """A number from a form field (text) or a JSON value (number or text); anything else, a
    boolean included, is a 400 with the field's name. Empty: None."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    try:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise ValueError
        return float(raw)
    except ValueError:
        raise InvalidInput(f"{name} harus angka.", f"{name} must be a number.",
                           code="invalid_coordinates" if name in ("lng", "lat") else f"invalid_{name}") from None


def integer(raw: object, name: str, code: str = "invalid_number") -> int | None:
    """A whole number from text or JSON (not a boolean, not 4.5); empty: None; else a 400 `code`."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InvalidInput(f"{name} harus bilangan bulat.", f"{name} must be an integer.", code=code)
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{name} harus bilangan bulat.", f"{name} must be an integer.", code=code) from None


def flag(raw: object, name: str) -> bool:
    """A yes/no from JSON (true/false) or a form field ("1"/"0", "true"/"false", "on"); absent or
    empty: no; anything else a 400 with the field's name."""
    if raw is None or raw == "" or raw is False:
        return False
    if raw is True:
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("1", "true", "on", "ya", "yes", "0", "false", "off", "tidak", "no"):
        return raw.strip().lower() in ("1", "true", "on", "ya", "yes")
    raise InvalidInput(f"{name} harus ya/tidak (true/false).", f"{name} must be true or false.", code=f"invalid_{name}")
