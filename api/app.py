"""Application factory (Flask tutorial style): settings in, app out."""
from __future__ import annotations

from flask import Flask

from api.forms import SigapRequest
from geo.db import make_pool
from geo.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app. Tests pass their own Settings; `sigap serve` reads the environment."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, static_folder=None)
    app.request_class = SigapRequest
    if settings.proxy_hops > 0:  # believe X-Forwarded-For/-Proto/-Host from exactly this many trusted proxies
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.proxy_hops
        # X-Forwarded-For gets one address per proxy; -Proto and -Host are set once, by the proxy
        # nearest the app (Caddy passes a trusted gateway's on, it adds none): with 2 hops they were
        # read as missing and every link said http:// (a review). Not -Port nor -Prefix: Caddy
        # neither sets nor removes them, so a client's own "X-Forwarded-Prefix: /evil" went into
        # the app's links (a deployer's walk).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=1, x_host=1,  # type: ignore[method-assign]
                                x_port=0, x_prefix=0)
    app.config["JSON_SORT_KEYS"] = False
    app.config["MAX_CONTENT_LENGTH"] = 12 * 1024 * 1024
    app.extensions["sigap.settings"] = settings
    app.extensions["sigap.pool"] = make_pool(settings)
    # Tiles render on the read replica when there is one (tiles/service.py decides per tile,
    # falling back to the primary's own tile pool); public lists, OGC and exports read there too.
    app.extensions["sigap.tile_pool"] = make_pool(settings, configure_tiles=True, replica=True)
    if settings.database_read_url:
        app.extensions["sigap.primary_tile_pool"] = make_pool(settings, configure_tiles=True)
        app.extensions["sigap.read_pool"] = make_pool(settings, replica=True)

    from api import (
        accounts,
        analytics,
        cameras,
        city,
        deps,
        errors,
        exports,
        frontend,
        health,
        jobs,
        media,
        metrics,
        notifications,
        observe,
        ogc,
        ogc_tiles,
        open311,
        openapi,
        passwordreset,
        performance,
        push,
        reference,
        reports,
        responders,
        tiles,
        traffic,
    )

    observe.init_app(app)
    errors.register(app)
    deps.init_app(app)
    city.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(reference.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(passwordreset.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(notifications.bp)
    app.register_blueprint(push.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(tiles.bp)
    app.register_blueprint(traffic.bp)
    app.register_blueprint(analytics.bp)
    app.register_blueprint(performance.bp)
    app.register_blueprint(responders.bp)
    city.register_per_city(app, ogc.bp, "/ogc")
    city.register_per_city(app, ogc_tiles.bp, "/ogc")
    app.register_blueprint(cameras.bp)
    app.register_blueprint(exports.bp)
    city.register_per_city(app, open311.bp, "/open311/v2")
    app.register_blueprint(jobs.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(frontend.bp)
    app.register_blueprint(frontend.city_pages)
    return app
