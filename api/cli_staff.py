"""`sigap` commands for a city's people at the server's shell: the first admin, staff in bulk from
a spreadsheet, a second city for an admin, and read-only PostGIS logins for GIS staff."""
from __future__ import annotations

from pathlib import Path

import click

from api.cli_errors import fail
from geo.db import connect
from geo.errors import SigapError
from geo.settings import Settings


@click.command("create-user")
@click.option("--email")
@click.option("--phone")
@click.option("--name", "full_name", default="")
@click.option("--role", type=click.Choice(["citizen", "responder", "operator", "agency_admin", "admin"]),
              default="operator", show_default=True)
@click.option("--agency", help="Agency code (DLH, DPU, DISHUB, DINSOS, SATPOLPP, DINKES, DAMKAR)")
@click.option("--kecamatan", help="Camat coordinator: receives SLA escalations of this kecamatan")
@click.option("--kelurahan", help="Lurah coordinator: receives SLA escalations of this kelurahan")
@click.option("--city", help="The city staff work for (slug or BPS code; default: the default city)")
@click.password_option(prompt="Kata sandi / Password", confirmation_prompt="Ulangi / Repeat")
def create_user_cmd(email: str | None, phone: str | None, full_name: str, role: str, agency: str | None,
                    kecamatan: str | None, kelurahan: str | None, city: str | None, password: str) -> None:
    """Buat akun staf / create a staff (or citizen) account."""
    from geo import cities
    from geo.accounts import create_user, staff_area

    agency = agency.upper() if agency else None  # any case, as the staff import takes it
    try:
        with connect(Settings.from_env()) as conn:
            target = cities.resolve(conn, city)
            uid = create_user(conn, password=password, email=email, phone=phone, full_name=full_name,
                              role=role, agency=agency, kecamatan=kecamatan, kelurahan=kelurahan, city_id=target.id)
            area = staff_area(conn, uid, target.id) if role != "citizen" else {"level": None}
            conn.commit()
    except SigapError as err:
        fail(err)
    # where they work, as stored: "user 5 (operator) created" left the deployer to guess which city
    # and whether the kecamatan was taken
    where = {"kecamatan": f", camat Kec. {area.get('kecamatan')}", "kelurahan": f", lurah Kel. {area.get('kelurahan')}"}
    click.echo(f"pengguna / user {uid} ({role}{' ' + agency if agency else ''}{where.get(area['level'] or '', '')}) "
               f"dibuat di / created in {target.name}")


@click.command("staff-add-city")
@click.argument("login")
@click.option("--city", required=True, help="The other city (slug or BPS code)")
def staff_add_city_cmd(login: str, city: str) -> None:
    """Beri admin kota tambahan / let an admin (e-mail or phone) also work for another city."""
    from geo import cities
    from geo.accounts import add_staff_city

    try:
        with connect(Settings.from_env()) as conn:
            target = cities.resolve(conn, city)
            uid = add_staff_city(conn, None, target.id, login=login)
            conn.commit()
    except SigapError as err:
        fail(err)
    click.echo(f"akun {uid} bekerja untuk {target.name} / user {uid} works for {target.name}")


@click.command("gis-user")
@click.argument("name")
@click.option("--city", "cities_", multiple=True, help="a city it may read (repeat; default: every city)")
@click.password_option(prompt="Kata sandi / Password", confirmation_prompt="Ulangi / Repeat")
def gis_user(name: str, cities_: tuple[str, ...], password: str) -> None:
    """Akun baca-saja untuk QGIS / a read-only PostGIS login for GIS staff (schema gis)."""
    from geo import cities
    from geo.accounts import create_gis_login

    try:
        with connect(Settings.from_env()) as conn:
            create_gis_login(conn, name, password, tuple(cities.resolve(conn, c).id for c in cities_))
            conn.commit()
    except SigapError as err:
        fail(err)
    click.echo(f"{name}: hanya baca (skema gis). QGIS: koneksi PostgreSQL, pengguna {name} / "
               f"read-only (schema gis). QGIS: PostgreSQL connection, user {name}")


@click.command("import-staff")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--city", help="The city they work for (slug or BPS code; default: the default city)")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="where to write their first passwords (CSV, to hand over)")
def import_staff_cmd(csv_file: Path, city: str | None, out: Path) -> None:
    """Tambah staf dari CSV spreadsheet / add staff from a spreadsheet's CSV (all or none).

    The same file and rules as the Staf tab's import (geo/staff_import.py). Each first password is
    written to OUT, readable by this user only; its owner replaces it at the first sign-in."""
    from geo import cities, staff_import

    existed = out.exists()
    if existed and out.stat().st_size > 0:  # an earlier handout: its passwords would be lost for good
        raise click.ClickException(f"--out {out} sudah ada; pilih nama lain / already exists; choose another name "
                                   "(its first passwords would be lost)")
    try:  # before anything is hashed or added: the passwords must have somewhere to go
        out.touch(mode=0o600)
    except OSError as err:
        raise click.ClickException(f"--out {out}: tidak dapat ditulis / cannot be written ({err.strerror})") from None
    text = staff_import.decode(csv_file.read_bytes())
    try:
        # One transaction for the file (the service's savepoints nest in it): all or none.
        with connect(Settings.from_env()) as conn, conn.transaction():
            target = cities.resolve(conn, city)
            added = staff_import.import_staff(conn, None, target.id, text)
            out.chmod(0o600)  # a file that was there keeps its mode otherwise
            out.write_text(staff_import.handout_csv(added), encoding="utf-8")
    except SigapError as err:
        if not existed:
            out.unlink(missing_ok=True)
        for problem in err.details.get("lines", []):
            click.echo(f"  baris/line {problem['line']}: {problem['message']} / {problem['message_en']}", err=True)
        fail(err)
    click.echo(f"{len(added)} staf ditambahkan ke {target.name} / staff added; "
               f"kata sandi awal / first passwords: {out}")


COMMANDS = (create_user_cmd, staff_add_city_cmd, gis_user, import_staff_cmd)
