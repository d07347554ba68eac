"""Address search for the report form and /ops: OSM streets, places and POIs, and the
kelurahan, typo-tolerant (pg_trgm word similarity) and aware of Indonesian abbreviations
("Jl." = "Jalan", "Gg." = "Gang", "Kel." = "Kelurahan"), limited to the city by the import."""
from __future__ import annotations

from typing import Any

from geo.cities import City
from geo.db import Conn, query
from geo.errors import InvalidInput

THRESHOLD = 0.5  # word similarity: "sudirmn" still finds "jalan jenderal sudirman"
MAX_LIMIT = 20


def street_at(conn: Conn, lng: float, lat: float) -> dict[str, Any] | None:
    """The nearest named street within 300 m (None without an OSM import or a street near)."""
    row = conn.execute(query("street_at"), {"lng": lng, "lat": lat}).fetchone()
    return {"name": row["name"], "distance_m": float(row["distance_m"])} if row else None


def osm_status(conn: Conn) -> dict[str, Any] | None:
    """The current OpenStreetMap import (source file, time, attribution), or None."""
    row = conn.execute(query("osm_status")).fetchone()
    if row is None or not row["roads"]:
        return None
    return {**row, "imported_at": row["imported_at"].isoformat()}


def search(conn: Conn, q: str | None, limit: Any = 10, city: City | None = None) -> list[dict[str, Any]]:
    """Streets, places, POIs and kelurahan matching `q` (typo-tolerant), within `city` when given."""
    text = (q or "").strip()
    if len(text) < 3 or len(text) > 200:
        raise InvalidInput("q harus 3–200 karakter.", "q must be 3–200 characters.", code="invalid_q")
    try:
        n = int(limit)
    except (TypeError, ValueError):
        raise InvalidInput("limit harus bilangan bulat.", "limit must be an integer.", code="invalid_limit") from None
    if not 1 <= n <= MAX_LIMIT:
        raise InvalidInput(f"limit harus 1..{MAX_LIMIT}.", f"limit must be 1..{MAX_LIMIT}.", code="invalid_limit")
    conn.execute(query("geocode_threshold"), {"threshold": str(THRESHOLD)})
    box = city.bbox if city and city.bbox else (None, None, None, None)
    rows = conn.execute(query("geocode"), {  # custom plan: index
        "q": text, "limit": n, "city_id": city.id if city else None,
        "minx": box[0], "miny": box[1], "maxx": box[2], "maxy": box[3]}, prepare=False).fetchall()
    return [{**r, "score": float(r["score"])} for r in rows]
