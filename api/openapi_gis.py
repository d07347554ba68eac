"""The OpenAPI paths of the GIS side: exports, agency performance, analyses, OGC API Features and
Tiles, and the vector tiles with their TileJSON (what planners and QGIS users read)."""
from __future__ import annotations

from typing import Any

from api.openapi_parts import (
    EXPORT_PARAMS,
    FEATURE,
    FEATURE_COLLECTION,
    SINCE,
    content,
    error_codes,
    obj,
    operation,
    param,
    path_param,
)


def gis_paths() -> dict[str, Any]:
    geojson = "application/geo+json"
    return {
        "/api/v1/exports/reports.geojson": {"get": operation(
            "Ekspor laporan (GeoJSON) / Export reports", auth=False, params=EXPORT_PARAMS,
            schema=FEATURE_COLLECTION, media="application/geo+json", errors=(400, 429, 503))},
        "/api/v1/exports/reports.csv": {"get": operation(
            "Ekspor laporan (CSV) / Export reports", auth=False, params=EXPORT_PARAMS,
            schema={"type": "string"}, media="text/csv", errors=(400, 429, 503))},
        "/api/v1/exports/reports.gpkg": {"get": operation(
            "Ekspor laporan (GeoPackage) / Export reports", auth=False, params=EXPORT_PARAMS,
            schema={"type": "string", "format": "binary"}, media="application/geopackage+sqlite3",
            errors=(400, 429, 503))},
        "/api/v1/exports/heatmap.tif": {"get": operation(
            "Peta kepadatan GeoTIFF (laporan/km², zona UTM kota) / Density GeoTIFF (the city's UTM zone)", auth=False,
            params=[param("cell_m", "number"), *EXPORT_PARAMS],
            schema={"type": "string", "format": "binary"}, media="image/tiff", errors=(400, 429, 503))},
        "/api/v1/performance": {"get": operation(
            "Kinerja OPD untuk publik (12 bulan, tren bulanan, catatan) / Public agency performance",
            auth=False,
            params=[param("kecamatan", desc="Hanya kecamatan ini (id atau nama) / only this kecamatan (id or name)")],
            schema={"type": "object", "properties": {
                **obj(since="string", until="string", months="array", agencies="array", areas="array",
                       caveats="array")["properties"],
                "kecamatan": {"type": "object", "nullable": True}}}, errors=(400, 503))},
        "/api/v1/analytics/runs": {
            "get": operation("Analisis titik panas yang tersedia (staf) / Hot spot analysis runs (staff)",
                       schema=obj(runs="array", periods="array", resolutions="array", every_h="integer"),
                       errors=(401, 403, 503)),
            "post": operation("Hitung analisis sekarang (admin) / Queue the analysis now (admin)", ok="202",
                        schema=obj(queued="boolean", outbox_id="integer"), errors=(401, 403, 503))},
        **{f"/api/v1/analytics/{kind}.{fmt}": {"get": operation(
            f"{title} ({'GeoJSON' if fmt == 'geojson' else 'GeoPackage'}, staf / staff)",
            params=[param("category", desc="kosong = semua / empty = all"),
                    *([param("period", desc="3m, 12m"), param("res", "integer", desc="8, 9")] if kind == "hotspots" else [])],
            schema=FEATURE_COLLECTION if fmt == "geojson" else {"type": "string", "format": "binary"},
            media="application/geo+json" if fmt == "geojson" else "application/geopackage+sqlite3",
            errors=(400, 401, 403, 404, 503))}
           for kind, title in (("hotspots", "Titik panas Gi* / Gi* hot spots"),
                               ("emerging_hotspots", "Titik panas yang muncul / Emerging hot spots"))
           for fmt in ("geojson", "gpkg")},
        "/api/v1/analytics/recurring": {"get": operation(
            "Titik rawan: masalah yang kembali setelah diperbaiki (staf) / Recurring places (staff)",
            params=[param("agency"), param("window_days", "integer"), param("min_reports", "integer")],
            schema=obj(agency="string", window_days="integer", min_reports="integer", places="array"),
            errors=(400, 401, 403, 503))},
        "/ogc/": {"get": operation("OGC API Features: halaman awal / landing page", auth=False,
                             schema={"type": "object"}, errors=(503,))},
        "/ogc/api": {"get": operation("OGC API: dokumen OpenAPI-nya sendiri (jalur seperti standar OGC) / its own "
                                      "OpenAPI document (paths as the OGC standards name them)", auth=False,
                                      schema={"type": "object"}, media="application/vnd.oai.openapi+json;version=3.0",
                                      errors=(503,))},
        "/ogc/conformance": {"get": operation("OGC API Features: conformance", auth=False,
                                        schema=obj(conformsTo="array"), errors=(503,))},
        "/ogc/collections": {"get": operation("OGC API Features: koleksi / collections", auth=False,
                                        schema=obj(collections="array", links="array"), errors=(503,))},
        "/ogc/collections/{cid}": {"get": operation(
            "OGC API Features: satu koleksi / one collection", auth=False, errors=(404, 503),
            params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}}],
            schema={"type": "object"})},
        "/ogc/collections/{cid}/schema": {"get": operation(
            "OGC API Features: skema fitur koleksi / the collection's feature schema (JSON Schema)", auth=False,
            errors=(404,), params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}}],
            schema={"type": "object"}, media="application/schema+json")},
        "/ogc/collections/{cid}/schema.xsd": {"get": operation(
            "OGC API Features: skema aplikasi GML koleksi (dengan jenis geometri) / the collection's GML "
            "application schema (with its geometry type)", auth=False,
            errors=(404,), params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}}],
            schema={"type": "string"}, media="application/xml")},
        "/ogc/collections/{cid}/items": {"get": operation(
            "OGC API Features: fitur / features (GeoJSON)", auth=False, errors=(400, 404, 503),
            params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}},
                    param("bbox"), param("bbox-crs", desc="CRS84 saja / only"), param("crs", desc="CRS84 saja / only"),
                    param("datetime", desc="RFC 3339: waktu berzona atau tanggal (hari kota), interval a/b, '..' "
                                        "terbuka / an instant with its zone or a date (the city's day), "
                                        "an interval a/b, '..' open"),
                    {**param("limit", "integer", desc="1..10000"),
                     "schema": {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 10}},
                    {**param("offset", "integer", desc="0..10000"),
                     "schema": {"type": "integer", "minimum": 0, "maximum": 10_000, "default": 0}},
                    param("after", "integer", desc="laporan saja: halaman setelah nomor ini (tautan next) / reports "
                                                "only: the page after this number (the next link)"),
                    param("category", desc="laporan saja, kode dipisah koma / reports only, comma-separated codes"),
                    param("status", desc="laporan saja / reports only, comma-separated")],
            schema=FEATURE_COLLECTION, media=geojson)},
        "/ogc/collections/{cid}/items/{fid}": {"get": operation(
            "OGC API Features: satu fitur / one feature", auth=False, errors=(404, 503),
            params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "fid", "in": "path", "required": True, "schema": {"type": "string"}}],
            schema=FEATURE, media=geojson)},
        "/ogc/tileMatrixSets": {"get": operation("OGC API Tiles: tile matrix sets", auth=False, errors=(503,),
                                            schema=obj(tileMatrixSets="array"))},
        "/ogc/tileMatrixSets/{tms}": {"get": operation(
            "OGC API Tiles: WebMercatorQuad (TMS 2.0 + 1.0)", auth=False, errors=(404,),
            params=[path_param("tms")], schema=obj(id="string", crs="string", tileMatrices="array"))},
        "/ogc/collections/{cid}/tiles": {"get": operation(
            "OGC API Tiles: tileset koleksi / a collection's tilesets", auth=False, errors=(404,),
            params=[path_param("cid")], schema=obj(tilesets="array", links="array"))},
        "/ogc/collections/{cid}/tiles/{tms}": {"get": operation(
            "OGC API Tiles: metadata tileset / tileset metadata", auth=False, errors=(404,),
            params=[path_param("cid"), path_param("tms")], schema=obj(links="array", tileMatrixSetLimits="array"))},
        "/ogc/collections/{cid}/tiles/{tms}/{tileMatrix}/{tileRow}/{tileCol}": {"get": {
            "summary": "OGC API Tiles: petak MVT / MVT tile (= /tiles/{cid}/{z}/{x}/{y}.mvt)",
            "parameters": [path_param(n) for n in ("cid", "tms", "tileMatrix", "tileRow", "tileCol")],
            "responses": {"200": {"description": "MVT", "content": {
                "application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                "304": {"description": "Not modified (ETag)"}, **error_codes(400, 404, 503)}}},
        "/tiles/{layer}/{z}/{x}/{y}.mvt": {"get": {
            "summary": "Petak vektor (MVT) / Vector tile; laporan: heksagon H3 di bawah z14 / reports: "
                       "H3 hexagons below z14",
            "parameters": [
                {"name": "layer", "in": "path", "required": True, "schema": {"type": "string", "enum": [
                    "reports", "heatmap", "kelurahan", "kecamatan", "service_zones", "cameras",
                    "detections", "responders", "traffic", "basemap", "hotspots", "emerging_hotspots"]}},
                *({"name": n, "in": "path", "required": True, "schema": {"type": "integer"}}
                  for n in ("z", "x", "y")),
                param("category"), param("status"), param("agency"), param("since", desc=SINCE), param("until", desc=SINCE),
                param("period", desc="hotspots: 3m or 12m (default)")],
            "responses": {"200": {"description": "MVT", "content": {
                "application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                "304": {"description": "Not modified (ETag)"}, **error_codes(400, 401, 403, 404, 503)}}},
        "/tiles/{layer}.json": {"get": {
            "summary": "TileJSON 3.0.0; filter yang diberikan dibawa ke URL petak / filters given are "
                       "carried into the tile URL", "parameters": [
                {"name": "layer", "in": "path", "required": True, "schema": {"type": "string"}},
                param("category"), param("status"), param("agency"), param("since", desc=SINCE), param("until", desc=SINCE),
                param("period", desc="hotspots: 3m or 12m (default)")],
            "responses": {"200": {"description": "TileJSON", **content({"type": "object"})},
                          **error_codes(400, 404)}}},
    }
