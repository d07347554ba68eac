"""WSGI entry for gunicorn: settings come from the environment. The access log is the app's
own JSON line per request (api/observe.py) on stderr, instead of gunicorn's text one."""
import logging
import sys

from api.app import create_app

_handler = logging.StreamHandler(sys.stderr)
_handler.setFormatter(logging.Formatter("%(message)s"))
_access = logging.getLogger("sigap.access")
_access.addHandler(_handler)
_access.setLevel(logging.INFO)
_access.propagate = False

app = create_app()
