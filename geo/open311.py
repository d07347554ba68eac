"""Open311 GeoReport v2: SIGAP's categories as services and reports as service requests,
so existing 311 apps and aggregators can read from and write to a city. Each city is its own
311 endpoint (/<city>/open311/v2), as every 311 city is."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from geo import photos, places
from geo.cities import City
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound, Unprocessable
from geo.report_views import is_date, parse_time
from geo.settings import Settings

CLOSED = ("resolved", "closed", "rejected", "duplicate")
MAX_SPAN = timedelta(days=90)


def services(conn: Conn, city_id: int) -> list[dict[str, Any]]:
    agencies = {a["code"]: a for a in places.agencies(conn, city_id)}
    return [{"service_code": c["code"], "service_name": c["name_id"],
             "description": f"{c['name_en']} — {agencies[c['agency']]['name_id']}",
             "metadata": False, "type": "realtime", "keywords": c["code"].replace("_", ","),
             "group": agencies[c["agency"]]["name_id"]} for c in places.categories(conn, city_id)]


def service_definition(conn: Conn, city_id: int, code: str) -> dict[str, Any]:
    if code not in {s["service_code"] for s in services(conn, city_id)}:
        raise NotFound(f"Layanan {code!r} tidak ada.", f"No service {code!r}.", code="unknown_service")
    return {"service_code": code, "attributes": []}


def _when(raw: str | None, name: str, city: City, *, end: bool = False) -> datetime | None:
    """start_date or end_date: a W3C time with its zone, or a plain date, the city's local day
    (end_date: to that day's end, both ends included, as OGC's `datetime` takes days). A time
    without its zone is refused, as W3C-DTF has no such form: both were read as UTC, eight hours
    off in Kupang, and a day's requests came without their first eight hours (a GIS walk)."""
    value = parse_time(raw, name, city.tz)
    if value is not None and end and raw is not None and is_date(raw):
        value += timedelta(days=1, microseconds=-1)
    return value


def requests(conn: Conn, city: City, args: dict[str, str], base_url: str) -> list[dict[str, Any]]:
    """GET one city's requests: by ids, or a window of at most 90 days (default the last 90)."""
    ids = None
    if args.get("service_request_id"):
        try:
            ids = [int(x) for x in args["service_request_id"].split(",") if x.strip()]
        except ValueError:
            raise InvalidInput("service_request_id tidak valid.", "Invalid service_request_id.",
                               code="invalid_service_request_id") from None
    # "This overrides all other arguments" (GeoReport v2): with service_code they answered [] (a review)
    chosen = {"codes": None, "start": None, "end": None, "statuses": None} if ids is not None else _filters(conn, city, args)
    rows = conn.execute(query("open311_requests"), {"ids": ids, **chosen, "city_id": city.id}).fetchall()
    return [_request(r, base_url, city) for r in rows]


def _filters(conn: Conn, city: City, args: dict[str, str]) -> dict[str, Any]:
    """The window, statuses and service codes asked for, checked."""
    end = _when(args.get("end_date"), "end_date", city, end=True)
    start = _when(args.get("start_date"), "start_date", city)
    if start and end and end <= start:  # answered [] as if nothing happened (a review)
        raise InvalidInput("end_date harus sesudah start_date.", "end_date must be after start_date.",
                           code="invalid_end_date")
    if start and end and end - start > MAX_SPAN:
        raise InvalidInput("Rentang tanggal maksimal 90 hari.", "The date range may not exceed 90 days.",
                           code="date_range_too_long")
    end = end or (start + MAX_SPAN if start else datetime.now(UTC))
    start = start or end - MAX_SPAN
    statuses = [s.strip() for s in args["status"].split(",")] if args.get("status") else None
    if statuses and any(s not in ("open", "closed") for s in statuses):
        raise InvalidInput("status harus open atau closed.", "status must be open or closed.", code="invalid_status")
    codes = [s.strip() for s in args["service_code"].split(",")] if args.get("service_code") else None
    unknown = sorted(set(codes or ()) - {s["service_code"] for s in services(conn, city.id)})
    if unknown:  # it answered an empty list, read as "no such requests" (the OGC API and exports refuse it)
        raise InvalidInput(f"service_code {unknown[0]!r} tidak ada.", f"No service_code {unknown[0]!r}.",
                           code="invalid_service_code")
    return {"codes": codes, "start": start, "end": end, "statuses": statuses}


def one(conn: Conn, city: City, request_id: str, base_url: str) -> list[dict[str, Any]]:
    if not request_id.isdigit():
        raise NotFound("Permintaan tidak ditemukan.", "Service request not found.", code="request_not_found")
    found = requests(conn, city, {"service_request_id": request_id}, base_url)
    if not found:
        raise NotFound("Permintaan tidak ditemukan.", "Service request not found.", code="request_not_found")
    return found


def fetch_media(settings: Settings, url: str) -> bytes:
    """The photo behind an Open311 media_url, from an allowed host only (SIGAP_OPEN311_MEDIA_HOSTS),
    at most the upload limit, within 10 s."""
    import urllib.request
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in settings.open311_media_hosts:
        raise InvalidInput("media_url dari host ini tidak diterima; kirim foto sebagai berkas 'media'.",
                           "media_url from this host is not accepted; send the photo as the file 'media'.",
                           code="media_host_not_allowed")
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # scheme and host checked above
            data: bytes = resp.read(photos.MAX_BYTES + 1)
    except OSError as exc:
        raise Unprocessable(f"media_url tidak dapat diambil: {exc}", f"media_url cannot be fetched: {exc}",
                            code="media_unreachable") from None
    return data


def location(conn: Conn, form: dict[str, Any], city: City | None = None) -> tuple[float, float]:
    """Where a new request is: lat/long, or else its address_string found by the geocoder
    (GeoReport v2: one of the two is required)."""
    from geo import geocode

    if form.get("lat") or form.get("long"):
        try:
            return float(form["long"]), float(form["lat"])
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("lat/long harus angka.", "lat/long must be numbers.",
                               code="invalid_coordinates") from None
    address = str(form.get("address_string") or "").strip()
    if not address:
        raise InvalidInput("lat/long atau address_string wajib diisi.", "lat/long or address_string is required.",
                           code="missing_location")
    if not 3 <= len(address) <= 200:  # said as the geocoder's own `q` (a review)
        raise InvalidInput("address_string harus 3–200 karakter.", "address_string must be 3–200 characters.",
                           code="invalid_address_string")
    hits = geocode.search(conn, address, 1, city)
    if not hits:
        raise Unprocessable(f"Alamat tidak ditemukan: {address[:100]}", f"Address not found: {address[:100]}",
                            code="address_not_found")
    return float(hits[0]["lng"]), float(hits[0]["lat"])


def _request(r: dict[str, Any], base_url: str, city: City) -> dict[str, Any]:
    closed = r["status"] in CLOSED
    return {
        "service_request_id": str(r["id"]), "status": "closed" if closed else "open",
        # staff notes are free text ("found at Mr Y's house"): a confidential report's say only its status
        "status_notes": r["status"] if r["confidential"] else (r["reject_reason"] or r["last_note"] or r["status"]),
        "service_name": r["service_name"], "service_code": r["service_code"],
        "description": None if r["confidential"] or r["withheld"] else r["description"],
        "agency_responsible": r["agency_responsible"], "service_notice": None,
        # In the city's zone with its offset, as GeoReport v2's examples and SIGAP's exports give them
        # (a client that drops the offset still shows the city's wall clock).
        "requested_datetime": r["created_at"].astimezone(city.tz).isoformat(),
        "updated_datetime": r["updated_at"].astimezone(city.tz).isoformat(),
        "expected_datetime": r["due_at"].astimezone(city.tz).isoformat(),
        "address": (f"{r['street']}, " if r["street"] else "") + f"Kel. {r['kelurahan']}, Kec. {r['kecamatan']}, {city.name}",
        "address_id": None,
        "zipcode": None, "lat": r["lat"], "long": r["lng"],
        "media_url": None if not r["photo_key"] or r["confidential"] or r["withheld"]
        else f"{base_url}/media/{r['photo_key']}/public.jpg",
    }
