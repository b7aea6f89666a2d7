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

Safety: a random session id in an HttpOnly cookie selects the session; scenario names
and download formats are looked up in fixed tables, file names are made by the server, so
no part of a request path reaches the file system. Solves run in :class:`SolvePool`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import tempfile
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from chainmap.errors import ChainmapError
from chainmap.i18n import LANGUAGES, t
from chainmap.web import pages
from chainmap.web.service import (
    MAX_UPLOAD,
    METHODS,
    UPLOAD_SUFFIXES,
    check_upload,
    one_line,
    scenario_yaml,
    solve_state,
    store_upload,
    upload_overrides,
    web_defaults,
)
from chainmap.web.state import (
    BusyError,
    ScenarioSource,
    ScenarioState,
    Server,
    Session,
)

logger = logging.getLogger(__name__)

COOKIE = "chainmap_session"
#: Static files served, by name (nothing else is).
STATIC = {"app.js": "application/javascript"}
#: Download formats: briefing formats of write_report, and the scenario YAML.
BRIEFING_FORMATS = ("html", "xlsx", "pdf", "md")
MEDIA = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "yaml": "application/x-yaml",
}


class BadRequest(Exception):
    """A malformed request: answered with ``status`` and the message on an HTML page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


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
    app = FastAPI(title="chainmap", docs_url=None, redoc_url=None, openapi_url=None)
    server.defaults = dict(defaults or {})
    app.state.server = server

    def lang_of(request: Request) -> str:
        session = session_of(request)
        value = request.query_params.get("lang")
        if value is not None:
            if value not in LANGUAGES:
                raise BadRequest(f"lang must be one of {', '.join(LANGUAGES)}")
            session.lang = value
        return session.lang

    def session_of(request: Request) -> Session:
        return server.sessions.get(request.state.sid)

    def html(text: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(text, status_code=status)

    async def run(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            future = server.pool.submit(fn, *args)
        except BusyError as err:
            raise BadRequest(str(err), 503) from err
        return await asyncio.wrap_future(future)

    def state_of(session: Session, name: str) -> ScenarioState:
        if name in session.states:
            return session.states[name]
        source = server.scenarios.get(name)
        if source is None:
            raise BadRequest(f"no scenario named {name!r}", 404)
        state = ScenarioState(name, source.path)
        session.states[name] = state
        return state

    async def ensure_solved(session: Session, state: ScenarioState) -> ScenarioState:
        if state.run is None:
            overrides = state.overrides or web_defaults(state, server.defaults)
            await run(solve_state, server, session, state, overrides)
            if state.run is None and state.message:
                raise BadRequest(state.message, 422)
        return state

    @app.middleware("http")
    async def sessions(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        sid = request.cookies.get(COOKIE)
        fresh = not server.sessions.valid_id(sid)
        request.state.sid = server.sessions.new_id() if fresh else sid
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD + 65536):
            lang = "zh"
            limit = MAX_UPLOAD // (1024 * 1024)
            msg = t("web.too_large", lang, limit=limit)
            response: Response = html(pages.error_page(server, 413, msg, lang), 413)
        else:
            response = await call_next(request)
        if fresh:
            response.set_cookie(COOKIE, request.state.sid, httponly=True, samesite="lax")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> HTMLResponse:
        lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
        return html(pages.error_page(server, exc.status, str(exc), lang), exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
        return html(
            pages.error_page(server, exc.status_code, str(exc.detail), lang), exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> HTMLResponse:
        lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        msg = f"{where}: {first.get('msg', 'invalid request')}"
        return html(pages.error_page(server, 400, msg, lang), 400)

    @app.exception_handler(ChainmapError)
    async def chainmap_error(request: Request, exc: ChainmapError) -> HTMLResponse:
        lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
        return html(pages.error_page(server, 422, one_line(exc), lang), 422)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> HTMLResponse:
        # the page shows no traceback; the server log keeps it for whoever runs the server
        logger.error("unhandled error on %s", request.url.path, exc_info=exc)
        lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
        return html(pages.error_page(server, 500, type(exc).__name__, lang), 500)

    @app.get("/healthz")
    async def healthz() -> Response:
        return Response("ok", media_type="text/plain")

    @app.get("/static/{name}")
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise BadRequest("no such file", 404)
        text = (resources.files("chainmap.web") / "static" / name).read_text(encoding="utf-8")
        return Response(text, media_type=STATIC[name])

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> HTMLResponse:
        return html(pages.index_page(server, lang_of(request)))

    @app.get("/scenario/{name}", response_class=HTMLResponse)
    async def scenario(request: Request, name: str) -> HTMLResponse:
        lang = lang_of(request)
        session = session_of(request)
        state = await ensure_solved(session, state_of(session, name))
        text = await run(pages.scenario_page, server, state, lang)
        return html(text)

    @app.post("/scenario/{name}/solve")
    async def solve(request: Request, name: str) -> Response:
        lang = lang_of(request)
        session = session_of(request)
        state = await ensure_solved(session, state_of(session, name))
        async with request.form(max_files=0, max_fields=400) as form:
            overrides = dict(state.overrides)
            overrides.update(_form_overrides(form, state))
        await run(solve_state, server, session, state, overrides)
        return RedirectResponse(f"/scenario/{_q(name)}?lang={lang}", status_code=303)

    @app.post("/scenario/{name}/reset")
    async def reset(request: Request, name: str) -> Response:
        lang = lang_of(request)
        session = session_of(request)
        state = await ensure_solved(session, state_of(session, name))
        keep = {k: v for k, v in state.overrides.items() if k in ("city.data", "table")}
        if name.startswith("upload-"):
            overrides = {**web_defaults(state, server.defaults), **keep}
        else:
            overrides = web_defaults(state, server.defaults)
        await run(solve_state, server, session, state, overrides)
        return RedirectResponse(f"/scenario/{_q(name)}?lang={lang}", status_code=303)

    @app.get("/scenario/{name}/compare", response_class=HTMLResponse)
    async def compare_candidates(request: Request, name: str) -> HTMLResponse:
        from chainmap.report.compare import comparison_document
        from chainmap.scenario.compare import compare_industries

        lang = lang_of(request)
        session = session_of(request)
        state = await ensure_solved(session, state_of(session, name))
        codes = list(dict.fromkeys(request.query_params.getlist("codes")))
        if not 2 <= len(codes) <= 5:
            raise BadRequest(t("web.pick_range", lang))
        assert state.result is not None
        frame = await run(compare_industries, state.result, codes)
        title, sections, _table = comparison_document(frame, lang)
        here = f"/scenario/{_q(name)}/compare?" + pages.query(codes=codes)
        return html(
            pages.compare_page(
                server,
                lang,
                title=title,
                sections=sections,
                here=here,
                scenario_names=list(server.scenarios) + _uploads(session),
            )
        )

    @app.get("/compare", response_class=HTMLResponse)
    async def compare_scenarios(request: Request) -> HTMLResponse:
        from chainmap.report.compare import comparison_document
        from chainmap.scenario.compare import compare_selections

        lang = lang_of(request)
        session = session_of(request)
        names = list(server.scenarios) + _uploads(session)
        a, b = request.query_params.get("a"), request.query_params.get("b")
        if a is None and b is None:
            return html(
                pages.compare_page(
                    server,
                    lang,
                    title=t("web.compare_scenarios", lang),
                    sections=[],
                    here="/compare",
                    scenario_names=names,
                    picked=names[:2],
                )
            )
        if not a or not b or a == b:
            raise BadRequest(t("web.pick_two", lang))
        first = await ensure_solved(session, state_of(session, a))
        second = await ensure_solved(session, state_of(session, b))
        frame = await run(compare_selections, first.result, second.result)
        title, sections, _table = comparison_document(frame, lang)
        return html(
            pages.compare_page(
                server,
                lang,
                title=title,
                sections=sections,
                here="/compare?" + pages.query(a=a, b=b),
                scenario_names=names,
                picked=[a, b],
            )
        )

    @app.get("/scenario/{name}/download/{fmt}")
    async def download(request: Request, name: str, fmt: str) -> Response:
        lang = lang_of(request)
        if fmt not in (*BRIEFING_FORMATS, "yaml"):
            raise BadRequest(
                f"unknown download format; choose from {(*BRIEFING_FORMATS, 'yaml')}", 404
            )
        session = session_of(request)
        state = await ensure_solved(session, state_of(session, name))
        assert state.run is not None and state.result is not None
        filename = f"{name}-{lang}.{fmt}"
        if fmt == "yaml":
            text = scenario_yaml(state.result.scenario, lang, filename)
            return Response(
                text,
                media_type=MEDIA[fmt],
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        folder = state.run.folder
        out = session.folder("downloads", folder.name, lang)
        target = out / f"report.{fmt}"
        if not target.exists():
            from chainmap.report.write import write_report

            await run(
                lambda: write_report(folder, lang=lang, formats=[fmt], out_dir=out, force=True)
            )
        return FileResponse(target, media_type=MEDIA[fmt], filename=filename)

    @app.post("/upload")
    async def upload(request: Request) -> Response:
        lang = lang_of(request)
        session = session_of(request)
        async with request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD + 1) as form:
            kind, base = str(form.get("kind", "")), str(form.get("base", ""))
            file = form.get("file")
            if kind not in UPLOAD_SUFFIXES:
                raise BadRequest(f"kind must be one of {', '.join(UPLOAD_SUFFIXES)}")
            if base not in server.scenarios:
                raise BadRequest(f"no scenario named {base!r}", 404)
            if file is None or isinstance(file, str):
                raise BadRequest("no file uploaded")
            suffix = Path(str(file.filename or "")).suffix.lower()
            allowed = UPLOAD_SUFFIXES[kind]
            if suffix not in allowed:
                msg = t("web.wrong_type", lang, suffix=suffix or "—", allowed=", ".join(allowed))
                raise BadRequest(msg, 415)
            data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise BadRequest(t("web.too_large", lang, limit=MAX_UPLOAD // (1024 * 1024)), 413)
        if kind == "table" and not data.startswith(b"PK"):
            raise BadRequest(t("web.wrong_type", lang, suffix=suffix, allowed=".xlsx"), 415)
        source = server.scenarios[base]
        try:
            path = store_upload(session, kind, suffix, data)
        except ChainmapError as err:
            raise BadRequest(t("web.not_text", lang), 415) from err
        base_state = ScenarioState(base, source.path)
        try:
            await run(check_upload, kind, path, base_state.scenario({}))
        except ChainmapError as err:
            path.unlink(missing_ok=True)
            msg = t("web.upload_error", lang, message=one_line(err))
            return html(pages.index_page(server, lang, msg), 422)
        name = f"upload-{session.uploads}"
        state = ScenarioState(name, source.path)
        overrides = {**web_defaults(state, server.defaults), **upload_overrides(kind, path)}
        session.states[name] = state
        await run(solve_state, server, session, state, overrides)
        if state.run is None:
            del session.states[name]
            msg = t("web.upload_error", lang, message=state.message)
            return html(pages.index_page(server, lang, msg), 422)
        return RedirectResponse(f"/scenario/{name}?lang={lang}", status_code=303)

    return app


def _q(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _uploads(session: Session) -> list[str]:
    return [n for n in session.states if n.startswith("upload-")]


def _number(form: Any, key: str, *, low: float = 0.0, high: float = math.inf) -> float | None:
    raw = form.get(key)
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    try:
        value = float(str(raw))
    except ValueError as err:
        raise BadRequest(f"{key}: {raw!r} is not a number") from err
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequest(f"{key}: {value:g} is outside [{low:g}, {high:g}]")
    return value


def _form_overrides(form: Any, state: ScenarioState) -> dict[str, Any]:
    """Scenario overrides from the controls (each checked; bad values → 400)."""
    from chainmap.report.format import CRITERION_KEYS

    out: dict[str, Any] = {}
    weights = {k: _number(form, f"w_{k}", high=100.0) for k in CRITERION_KEYS}
    if any(v is not None for v in weights.values()):
        w = {k: float(v or 0.0) for k, v in weights.items()}
        if sum(w.values()) <= 0:
            raise BadRequest("criterion weights: at least one must be positive")
        out["criteria.weights"] = w
    known = {str(c) for c in state.result.selection_inputs.candidates} if state.result else set()
    for key in ("require", "exclude"):
        codes = [str(c) for c in form.getlist(key)]
        bad = [c for c in codes if c not in known]
        if bad:
            raise BadRequest(f"{key}: unknown industries {bad[:5]}")
        out[f"selection.{key}"] = codes
    for role, lo_key, hi_key in (
        ("leading", "lead_min", "lead_max"),
        ("potential", "pot_min", "pot_max"),
    ):
        lo, hi = _number(form, lo_key, high=50), _number(form, hi_key, high=50)
        if lo is not None or hi is not None:
            lo_i = int(lo if lo is not None else hi or 0)
            hi_i = int(hi if hi is not None else lo_i)
            if lo_i > hi_i:
                raise BadRequest(f"{lo_key} {lo_i} exceeds {hi_key} {hi_i}")
            out[f"selection.n_{role}"] = [lo_i, hi_i]
    if "budget" in form:
        out["selection.budget"] = _number(form, "budget", high=1e9)
    table = form.get("table")
    if table:
        if not isinstance(table, str) or len(table) > 200:
            raise BadRequest("table: invalid")
        if table != state.scenario().get("table"):
            from chainmap.io.registry import find_entry

            if find_entry(table) is None:
                raise BadRequest(f"table: {table!r} is not a registry id")
            out["table"] = table
    method = form.get("method")
    if method:
        if method not in METHODS:
            raise BadRequest(f"method must be one of {', '.join(METHODS)}")
        out["regionalization.method"] = method
    delta = _number(form, "delta", high=1.0)
    if delta is not None:
        out["regionalization.delta"] = delta
    draws = _number(form, "draws", high=5000)
    if draws is not None:
        out["robustness.weight_draws"] = int(draws)
    return out
