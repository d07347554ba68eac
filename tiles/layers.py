"""The layer registry. One name everywhere: sql/queries/tile_<name>.sql = registry key =
MVT layer name = MapLibre source-layer."""
from __future__ import annotations

from dataclasses import dataclass, field

from geo.accounts import PLANNER_ROLES


@dataclass(frozen=True)
class Layer:
    name: str
    description: str
    fields: dict[str, str]                  # TileJSON vector_layers fields: name -> type/description
    minzoom: int = 0
    maxzoom: int = 16
    staff_only: bool = False
    # Which change invalidates cached tiles: "reports" (per tile), "reference" (global), None (no cache).
    depends_on: str | None = None
    filters: frozenset[str] = field(default_factory=frozenset)
    # How far back `since` may reach (days); None = unbounded. Bounds the work per tile.
    max_window_days: int | None = None
    # Which staff roles may read a staff_only layer (None: every staff role).
    roles: frozenset[str] | None = None
    # Computed per single category: `category` takes one code, not a list.
    one_category: bool = False
    # Staff of one agency (its admin, its field officers) see only their agency's features.
    own_agency: bool = False

    def properties(self) -> dict[str, str]:
        """The fields a feature carries as properties, for TileJSON and OGC: `id` is not one of
        them, ST_AsMVT(..., 'id') makes it the MVT feature id (MapLibre's feature.id, QGIS's fid)."""
        return {k: v for k, v in self.fields.items() if k != "id"}


REPORT_FIELDS = {"id": "Number", "category": "String", "status": "String", "priority": "String",
                 "agency": "String", "support_count": "Number", "created_at": "Number (epoch s)",
                 "location_coarsened": "Boolean", "aggregated": "Boolean (H3 hexagons: low zoom, or a tile too dense for points)",
                 "h3": "String (H3 index)", "h3_res": "Number", "count": "Number",
                 "cat_<category>": "Number", "st_<status>": "Number"}

PLANNERS = frozenset(PLANNER_ROLES)  # as /api/v1/analytics
DISPATCHERS = frozenset({"operator", "agency_admin", "admin"})  # as /api/v1/responders

LAYERS: dict[str, Layer] = {layer.name: layer for layer in (
    Layer("reports", "Laporan warga / citizen reports (H3 aggregates below the aggregate zoom)",
          REPORT_FIELDS, depends_on="reports",
          filters=frozenset({"category", "status", "agency", "since", "until"})),
    Layer("heatmap", "Kepadatan laporan per heksagon H3 dan bulan, tanpa yang ditolak atau duplikat / "
          "report density per H3 hexagon and month, without rejected reports or duplicates",
          {"h3": "String", "h3_res": "Number", "count": "Number", "per_km2": "Number"},
          maxzoom=15, depends_on="reports", filters=frozenset({"category", "agency", "since", "until"})),
    Layer("kelurahan", "Batas kelurahan / kelurahan boundaries (BPS)", {"id": "Number", "name": "String", "code": "String",
          "kecamatan": "String", "puskesmas": "String"}, depends_on="reference"),
    Layer("kecamatan", "Batas kecamatan", {"id": "Number", "name": "String", "code": "String"},
          depends_on="reference"),
    Layer("service_zones", "Zona layanan OPD / agency service zones",
          {"id": "Number", "name": "String", "agency": "String"}, depends_on="reference",
          filters=frozenset({"agency"})),
    # OpenStreetMap (sigap load-osm): MVT layers osm_landuse, osm_water, osm_waterways,
    # osm_buildings, osm_roads, osm_places in one tile. © OpenStreetMap contributors, ODbL.
    Layer("basemap", "Peta dasar OpenStreetMap / OpenStreetMap basemap (© OpenStreetMap contributors, ODbL)",
          {"highway": "String (osm_roads)", "name": "String", "ref": "String (osm_roads)",
           "oneway": "Number (osm_roads: 1, -1, 0)", "kind": "String", "class": "String (osm_places)"},
          depends_on="reference"),
    # Congestion per camera over the last 15 minutes (geo/traffic.py); never cached: it is live.
    Layer("traffic", "Lalu lintas dari CCTV (15 menit terakhir) / traffic from CCTV (last 15 minutes)",
          {"id": "Number", "name": "String", "status": "String (online, offline, unknown)",
           "level": "String (lancar, padat, macet; empty: unknown)", "vehicles_15m": "Number (mean per frame)",
           "frames_15m": "Number"}),
    Layer("cameras", "Kamera CCTV / CCTV cameras", {"id": "Number", "name": "String", "heading_deg": "Number",
          "active": "Boolean", "calibrated": "Boolean"}),
    # Where people and vehicles were seen on camera: dispatchers only (people are not to be tracked
    # by the public, nor by field officers, whose work is their offers and tasks: every person seen
    # city-wide was a field officer's to read, a CCTV walk), at most 7 days back, newest 10,000 per
    # tile (tile_detections.sql).
    Layer("detections", "Deteksi CCTV (staf; bawaan 24 jam terakhir) / CCTV detections (staff; last 24 h)",
          {"id": "Number", "class_name": "String", "confidence": "Number", "camera_id": "Number",
           "georef": "String", "frame_at": "Number (epoch s)"}, staff_only=True,
          filters=frozenset({"since", "until"}), max_window_days=7, roles=DISPATCHERS),
    # Planners' analysis (geo/analytics.py), staff only; r8 cells below z13, r9 from it on.
    Layer("hotspots", "Titik panas Gi* (staf) / Gi* hot spots (staff): confidence 99/95/90 hot, -90/-95/-99 cold",
          {"h3": "String", "h3_res": "Number", "count": "Number", "gi_z": "Number", "p_value": "Number",
           "confidence": "Number (99, 95, 90, 0, -90, -95, -99)"}, maxzoom=16, staff_only=True,
          filters=frozenset({"category", "period"}), roles=PLANNERS, one_category=True),
    Layer("emerging_hotspots", "Titik panas yang muncul (staf) / emerging hot spots (staff), per month",
          {"h3": "String", "count": "Number", "pattern": "String (e.g. new_hot, intensifying_hot, no_pattern)",
           "hot_months": "Number", "cold_months": "Number", "trend_tau": "Number"}, maxzoom=16, staff_only=True,
          filters=frozenset({"category"}), roles=PLANNERS, one_category=True),
    Layer("responders", "Petugas lapangan (staf) / field responders (staff only)",
          {"id": "Number", "name": "String", "agency": "String", "team": "String", "status": "String",
           "location_at": "Number (epoch s)", "open_tasks": "Number"},
          staff_only=True, filters=frozenset({"agency"}), own_agency=True, roles=DISPATCHERS),
)}

# Below Settings.tile_points_from_zoom the reports layer is H3 hexagons; each zoom gets
# the resolution whose hexagons are a dozen or more pixels across.
DEFAULT_POINTS_FROM_ZOOM = 14
# From that zoom on, a tile that would carry more reports than this carries hexagons instead
# (tile_reports.sql): ~40 bytes a point keeps the densest tile under ~500 KB.
DEFAULT_MAX_POINTS = 10_000
_RES_FOR_ZOOM = {10: 7, 11: 7, 12: 8, 13: 9}


def h3_res_for_zoom(z: int) -> int:
    if z < 10:
        return 6
    return _RES_FOR_ZOOM.get(z, 10)
