"""Filter values checked against the city's own lists, on every surface that filters reports.

A misspelt category, an agency in lower case or a kecamatan that is not the city's answered 200
with nothing on the list, the exports, OGC items and the statistics (the tiles said 400): a
journalist could publish "0 reports" from a typo (a planner's walk). Now each is a 400 that names
what the city has; codes and names are taken in any case and passed on as the city spells them.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from psycopg.rows import dict_row

from geo.db import Conn, query
from geo.errors import InvalidInput

CHECKED = ("category", "agency", "kecamatan", "kelurahan")
WORDS = {"category": "Kategori", "agency": "OPD", "kecamatan": "Kecamatan", "kelurahan": "Kelurahan"}


def checked(conn: Conn, city_id: int, args: Mapping[str, Any]) -> dict[str, Any]:
    """`args` with each category, agency, kecamatan and kelurahan as the city spells it (an id stays
    an id); 400 invalid_<filter> for a value the city does not have, its own in `details.allowed`."""
    out = dict(args)
    given = {k: str(args[k]) for k in CHECKED if args.get(k)}
    if not given:
        return out
    known: dict[str, dict[str, str]] = {k: {} for k in CHECKED}
    for r in conn.cursor(row_factory=dict_row).execute(query("filter_vocabulary"), {"city_id": city_id}):
        known[r["kind"]][r["value"].lower()] = r["value"]
        if r["id"] is not None:
            known[r["kind"]][str(r["id"])] = str(r["id"])
    for name, raw in given.items():
        values = [v.strip() for v in raw.split(",") if v.strip()] if name == "category" else [raw.strip()]
        bad = [v for v in values if v.lower() not in known[name]]
        if bad or not values:
            names = sorted({v for k, v in known[name].items() if not k.isdigit()})
            raise InvalidInput(f"{WORDS[name]} tidak dikenal di kota ini: {', '.join(bad) or '(kosong)'}.",
                               f"Unknown {name} for this city: {', '.join(bad) or '(empty)'}.",
                               code=f"invalid_{name}", details={"allowed": names})
        # as the city spells it ("Oebobo " with a space found nothing, a 200 with nothing in it)
        out[name] = ",".join(known[name][v.lower()] for v in values)
    return out
