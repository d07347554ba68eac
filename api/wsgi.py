"""WSGI entry for gunicorn: settings come from the environment. The access log is the app's
own JSON line per request (api/observe.py) on stderr, instead of gunicorn's text one."""
import logging
import sys
import threading

from api.app import create_app
from api.compress import warm
from api.frontend import FRONTEND, SHELL
from api.observe import log_to_stderr

_handler = logging.StreamHandler(sys.stderr)
_handler.setFormatter(logging.Formatter("%(message)s"))
_access = logging.getLogger("sigap.access")
_access.addHandler(_handler)
_access.setLevel(logging.INFO)
_access.propagate = False

log_to_stderr()
app = create_app()
# The app shell compressed in the background as this process starts, not on a visitor's time.
threading.Thread(target=warm, args=(FRONTEND, SHELL), name="sigap-warm-assets", daemon=True).start()
