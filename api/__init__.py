"""HTTP entrypoint: translates requests into geo/ service calls. No SQL here."""
from api.app import create_app

__all__ = ["create_app"]
