"""How the `sigap` command line fails: one `Error:` line, Indonesian then English, exit status 1,
not a Python traceback (a deployer's walk met eight kinds of them)."""
from __future__ import annotations

import json
import re
from typing import NoReturn

import click
import psycopg
import redis.exceptions

from geo.errors import SigapError
from geo.settings import SettingError

# The commands that read a file the deployer names: there a missing file or one that is not
# JSON is the deployer's slip. Elsewhere (serve, worker) it is a fault to see whole.
READS_FILES = frozenset({"load-reference", "load-zones", "load-osm", "camera-add", "city", "import-staff",
                         "backup", "restore", "vapid-keys"})


def fail(err: SigapError) -> NoReturn:
    reason = err.__cause__
    # the driver's own words say which: a wrong port, a missing database, a refused password
    first = (str(reason).strip().splitlines() or [""])[0] if isinstance(reason, psycopg.OperationalError) else ""
    raise click.ClickException(f"{err.message_id} / {err.message_en}" + (f" ({first})" if first else ""))


# Click's own usage errors, said in Indonesian first; its English words follow as they are.
_USAGE = ((r"Missing option '(.+?)'", "Opsi {0} wajib diisi"),
          (r"Missing argument '(.+?)'", "Argumen {0} wajib diisi"),
          (r"No such option:? '?([^'\s]+)'?", "Opsi {0} tidak dikenal"),
          (r"No such command '(.+?)'", "Perintah '{0}' tidak dikenal"),
          (r"Invalid value for '(.+?)'", "Nilai {0} tidak sah"),
          (r"Got unexpected extra arguments? \((.+?)\)", "Argumen berlebih: {0}"),
          (r"Option '(.+?)' requires an argument", "Opsi {0} perlu nilai"))


def usage_in_words(message: str) -> str:
    """`message` (Click's) with its Indonesian before it: `Opsi '--code' wajib diisi / Missing
    option '--code'.` A deployer read Click's English alone where every other error is bilingual."""
    for pattern, said in _USAGE:
        found = re.match(pattern, message)
        if found:
            return f"{said.format(*found.groups())} / {message}"
    return f"Perintah tidak dipakai dengan benar / {message}"


class Commands(click.Group):
    """The group of every `sigap` command: their known failures said in words."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta["sigap.command"] = name or ""  # which command failed decides how it is said
        return name, command, rest

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:  # `sigap` alone: its help, as Click prints it
            raise
        except click.UsageError as err:  # `sigap --bogus`
            raise click.UsageError(usage_in_words(err.format_message()), err.ctx) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:  # `sigap db`: the group's help
            raise
        except click.UsageError as err:  # a subcommand's, or a nested group's
            raise click.UsageError(usage_in_words(err.format_message()), err.ctx) from None
        except SigapError as err:
            fail(err)
        except SettingError as err:
            raise click.ClickException(str(err)) from None
        except redis.exceptions.ConnectionError:  # a worker or relay with Redis down: 79 lines of traceback
            raise click.ClickException("Redis tidak dapat dihubungi (periksa REDIS_URL) / Redis cannot be reached "
                                       "(check REDIS_URL)") from None
        except psycopg.errors.UndefinedTable:
            if ctx.meta.get("sigap.command") == "db":  # a migration that fails is a fault to see whole
                raise
            raise click.ClickException(
                "Skema basis data belum ada atau belum mutakhir: lihat `sigap db status`, lalu `sigap db upgrade` / "
                "The database schema is missing or out of date: see `sigap db status`, then `sigap db upgrade`") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            if ctx.meta.get("sigap.command") not in READS_FILES:
                raise
            raise click.ClickException(f"Berkas bukan JSON/GeoJSON yang sah / The file is not valid JSON or "
                                       f"GeoJSON ({err})") from None
        except FileNotFoundError as err:
            if ctx.meta.get("sigap.command") not in READS_FILES:
                raise
            raise click.ClickException(f"Berkas atau folder tidak ada / No such file or folder: {err.filename}") from None
