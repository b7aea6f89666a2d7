"""The workbench application (FastAPI/Starlette, server-rendered pages).

Routes (every one answers HTML or a file; errors are HTML pages with a 4xx status and a
one-line message, never a traceback):

``GET /``                               scenarios and the upload form
``GET /scenario/{name}``                the scenario page (decision first, then report sections)
``POST /scenario/{name}/solve``         change weights/selection/regionalisation settings, re-solve
``POST /scenario/{name}/reset``         back to the scenario's own settings
``GET /scenario/{name}/compare?codes=`` 2–5 candidates side by side
``GET /scenario/{name}/download/{fmt}`` briefing (html, xlsx, pdf, md) or scenario YAML
``GET /compare?a=&b=``                  what two scenarios chose
``POST /upload``                        city data CSV or provincial workbook → new scenario
``GET /static/app.js``                  the progressive enhancement (a fixed list of files)

The routes live in :mod:`~chainmap.web.scenario_routes`, :mod:`~chainmap.web.compare_routes`
and :mod:`~chainmap.web.data_routes`; the session cookie, size limit and error pages in
:mod:`~chainmap.web.guard`.

Safety: a random session id in an HttpOnly cookie selects the session; scenario names
and download formats are looked up in fixed tables, file names are made by the server, so
no part of a request path reaches the file system. Solves run in :class:`SolvePool`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from chainmap.web import compare_routes, data_routes, scenario_routes
from chainmap.web.guard import install_guards
from chainmap.web.state import ScenarioSource, Server


def create_app(
    scenarios: list[ScenarioSource],
    *,
    workdir: str | Path | None = None,
    workers: int = 2,
    queue: int = 8,
    defaults: dict[str, Any] | None = None,
) -> FastAPI:
    """The application serving ``scenarios``; session workspaces under ``workdir``.

    ``defaults``: overrides every scenario starts with (e.g. ``{"selection.alternatives": 1}``).
    """
    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="chainmap-serve-"))
    server = Server(scenarios, root.resolve(), workers=workers, queue=queue)
    server.defaults = dict(defaults or {})
    app = FastAPI(title="chainmap", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.server = server
    install_guards(app)
    for routes in (data_routes, scenario_routes, compare_routes):
        app.include_router(routes.router)
    return app
