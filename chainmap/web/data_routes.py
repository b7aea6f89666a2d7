"""Routes of the start page and data in: scenarios and the upload form, an upload that
starts a new scenario, the static script, and a health check."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainmap.errors import ChainmapError
from chainmap.i18n import t
from chainmap.web import pages
from chainmap.web.context import BadRequest, html, in_pool, lang_of, server_of, session_of
from chainmap.web.service import (
    MAX_UPLOAD,
    UPLOAD_MAGIC,
    UPLOAD_SUFFIXES,
    check_upload,
    shown_error,
    solve_state,
    store_upload,
    upload_overrides,
    web_defaults,
)
from chainmap.web.state import ScenarioState

router = APIRouter()
#: Static files served, by name (nothing else is).
STATIC = {"app.js": "application/javascript"}


@router.get("/healthz")
async def healthz() -> Response:
    return Response("ok", media_type="text/plain")


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise BadRequest("no such file", 404)
    text = (resources.files("chainmap.web") / "static" / name).read_text(encoding="utf-8")
    return Response(text, media_type=STATIC[name])


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    return html(pages.index_page(server_of(request), lang_of(request)))


@router.post("/upload")
async def upload(request: Request) -> Response:
    """Check the file as the command line does, then solve the base scenario on it."""
    lang = lang_of(request)
    server, session = server_of(request), session_of(request)
    kind, base, filename, data = await _read_upload(request, lang)
    try:
        path = store_upload(session, kind, filename, data)
    except ChainmapError as err:
        raise BadRequest(t("web.not_text", lang), 415) from err
    source = server.scenarios[base]
    base_scenario = ScenarioState(base, source.path).scenario()
    try:
        await in_pool(request, check_upload, kind, path, base_scenario)
    except ChainmapError as err:
        path.unlink(missing_ok=True)
        msg = t("web.upload_error", lang, message=shown_error(err, path, filename))
        return html(pages.index_page(server, lang, msg), 422)
    name = f"upload-{session.uploads}"
    state = ScenarioState(name, source.path)
    overrides = {**web_defaults(state, server.defaults), **upload_overrides(kind, path)}
    session.states[name] = state
    await in_pool(request, solve_state, server, session, state, overrides)
    if state.run is None:
        del session.states[name]
        message = state.message.replace(str(path), filename)
        msg = t("web.upload_error", lang, message=message)
        return html(pages.index_page(server, lang, msg), 422)
    return RedirectResponse(f"/scenario/{name}?lang={lang}", status_code=303)


async def _read_upload(request: Request, lang: str) -> tuple[str, str, str, bytes]:
    """Kind, base scenario, file name and bytes of an upload form (each checked)."""
    async with request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD + 1) as form:
        kind, base = str(form.get("kind", "")), str(form.get("base", ""))
        file: Any = form.get("file")
        if kind not in UPLOAD_SUFFIXES:
            raise BadRequest(f"kind must be one of {', '.join(UPLOAD_SUFFIXES)}")
        if base not in server_of(request).scenarios:
            raise BadRequest(f"no scenario named {base!r}", 404)
        if file is None or isinstance(file, str):
            raise BadRequest("no file uploaded")
        filename = Path(str(file.filename or "")).name
        suffix = Path(filename).suffix.lower()
        allowed = UPLOAD_SUFFIXES[kind]
        if suffix not in allowed:
            msg = t("web.wrong_type", lang, suffix=suffix or "—", allowed=", ".join(allowed))
            raise BadRequest(msg, 415)
        data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise BadRequest(t("web.too_large", lang, limit=MAX_UPLOAD // (1024 * 1024)), 413)
    magic = UPLOAD_MAGIC.get(suffix)
    if magic is not None and not data.startswith(magic):
        raise BadRequest(t("web.wrong_type", lang, suffix=suffix, allowed=", ".join(allowed)), 415)
    return kind, base, filename, data
