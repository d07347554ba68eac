"""One settings object, read from the environment once (tipg style)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A variable that cannot be read: named, in both languages (Python's own "invalid literal
    for int()" left a deployer to guess which of forty variables it was)."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        raise SettingError(f"{name}={raw!r}: harus bilangan bulat / must be a whole number") from None


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        raise SettingError(f"{name}={raw!r}: harus angka / must be a number") from None


@dataclass(frozen=True)
class Settings:
    """Everything configurable about one SIGAP deployment."""

    database_url: str = "postgresql://sigap@127.0.0.1:54329/sigap"
    # A streaming replica for reads (tiles, public lists, OGC, exports); None: all on the primary.
    # Writes and read-your-own-writes stay on the primary; see docs/scaling.md.
    database_read_url: str | None = None
    redis_url: str = "redis://127.0.0.1:63799/0"
    host: str = "127.0.0.1"
    port: int = 8080
    # Where photos and derived images live; a deployer mounts a volume here.
    media_dir: Path = REPO_ROOT / ".local" / "media"
    # Reference data shipped with the repo (Kota Kupang).
    reference_dir: Path = REPO_ROOT / "data" / "reference"
    # GPS near the shore or a generalised 2013 boundary may fall a little outside
    # every kelurahan; within this distance we snap to the nearest one.
    boundary_tolerance_m: float = 100.0
    queue_name: str = "sigap"
    # Duplicate suggestions: open reports of the same category this close and this recent.
    duplicate_radius_m: float = 50.0
    duplicate_window_h: int = 72
    # Resolved reports the citizen has not closed are closed automatically after this.
    auto_close_days: int = 7
    # Dispatch: positions older than this make a responder not dispatchable; an offer
    # not answered in offer_timeout_s goes to the next nearest responder.
    responder_stale_s: int = 600
    offer_timeout_s: int = 120
    # An officer who declined a report or let its offer lapse is not offered it again for this
    # long (then it may be: passed over for good, a report nobody else could take waited forever).
    offer_pass_s: int = 1800
    # Nobody is offered a report farther than this (a phone's GPS in another city, a wrong fix):
    # the report waits for a dispatcher, who still sees them in the ranking with their distance.
    dispatch_max_km: float = 50.0
    # Detector weights (any Ultralytics YOLO detection model exported to ONNX).
    model_path: Path = REPO_ROOT.parent / "shared" / "models" / "yolo11n_int8_dynamic.onnx"
    detect_conf: float = 0.25
    # onnxruntime threads per vision process. One, with more processes (`SIGAP_VISION_WORKERS`)
    # for more cores: threads of one session spin and wait on each other when the database and
    # the web share the cores (bench/RESULTS.md, "detector threads under load").
    detect_threads: int = 1
    # Frames and photos padded only to a multiple of 32, on the network rewritten for that size
    # (vision/reshape.py): a 16:9 camera frame is 640x384 instead of 640x640, 1.5-1.75x faster.
    detect_rect: bool = True
    # Every active camera gets a frame grabbed and analysed this often.
    camera_interval_s: int = 60
    # A camera that gives no frame within this long is offline for now (retried with backoff).
    camera_timeout_s: float = 8.0
    # A job whose worker died (kill -9, lost machine) runs again within about this long.
    worker_recover_s: int = 60
    # Rate limits (per minute; registration per hour), Redis-backed fixed windows. Login is
    # limited per address (one address guessing across accounts) and per account (one account
    # guessed from many addresses); submissions per account and per address.
    rate_login_per_min: int = 30
    rate_login_account_per_min: int = 10
    rate_register_per_hour: int = 10
    rate_submit_per_min: int = 30
    rate_submit_address_per_min: int = 120
    # Expensive anonymous reads (exports, statistics) per address.
    rate_export_per_min: int = 10
    # "Nearby" answers (asked by the report form as the pin moves), per address.
    rate_nearby_per_min: int = 60
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto/-Host (0: none, the
    # socket address is the client). Only trusted hops are believed (Werkzeug's ProxyFix).
    proxy_hops: int = 0
    # Bearer token that GET /metrics (Prometheus) asks for; None: /metrics is not served.
    metrics_token: str | None = None
    # Camera frame sources: rtsp/http/https URLs, or files inside this directory (None: no files).
    camera_files_dir: Path | None = None
    # Raw CCTV detections are kept this many days, then rolled up into hourly counts.
    detection_retention_days: int = 30
    # Planners' analysis (geo/analytics.py, job analyse_hotspots): Gi* permutations (more give
    # smaller attainable p-values, which the false discovery rate correction needs), the fewest
    # reports in a period worth testing, how often the job runs, and the months of the
    # emerging hot spot cube.
    hotspot_permutations: int = 9999
    analysis_min_reports: int = 30
    analysis_every_h: int = 6
    emerging_months: int = 12
    # Recurring places ("titik rawan"): at least this many reports of one category in one H3 r10
    # cell within the window, at least one of them filed after an earlier one there was fixed.
    recurring_window_days: int = 365
    recurring_min_reports: int = 3
    # Redis tile cache (ETags work either way); off only to measure the render path.
    tile_cache: bool = True
    # The reports layer shows H3 hexagons below this zoom and single points from it on.
    # 14 suits a city (Kupang: ~30k reports a year); raise it to 16 for national densities.
    tile_points_from_zoom: int = 14
    # From that zoom on, a tile over more reports than this carries hexagons instead of points.
    tile_max_points: int = 10_000
    # s-maxage on public tiles: a caching reverse proxy may answer from its own copy this many
    # seconds (map viewers then see a new report up to that late); 0: it must ask every time.
    tile_shared_max_age_s: int = 0
    pool_min: int = 1
    pool_max: int = 10
    # How long a request waits for a database connection before answering 503; right after a
    # connection failure (an outage) only fail_fast_s, so callers hear 503 at once.
    pool_timeout_s: float = 5.0
    pool_fail_fast_s: float = 0.5
    # Under our layers until an OpenStreetMap extract is loaded (empty: none). OpenStreetMap's
    # standard tiles by default, within their usage policy: attribution shown, browsers cache them.
    basemap_online_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    basemap_online_attribution: str = "© OpenStreetMap contributors"
    # Or a whole MapLibre style (URL of its JSON) under our layers, instead of the raster tiles.
    basemap_style_url: str = ""
    # Hosts whose Open311 media_url SIGAP may fetch (a partner app's storage); empty: none, the
    # photo must come as the multipart file `media`. Never arbitrary URLs (no fetching on request).
    open311_media_hosts: tuple[str, ...] = ()
    # Web Push (`sigap vapid-keys --out FILE` makes the key); None: push off, the bell still works.
    vapid_private_key_file: Path | None = None
    vapid_subject: str = "mailto:sigap@localhost"
    # Residents' "forgot password" links by e-mail (geo/passwordreset.py): the SMTP server
    # (smtp://user:password@host:587, STARTTLS when offered; smtps://host:465), the sender, and
    # the address the public reaches this deployment at (the links open there; never the
    # request's Host). Without the first and the last, no links are sent and the app says so.
    smtp_url: str | None = None
    mail_from: str = "SIGAP <sigap@localhost>"
    public_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from SIGAP_* variables, DATABASE_URL and REDIS_URL."""
        base = cls()
        for name in ("DATABASE_URL", "REDIS_URL"):  # set but empty: the local default was used, silently
            if name in os.environ and not os.environ[name].strip():
                raise SettingError(f"{name} kosong / is empty (unset it for the local default)")
        made = cls(
            database_url=os.environ.get("DATABASE_URL") or base.database_url,
            database_read_url=os.environ.get("DATABASE_READ_URL") or None,
            redis_url=os.environ.get("REDIS_URL") or base.redis_url,
            host=os.environ.get("SIGAP_HOST") or base.host,
            port=_env_int("SIGAP_PORT", base.port),
            media_dir=Path(os.environ.get("SIGAP_MEDIA_DIR") or base.media_dir),
            reference_dir=Path(os.environ.get("SIGAP_REFERENCE_DIR") or base.reference_dir),
            boundary_tolerance_m=_env_float("SIGAP_BOUNDARY_TOLERANCE_M", base.boundary_tolerance_m),
            queue_name=os.environ.get("SIGAP_QUEUE") or base.queue_name,
            duplicate_radius_m=_env_float("SIGAP_DUPLICATE_RADIUS_M", base.duplicate_radius_m),
            duplicate_window_h=_env_int("SIGAP_DUPLICATE_WINDOW_H", base.duplicate_window_h),
            auto_close_days=_env_int("SIGAP_AUTO_CLOSE_DAYS", base.auto_close_days),
            responder_stale_s=_env_int("SIGAP_RESPONDER_STALE_S", base.responder_stale_s),
            offer_timeout_s=_env_int("SIGAP_OFFER_TIMEOUT_S", base.offer_timeout_s),
            offer_pass_s=_env_int("SIGAP_OFFER_PASS_S", base.offer_pass_s),
            dispatch_max_km=_env_float("SIGAP_DISPATCH_MAX_KM", base.dispatch_max_km),
            model_path=Path(os.environ.get("SIGAP_MODEL_PATH") or base.model_path),
            detect_conf=_env_float("SIGAP_DETECT_CONF", base.detect_conf),
            detect_threads=max(1, _env_int("SIGAP_DETECT_THREADS", base.detect_threads)),
            detect_rect=os.environ.get("SIGAP_DETECT_RECT", "1") not in ("0", "false", "no"),
            camera_interval_s=_env_int("SIGAP_CAMERA_INTERVAL_S", base.camera_interval_s),
            camera_timeout_s=_env_float("SIGAP_CAMERA_TIMEOUT_S", base.camera_timeout_s),
            worker_recover_s=max(4, _env_int("SIGAP_WORKER_RECOVER_S", base.worker_recover_s)),
            rate_login_per_min=_env_int("SIGAP_RATE_LOGIN_PER_MIN", base.rate_login_per_min),
            rate_register_per_hour=_env_int("SIGAP_RATE_REGISTER_PER_HOUR", base.rate_register_per_hour),
            rate_submit_per_min=_env_int("SIGAP_RATE_SUBMIT_PER_MIN", base.rate_submit_per_min),
            rate_login_account_per_min=_env_int("SIGAP_RATE_LOGIN_ACCOUNT_PER_MIN",
                                                base.rate_login_account_per_min),
            rate_submit_address_per_min=_env_int("SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN",
                                                 base.rate_submit_address_per_min),
            rate_export_per_min=_env_int("SIGAP_RATE_EXPORT_PER_MIN", base.rate_export_per_min),
            rate_nearby_per_min=_env_int("SIGAP_RATE_NEARBY_PER_MIN", base.rate_nearby_per_min),
            proxy_hops=_env_int("SIGAP_PROXY_HOPS", base.proxy_hops),
            metrics_token=os.environ.get("SIGAP_METRICS_TOKEN") or None,
            camera_files_dir=Path(os.environ["SIGAP_CAMERA_FILES_DIR"]) if os.environ.get(
                "SIGAP_CAMERA_FILES_DIR") else None,
            detection_retention_days=_env_int("SIGAP_DETECTION_RETENTION_DAYS", base.detection_retention_days),
            hotspot_permutations=max(99, _env_int("SIGAP_HOTSPOT_PERMUTATIONS", base.hotspot_permutations)),
            analysis_min_reports=max(3, _env_int("SIGAP_ANALYSIS_MIN_REPORTS", base.analysis_min_reports)),
            analysis_every_h=max(1, _env_int("SIGAP_ANALYSIS_EVERY_H", base.analysis_every_h)),
            emerging_months=min(60, max(4, _env_int("SIGAP_EMERGING_MONTHS", base.emerging_months))),
            recurring_window_days=max(7, _env_int("SIGAP_RECURRING_WINDOW_DAYS", base.recurring_window_days)),
            recurring_min_reports=max(2, _env_int("SIGAP_RECURRING_MIN_REPORTS", base.recurring_min_reports)),
            tile_cache=os.environ.get("SIGAP_TILE_CACHE", "1") not in ("0", "false", "no"),
            # Cache invalidation tracks points from z10 on: never show them earlier.
            tile_points_from_zoom=max(10, _env_int("SIGAP_TILE_POINTS_FROM_ZOOM", base.tile_points_from_zoom)),
            tile_max_points=max(1, _env_int("SIGAP_TILE_MAX_POINTS", base.tile_max_points)),
            tile_shared_max_age_s=max(0, _env_int("SIGAP_TILE_SHARED_MAX_AGE", base.tile_shared_max_age_s)),
            pool_min=_env_int("SIGAP_POOL_MIN", base.pool_min),
            pool_max=_env_int("SIGAP_POOL_MAX", base.pool_max),
            pool_timeout_s=_env_float("SIGAP_POOL_TIMEOUT_S", base.pool_timeout_s),
            pool_fail_fast_s=_env_float("SIGAP_POOL_FAIL_FAST_S", base.pool_fail_fast_s),
            vapid_private_key_file=Path(os.environ["SIGAP_VAPID_PRIVATE_KEY_FILE"]) if os.environ.get(
                "SIGAP_VAPID_PRIVATE_KEY_FILE") else None,
            vapid_subject=os.environ.get("SIGAP_VAPID_SUBJECT") or base.vapid_subject,
            open311_media_hosts=tuple(h.strip().lower() for h in os.environ.get("SIGAP_OPEN311_MEDIA_HOSTS", "").split(",")
                                      if h.strip()),
            basemap_online_tiles=os.environ.get("SIGAP_BASEMAP_TILES", base.basemap_online_tiles),
            basemap_online_attribution=os.environ.get("SIGAP_BASEMAP_ATTRIBUTION") or base.basemap_online_attribution,
            basemap_style_url=os.environ.get("SIGAP_BASEMAP_STYLE", base.basemap_style_url),
            smtp_url=os.environ.get("SIGAP_SMTP_URL") or None,
            mail_from=os.environ.get("SIGAP_MAIL_FROM") or base.mail_from,
            public_url=os.environ.get("SIGAP_PUBLIC_URL") or None,
        )
        _check_ranges(made)
        return made


def _check_ranges(s: Settings) -> None:
    """Numbers that parse but cannot work: a port past 65535 or a pool smaller than its minimum
    failed deep inside gunicorn; a negative duplicate radius or a confidence above 1 ran silently."""
    bad = [(name, value, rule) for name, value, ok, rule in (
        ("SIGAP_PORT", s.port, 1 <= s.port <= 65535, "1..65535"),
        ("SIGAP_POOL_MIN", s.pool_min, 0 <= s.pool_min <= s.pool_max, "0..SIGAP_POOL_MAX"),
        ("SIGAP_POOL_MAX", s.pool_max, s.pool_max >= 1, ">= 1"),
        ("SIGAP_DUPLICATE_RADIUS_M", s.duplicate_radius_m, s.duplicate_radius_m >= 0, ">= 0"),
        ("SIGAP_DETECT_CONF", s.detect_conf, 0 < s.detect_conf <= 1, "0 < x <= 1"),
        ("SIGAP_AUTO_CLOSE_DAYS", s.auto_close_days, s.auto_close_days >= 1, ">= 1"),
    ) if not ok]
    if bad:
        name, value, rule = bad[0]
        raise SettingError(f"{name}={value}: harus / must be {rule}")
