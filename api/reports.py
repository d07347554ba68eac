"""Reports: submit (multipart with photo), read, support, merge, lifecycle, statistics."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from api import ratelimit
from api.accounts import json_body, str_field
from api.auth import current_user, require_user, roles
from api.city import current_city, report_city
from api.deps import settings, transaction
from api.replica import replica
from api.tilecache import forget
from api.values import flag, integer, number
from geo import cities, lifecycle, moderation, photos, recategorize, report_views, reports
from geo import stats as report_stats
from geo.errors import InvalidInput

bp = Blueprint("reports", __name__, url_prefix="/api/v1")


def _photo(field: str = "photo", required: bool = True) -> photos.Photo | None:
    upload = request.files.get(field)
    if upload is None:
        if required:
            raise InvalidInput("Foto wajib dilampirkan.", "A photo is required.", code="photo_required")
        return None
    return photos.inspect(upload.stream.read(photos.MAX_BYTES + 1))


def _form() -> dict[str, Any]:
    if request.mimetype == "application/json":
        return json_body()
    return request.form.to_dict()


@bp.post("/reports")
def submit() -> ResponseReturnValue:
    user = require_user()
    ratelimit.check_submission(user.id)
    form = _form()
    new = reports.NewReport(
        category=str_field(form, "category") or "",
        description=str_field(form, "description") or "",
        lng=number(form.get("lng"), "lng"), lat=number(form.get("lat"), "lat"),
        accuracy_m=number(form.get("accuracy"), "accuracy"),
        photo=_photo(), idempotency_key=request.headers.get("Idempotency-Key"))
    if not new.category:
        raise InvalidInput("Kategori wajib dipilih.", "A category is required.", code="category_required")
    with transaction() as conn:
        result = reports.submit(conn, settings(), user, new)
        view = report_views.get_report(conn, result.report_id, result.city_id, user)
        if result.point:  # a new report: its point is known
            touched = [result.point]
        else:  # merged into an open report (its tiles change too) or a replay (nothing changed)
            touched = [] if result.replayed else reports.points(conn, [result.report_id], result.city_id)
    forget(touched)  # its jobs reach Redis through the outbox relay, woken by the commit
    body = {"id": result.report_id, "created": result.created, "auto_merged": result.auto_merged,
            "replayed": result.replayed, "report": view, "possible_duplicates": result.possible_duplicates}
    resp = jsonify(body)
    resp.status_code = 201 if result.created else 200
    # Absolute, on the public URL (behind a trusted proxy: its scheme and host), naming the
    # report's city so that following it reads one city's data (one shard on Citus).
    resp.headers["Location"] = url_for("reports.get_report", report_id=result.report_id,
                                       city=view["properties"]["city"], _external=True)
    if result.replayed:
        resp.headers["Idempotent-Replayed"] = "true"
    return resp


@bp.get("/reports")
def list_reports() -> ResponseReturnValue:
    viewer = current_user()
    city = current_city()
    with replica() as conn:  # the primary for a signed-in viewer (read-your-own-writes)
        fc = report_views.list_reports(conn, viewer, request.args.to_dict(), city.id)
    resp = jsonify(fc)
    resp.mimetype = "application/geo+json"
    return resp


@bp.get("/reports/nearby")
def nearby() -> ResponseReturnValue:
    """Open reports of a category near a point: the form offers "dukung" instead of a duplicate.
    The point decides the city (a report goes to the city that holds it, whatever page sent it);
    a `?city=` is still checked, so a misspelt one is a 404, not a silent answer."""
    ratelimit.check_nearby()
    current_city()
    args = request.args
    if not args.get("category"):
        raise InvalidInput("Kategori wajib diisi.", "category is required.", code="category_required")
    lng, lat = number(args.get("lng"), "lng"), number(args.get("lat"), "lat")
    if lng is None or lat is None:
        raise InvalidInput("lng dan lat wajib diisi.", "lng and lat are required.", code="missing_coordinates")
    code = args["category"].strip().lower()  # in any case, as the list's filter takes it
    with transaction() as conn:
        reports.categories_named(conn, code)
        rows = [cities.zoned(r, cities.resolve(conn, r["city"]).tz)
                for r in reports.nearby_open(conn, settings(), lng, lat, code, viewer=current_user())]
    return jsonify({"reports": rows})


@bp.get("/reports/<int:report_id>/similar")
@roles("operator", "agency_admin", "admin")
def similar(report_id: int) -> ResponseReturnValue:
    """Possible duplicates of a report, for /ops: a tap puts one's number into "Gabungkan ke #"."""
    with transaction() as conn:
        city_id = report_city(conn, report_id)
        tz = cities.by_id(conn, city_id).tz
        rows = [cities.zoned(r, tz) for r in reports.similar(conn, settings(), report_id, city_id, require_user())]
    return jsonify({"reports": rows})


@bp.get("/reports/<int:report_id>")
def get_report(report_id: int) -> ResponseReturnValue:
    viewer = current_user()
    with transaction() as conn:
        return jsonify(report_views.get_report(conn, report_id, report_city(conn, report_id), viewer))


@bp.post("/reports/<int:report_id>/support")
def support(report_id: int) -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        city_id = report_city(conn, report_id)
        count, added = reports.support(conn, report_id, city_id, user)
        touched = reports.points(conn, [report_id], city_id) if added else []
    forget(touched)
    # added false: this resident supports it already (a second tap said "thank you" again)
    return jsonify({"id": report_id, "support_count": count, "added": added})


@bp.post("/reports/<int:report_id>/merge")
@roles("operator", "agency_admin", "admin")
def merge(report_id: int) -> ResponseReturnValue:
    body = json_body()
    into = body.get("into")
    if not isinstance(into, int):
        raise InvalidInput("into harus nomor laporan.", "into must be a report id.", code="invalid_into")
    with transaction() as conn:
        city_id = report_city(conn, report_id)
        moved = reports.merge(conn, report_id, into, city_id, require_user(), str(body.get("note") or ""))
        touched = reports.points(conn, [report_id, into], city_id)
    forget(touched)
    return jsonify({"id": report_id, "status": "duplicate", "duplicate_of": into, "moved": moved})


@bp.post("/reports/<int:report_id>/transitions")
def transition(report_id: int) -> ResponseReturnValue:
    user = require_user()
    form = _form()
    to = str_field(form, "to") or ""
    if not to:
        raise InvalidInput("Status tujuan (to) wajib diisi.", "The target status (to) is required.",
                           code="status_required")
    t = lifecycle.Transition(
        to=to, note=str_field(form, "note") or "", reason=str_field(form, "reason") or "",
        assignee_id=integer(form.get("assignee_id"), "assignee_id"),
        rating=integer(form.get("rating"), "rating"), withhold=flag(form.get("withhold"), "withhold"),
        photo=_photo(required=False) if request.files else None)
    with transaction() as conn:
        city_id = report_city(conn, report_id)
        status = lifecycle.transition(conn, settings(), report_id, city_id, user, t)
        view = report_views.get_report(conn, report_id, city_id, user)
        touched = reports.points(conn, [report_id], city_id)
    forget(touched)
    return jsonify({"id": report_id, "status": status, "report": view})


@bp.patch("/reports/<int:report_id>")
def update(report_id: int) -> ResponseReturnValue:
    user = require_user()
    body = json_body()
    if set(body) - {"priority", "category", "withheld"} or not body:
        raise InvalidInput("Hanya priority, category dan withheld yang bisa diubah.",
                           "Only priority, category and withheld can be changed.", code="invalid_fields")
    withheld = flag(body["withheld"], "withheld") if "withheld" in body else None
    moved = recategorize.Moved()
    try:
        with transaction() as conn:
            city_id = report_city(conn, report_id)
            # The priority first (checked while the report is still the actor's agency's, which a
            # move may end), then the category (the priority chosen by hand stays).
            if "priority" in body:
                lifecycle.set_priority(conn, report_id, city_id, user, str(body["priority"]))
            if "category" in body:
                code = str_field(body, "category")
                if not code:
                    raise InvalidInput("Kategori wajib diisi.", "A category is required.", code="category_required")
                moved = recategorize.set_category(conn, settings(), report_id, city_id, user, code.strip().lower())
            if withheld is not None:  # last: a move into a confidential category hides more anyway
                moderation.set_withheld(conn, report_id, city_id, user, withheld)
            view = report_views.get_report(conn, report_id, city_id, user)
            touched = reports.points(conn, [report_id], city_id)
    except Exception:
        recategorize.discard_new(settings(), moved)  # not committed: the old keys stand
        raise
    for key in moved.old_photo_keys:  # committed: the old links stop working
        photos.discard(settings().media_dir, key)
    forget(moved.points + touched)
    return jsonify(view)


@bp.get("/stats")
def stats() -> ResponseReturnValue:
    args = request.args
    report_views.known_params(args, report_stats.PARAMS)
    with transaction() as conn:
        rows = report_stats.report_stats(conn, args.get("group", "agency"), args.get("since"), args.get("until"),
                                         current_city().id, kecamatan=args.get("kecamatan"),
                                         kelurahan=args.get("kelurahan"), agency=args.get("agency"),
                                         category=args.get("category"))
    return jsonify({"city": current_city().slug, "group": args.get("group", "agency"),
                    "counted": report_stats.counted_window(args.get("since"), args.get("until"), current_city().tz),
                    "stats": rows})


