"""Build a QGIS project of one city (docs/qgis/sigap.qgs is Kota Kupang's): every SIGAP layer
for GIS staff, each with a readable style and labels, in a sensible order, in the city's UTM zone,
every layer showing only that city. Run with Debian's QGIS Python (no database needed; the layers
connect through the pg_service entry "sigap" and the server at 127.0.0.1:8080 when the project is
opened):

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 docs/qgis/build_project.py docs/qgis/sigap.qgs
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 docs/qgis/build_project.py docs/qgis/sigap-jakarta.qgs \
        --city jakarta --name "DKI Jakarta" --epsg 32748 --extent 106.68,-6.38,106.98,-6.08

(`sigap city list` prints a city's slug and UTM EPSG; the extent is lng/lat.)

Styles are code here, not hand-edited XML, so a review sees what changed. Colours follow the
web map (report status, kecamatan green) and ArcGIS Pro's hot spot ramps.
"""
from __future__ import annotations

import argparse
import math

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsVectorTileBasicRenderer,
    QgsVectorTileBasicRendererStyle,
    QgsVectorTileLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor, QFont

SERVER = "http://127.0.0.1:8080"
POINTS_FROM_SCALE = 40_000  # report points are drawn at 1:40,000 and closer
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
KUPANG = ("kupang", "Kota Kupang", 32751, (123.5272, -10.2933, 123.6836, -10.1296))
STATUS = {"submitted": ("#d62728", "Diterima / Submitted"), "verified": ("#ff7f0e", "Diverifikasi / Verified"),
          "assigned": ("#9467bd", "Ditugaskan / Assigned"), "in_progress": ("#1f77b4", "Dikerjakan / In progress"),
          "resolved": ("#2ca02c", "Selesai / Resolved"), "closed": ("#7f7f7f", "Ditutup / Closed"),
          "rejected": ("#c7c7c7", "Ditolak / Rejected"), "duplicate": ("#c7c7c7", "Duplikat / Duplicate")}
AGENCY = {"DLH": "#2ca02c", "DPU": "#8c564b", "DISHUB": "#1f77b4", "DINSOS": "#e377c2", "SATPOLPP": "#7f7f7f",
          "DINKES": "#d62728", "DAMKAR": "#ff7f0e"}
CONFIDENCE = [(99, "#d62f27", "Panas 99 % / Hot 99 %"), (95, "#ed7551", "Panas 95 % / Hot 95 %"),
              (90, "#fab984", "Panas 90 % / Hot 90 %"), (0, "#f7f7f7", "Tidak signifikan / Not significant"),
              (-90, "#c0ccbe", "Dingin 90 % / Cold 90 %"), (-95, "#849eba", "Dingin 95 % / Cold 95 %"),
              (-99, "#4575b5", "Dingin 99 % / Cold 99 %")]
PATTERN = [("new_hot", "#ff00ff", "Baru / New"), ("consecutive_hot", "#c51b8a", "Berturut-turut / Consecutive"),
           ("intensifying_hot", "#a50f15", "Menguat / Intensifying"), ("persistent_hot", "#de2d26", "Menetap / Persistent"),
           ("diminishing_hot", "#fb6a4a", "Melemah / Diminishing"), ("sporadic_hot", "#fcae91", "Sporadis / Sporadic"),
           ("oscillating_hot", "#e6a0c4", "Berayun / Oscillating"), ("historical_hot", "#bdbdbd", "Historis / Historical")]


def postgres_layer(view: str, name: str, geom_type: str, key: str = "id", where: str = "") -> QgsVectorLayer:
    uri = (f"service='sigap' key='{key}' srid=4326 type={geom_type} checkPrimaryKeyUnicity='0' "
           f'table="gis"."{view}" (geom)' + (f" sql={where}" if where else ""))
    layer = QgsVectorLayer(uri, name, "postgres")
    layer.setCrs(WGS84)  # written into the project even while no database answers
    return layer


def fill(color: str, outline: str, width: float = 0.26, alpha: int = 255, style: str = "solid",
         outline_style: str = "solid") -> QgsFillSymbol:
    c = QColor(color)
    c.setAlpha(alpha)
    return QgsFillSymbol.createSimple({"color": c.name(QColor.HexArgb) if alpha < 255 else color, "style": style,
                                       "outline_color": outline, "outline_width": str(width),
                                       "outline_style": outline_style})


def labels(layer: QgsVectorLayer, field: str, size: float, bold: bool = False, max_scale_denominator: float = 0,
           color: str = "#1b1b1b", priority: int = 5) -> None:
    fmt = QgsTextFormat()
    font = QFont("DejaVu Sans")
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    fmt.setBuffer(buffer)
    pal = QgsPalLayerSettings()
    pal.fieldName = field
    pal.setFormat(fmt)
    pal.priority = priority  # 0-10: kecamatan win collisions with the kelurahan inside them
    if layer.geometryType() == QgsWkbTypes.PolygonGeometry or "Polygon" in layer.source():
        pal.placement = QgsPalLayerSettings.OverPoint
        pal.centroidInside = True  # a U-shaped kecamatan (Alak) had its label on its boundary
    if max_scale_denominator:
        pal.scaleVisibility = True
        pal.minimumScale = max_scale_denominator  # shown only when zoomed in closer than 1:N
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def categorized(field: str, items: list[tuple[object, object, str]]) -> QgsCategorizedSymbolRenderer:
    return QgsCategorizedSymbolRenderer(field, [QgsRendererCategory(value, symbol, label) for value, symbol, label in items])


def build(path: str, slug: str, name: str, epsg: int, extent: tuple[float, float, float, float]) -> None:
    project = QgsProject.instance()
    project.setTitle(f"SIGAP — {name}")
    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    project.setCrs(crs)
    mine = f"city = '{slug}'"  # a slug is [a-z0-9-] (cities.slug's CHECK)

    def postgres(view: str, title: str, geom_type: str, key: str = "id", where: str = "") -> QgsVectorLayer:
        return postgres_layer(view, title, geom_type, key, f"{mine} AND {where}" if where else mine)

    kelurahan = postgres("kelurahan", "kelurahan", "MultiPolygon")
    kelurahan.setRenderer(QgsSingleSymbolRenderer(fill("#f4f1e8", "#a69f8c", 0.3)))
    labels(kelurahan, "name", 7.5, max_scale_denominator=80000, color="#5b5443", priority=2)

    kecamatan = postgres("kecamatan", "kecamatan", "MultiPolygon")
    kecamatan.setRenderer(QgsSingleSymbolRenderer(fill("#000000", "#0b5d3b", 0.9, style="no")))
    labels(kecamatan, "name", 10, bold=True, color="#0b5d3b", priority=10)  # all six named, not four

    zones = postgres("service_zones", "service_zones", "MultiPolygon")  # outlines only: never hides kelurahan
    zones.setRenderer(categorized("agency", [(code, fill("#000000", color, 0.6, style="no", outline_style="dash"), code)
                                             for code, color in AGENCY.items()]))

    counts = postgres("report_counts_h3_r8", "report_counts_h3_r8", "Polygon", key="cell")
    ramp = [(1, 5, "#ffffb2"), (5, 10, "#fecc5c"), (10, 25, "#fd8d3c"), (25, 50, "#f03b20"), (50, 1_000_000, "#bd0026")]
    counts.setRenderer(QgsGraduatedSymbolRenderer("reports", [
        QgsRendererRange(lo, hi, fill(color, "#ffffff", 0.1, alpha=200), f"{lo}–{hi if hi < 1_000_000 else '…'}")
        for lo, hi, color in ramp]))

    hotspots = postgres("hotspots", "hotspots (Gi*, semua kategori, 12 bulan)", "Polygon",
                        where="category = '' AND period = '12m' AND res = 8")
    # "Not significant" cells are a faint wash without outlines: outlined, they drew a white hexagon
    # grid over the whole city.
    hotspots.setRenderer(categorized("confidence", [
        (value, fill(color, "#ffffff", 0.1, alpha=40, outline_style="no") if value == 0
         else fill(color, "#ffffff", 0.1, alpha=210), label)
        for value, color, label in CONFIDENCE]))

    emerging = postgres("emerging_hotspots", "emerging_hotspots (semua kategori)", "Polygon", where="category = ''")
    emerging.setRenderer(categorized("pattern", [
        *((value, fill(color, "#ffffff", 0.1, alpha=210), label) for value, color, label in PATTERN),
        ("no_pattern", fill("#f7f7f7", "#ffffff", 0.1, alpha=30), "Tanpa pola / No pattern")]))

    reports = postgres("reports", "reports", "Point")
    reports.setRenderer(categorized("status", [
        (status, QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "size": "2.4",
                                               "outline_color": "#ffffff", "outline_width": "0.3"}), label)
        for status, (color, label) in STATUS.items()]))

    cameras = postgres("cameras", "cameras", "Point")
    cameras.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
        {"name": "square", "color": "#263238", "size": "2.6", "outline_color": "#ffffff", "outline_width": "0.4"})))
    labels(cameras, "name", 7, max_scale_denominator=20000, color="#263238")

    ogc = QgsVectorLayer(f"url='{SERVER}/{slug}/ogc' typename='reports'", "reports (OGC API Features)", "OAPIF")
    ogc.setCrs(WGS84)
    ogc.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "#d62728", "size": "2.2", "outline_color": "#ffffff"})))
    # A year of a city's reports is a carpet of dots at the city's scale, hiding the analyses
    # under them: the dots are drawn from the scale of a few kelurahan (1:40,000) in.
    for layer in (reports, ogc):
        layer.setScaleBasedVisibility(True)
        layer.setMinimumScale(POINTS_FROM_SCALE)  # QGIS: the most zoomed-out scale it is drawn at

    tiles = QgsVectorTileLayer(f"type=xyz&url={SERVER}/tiles/reports/%7Bz%7D/%7Bx%7D/%7By%7D.mvt%3Fcity%3D{slug}"
                               "&zmax=16&zmin=0",
                               "reports (vector tiles)")
    points = QgsVectorTileBasicRendererStyle("laporan", "reports", QgsWkbTypes.PointGeometry)
    points.setSymbol(QgsMarkerSymbol.createSimple({"name": "circle", "color": "#d62728", "size": "2",
                                                   "outline_color": "#ffffff"}))
    hexes = QgsVectorTileBasicRendererStyle("heksagon", "reports", QgsWkbTypes.PolygonGeometry)
    hexes.setSymbol(fill("#fd8d3c", "#ffffff", 0.1, alpha=160))
    tile_renderer = QgsVectorTileBasicRenderer()
    tile_renderer.setStyles([points, hexes])
    tiles.setRenderer(tile_renderer)
    tiles.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))

    # Top of the list draws on top. Duplicated views of the reports and the heavier analyses
    # start hidden; tick them in the Layers panel. The kecamatan outlines (no fill) lie over the
    # analyses, which faded them.
    order = [(cameras, True), (reports, True), (ogc, False), (tiles, False), (kecamatan, True), (hotspots, True),
             (emerging, False), (counts, False), (zones, False), (kelurahan, True)]
    root = project.layerTreeRoot()
    for layer, visible in order:
        project.addMapLayer(layer, False)
        node = root.addLayer(layer)
        node.setItemVisibilityChecked(visible)
    box = QgsCoordinateTransform(WGS84, crs, project).transformBoundingBox(QgsRectangle(*extent))
    whole_km = QgsRectangle(math.floor(box.xMinimum() / 1000) * 1000, math.floor(box.yMinimum() / 1000) * 1000,
                            math.ceil(box.xMaximum() / 1000) * 1000, math.ceil(box.yMaximum() / 1000) * 1000)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(whole_km, crs))
    if not project.write(path):
        raise SystemExit(f"could not write {path}")


if __name__ == "__main__":
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="docs/qgis/sigap.qgs")
    ap.add_argument("--city", default=KUPANG[0], help="the city's slug")
    ap.add_argument("--name", default=KUPANG[1])
    ap.add_argument("--epsg", type=int, default=KUPANG[2], help="the city's UTM zone (cities.utm_epsg)")
    ap.add_argument("--extent", default=",".join(map(str, KUPANG[3])), help="minLng,minLat,maxLng,maxLat")
    a = ap.parse_args()
    lo_x, lo_y, hi_x, hi_y = (float(v) for v in a.extent.split(","))
    build(a.out, a.city, a.name, a.epsg, (lo_x, lo_y, hi_x, hi_y))
    app.exitQgis()
