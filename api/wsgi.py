"""WSGI entry for gunicorn: settings come from the environment."""
from api.app import create_app

app = create_app()
