"""Routes of one scenario: its page, a re-solve with the controls' settings, back to the
scenario's own settings, and downloads (briefing formats and the scenario YAML)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from chainmap.report.write import write_report
from chainmap.web import pages
from chainmap.web.context import (
    BadRequest,
    html,
    in_pool,
    lang_of,
    quoted,
    server_of,
    session_of,
    solved_state,
)
from chainmap.web.forms import form_overrides
from chainmap.web.service import scenario_yaml, solve_state, web_defaults

router = APIRouter()

#: Download formats: briefing formats of write_report, and the scenario YAML.
BRIEFING_FORMATS = ("html", "xlsx", "pdf", "md")
MEDIA = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "yaml": "application/x-yaml",
}
#: Overrides of a scenario started from an upload that "back to the settings" keeps.
UPLOAD_KEYS = ("city.data", "table", "regionalization.province")


@router.get("/scenario/{name}", response_class=HTMLResponse)
async def scenario(request: Request, name: str) -> HTMLResponse:
    lang = lang_of(request)
    state = await solved_state(request, name)
    return html(await in_pool(request, pages.scenario_page, server_of(request), state, lang))


@router.post("/scenario/{name}/solve")
async def solve(request: Request, name: str) -> Response:
    lang = lang_of(request)
    state = await solved_state(request, name)
    async with request.form(max_files=0, max_fields=400) as form:
        overrides = {**state.overrides, **form_overrides(form, state)}
    server, session = server_of(request), session_of(request)
    await in_pool(request, solve_state, server, session, state, overrides)
    return RedirectResponse(f"/scenario/{quoted(name)}?lang={lang}", status_code=303)


@router.post("/scenario/{name}/reset")
async def reset(request: Request, name: str) -> Response:
    lang = lang_of(request)
    state = await solved_state(request, name)
    server, session = server_of(request), session_of(request)
    overrides = web_defaults(state, server.defaults)
    if name.startswith("upload-"):  # the uploaded file stays: it is what the scenario is
        overrides.update({k: v for k, v in state.overrides.items() if k in UPLOAD_KEYS})
    await in_pool(request, solve_state, server, session, state, overrides)
    return RedirectResponse(f"/scenario/{quoted(name)}?lang={lang}", status_code=303)


@router.get("/scenario/{name}/download/{fmt}")
async def download(request: Request, name: str, fmt: str) -> Response:
    lang = lang_of(request)
    if fmt not in (*BRIEFING_FORMATS, "yaml"):
        choices = (*BRIEFING_FORMATS, "yaml")
        raise BadRequest(f"unknown download format; choose from {choices}", 404)
    state = await solved_state(request, name)
    assert state.run is not None and state.result is not None
    filename = f"{name}-{lang}.{fmt}"
    if fmt == "yaml":
        text = scenario_yaml(state.result.scenario, lang, filename)
        disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(text, media_type=MEDIA[fmt], headers=disposition)
    # briefings are written on the first download only (a re-solve writes none)
    folder = state.run.folder
    out = session_of(request).folder("downloads", folder.name, lang)
    target = out / f"report.{fmt}"
    if not target.exists():
        await in_pool(
            request,
            lambda: write_report(folder, lang=lang, formats=[fmt], out_dir=out, force=True),
        )
    return FileResponse(target, media_type=MEDIA[fmt], filename=filename)
