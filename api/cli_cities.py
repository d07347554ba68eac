"""`sigap city …`: the cities (tenants) of this platform, loaded from BPS boundary files."""
from __future__ import annotations

import json
from pathlib import Path

import click

from geo.db import connect
from geo.errors import SigapError
from geo.settings import Settings


@click.group("city")
def city() -> None:
    """Kota / cities on this platform."""


@city.command("add")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="BPS 2020 kelurahan boundaries (HDX COD-AB GeoJSON), e.g. jakarta_kelurahan_bps2020.geojson")
@click.option("--code", required=True, help="BPS code of the city, e.g. 31 (DKI Jakarta) or 5371 (Kota Kupang)")
@click.option("--name", required=True, help='Display name, e.g. "DKI Jakarta"')
@click.option("--slug", help="URL name (/jakarta/); default from the name")
@click.option("--time-zone", help="IANA zone; default from the province (WIB, WITA or WIT)")
@click.option("--agencies", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="agencies.json (default: the shipped seven OPD)")
@click.option("--categories", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="categories.json (default: the shipped categories)")
def add(path: Path, code: str, name: str, slug: str | None, time_zone: str | None,
        agencies: Path | None, categories: Path | None) -> None:
    """Tambah atau perbarui kota / add or update a city (re-running updates it in place)."""
    from api.cli import _forget_reference_tiles
    from api.cli_errors import fail
    from geo.reference import add_city

    settings = Settings.from_env()
    try:
        with connect(settings) as conn:
            out = add_city(conn, path, code=code, name=name, slug=slug, time_zone=time_zone, agencies=agencies,
                           categories=categories, reference_dir=settings.reference_dir)
            conn.commit()
        _forget_reference_tiles(settings)
    except SigapError as err:
        fail(err)
    click.echo(json.dumps(out, ensure_ascii=False))
    merged = len(out.get("merged_pseudo_units") or {})
    click.echo(f"Kota {name} siap di /{out['city']}/: {out['kelurahan']} kelurahan, {out['kecamatan']} kecamatan, "
               f"{out['agencies']} OPD, {out['categories']} kategori, {out['service_zones']} zona layanan; "
               f"{merged} unit semu BPS (…888) digabung ke kelurahan tetangganya.\n"
               f"City {name} ready at /{out['city']}/: {out['kelurahan']} kelurahan, {out['kecamatan']} kecamatan, "
               f"{out['agencies']} agencies, {out['categories']} categories, {out['service_zones']} service zones; "
               f"{merged} BPS pseudo-units (…888) merged into their neighbouring kelurahan.")
    _say_admins_without(settings, int(out["id"]), str(out["city"]))


def _say_admins_without(settings: Settings, city_id: int, slug: str) -> None:
    """Platform-wide tools (failed jobs) are for admins of every city: a new city takes them from
    every admin until given it, which an operator found out as a 403 on the dashboard."""
    from geo.cities import admins_without

    with connect(settings) as conn:
        missing = admins_without(conn, city_id)
    if missing:
        click.echo(f"Catatan: admin berikut belum bekerja untuk kota ini, jadi tidak lagi melihat pekerjaan latar yang "
                   f"gagal (alat seluruh platform) / Note: these admins do not work for this city yet, so they no "
                   f"longer see failed background jobs (a platform-wide tool): {', '.join(missing)}.\n"
                   f"  sigap staff-add-city LOGIN --city {slug}", err=True)


@city.command("list")
def list_cities() -> None:
    """Daftar kota / list the cities (the default one marked)."""
    from geo.cities import all_cities, default_of

    with connect(Settings.from_env()) as conn:
        cities = all_cities(conn, fresh=True)
        home = default_of(cities).id if cities else None
        click.echo("id\tslug\tkode BPS / BPS code\tnama / name\tzona waktu / time zone\tUTM\t(bawaan / default)")
        for c in cities:
            mark = "\tdefault" if c.id == home else ""
            click.echo(f"{c.id}\t{c.slug}\t{c.code}\t{c.name}\t{c.time_zone}\tEPSG:{c.utm_epsg}{mark}")


@city.command("default")
@click.argument("name")
def default(name: str) -> None:
    """Kota bawaan / the city a request gets that names none (`/`, `/ogc`, no ?city=).

    The first city with boundaries, until this names another: a platform whose home is Jakarta
    need not open on Kupang. Running servers follow within a minute."""
    from api.cli_errors import fail
    from geo.cities import set_default

    try:
        with connect(Settings.from_env()) as conn:
            chosen = set_default(conn, name)
            conn.commit()
    except SigapError as err:
        fail(err)
    click.echo(f"Kota bawaan / default city: {chosen.name} (/{chosen.slug}/)")
