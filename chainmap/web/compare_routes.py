"""Comparison routes: 2–5 candidate industries of a scenario side by side, and what two
scenarios chose (tables and charts of :mod:`chainmap.report.compare`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chainmap.i18n import t
from chainmap.report.compare import comparison_document
from chainmap.report.render import Section
from chainmap.scenario.compare import compare_industries, compare_selections
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
    uploaded_names,
)

router = APIRouter()


def _scenario_names(request: Request) -> list[str]:
    return list(server_of(request).scenarios) + uploaded_names(session_of(request))


def _label(request: Request, name: str, lang: str) -> str:
    """The city's name of a shipped scenario, else the scenario's name."""
    source = server_of(request).scenarios.get(name)
    return source.label_in(lang) if source is not None else name


@router.get("/scenario/{name}/compare", response_class=HTMLResponse)
async def compare_candidates(request: Request, name: str) -> HTMLResponse:
    lang = lang_of(request)
    state = await solved_state(request, name)
    codes = list(dict.fromkeys(request.query_params.getlist("codes")))
    if not 2 <= len(codes) <= 5:
        raise BadRequest(t("web.pick_range", lang))
    assert state.result is not None
    frame = await in_pool(request, compare_industries, state.result, codes)
    title, sections, _table = comparison_document(frame, lang)
    page = pages.compare_page(
        server_of(request),
        lang,
        title=title,
        sections=sections,
        here=f"/scenario/{quoted(name)}/compare?" + pages.query(codes=codes),
        scenario_names=_scenario_names(request),
        back=(f"/scenario/{quoted(name)}?lang={lang}", _label(request, name, lang)),
    )
    return html(page)


@router.get("/compare", response_class=HTMLResponse)
async def compare_scenarios(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    names = _scenario_names(request)
    a, b = request.query_params.get("a"), request.query_params.get("b")
    sections: list[Section] = []
    if a is None and b is None:  # the form only
        title, here, picked = t("web.compare_scenarios", lang), "/compare", names[:2]
    else:
        if not a or not b or a == b:
            raise BadRequest(t("web.pick_two", lang))
        first = await solved_state(request, a)
        second = await solved_state(request, b)
        frame = await in_pool(request, compare_selections, first.result, second.result)
        title, sections, _table = comparison_document(frame, lang)
        here, picked = "/compare?" + pages.query(a=a, b=b), [a, b]
    page = pages.compare_page(
        server_of(request),
        lang,
        title=title,
        sections=sections,
        here=here,
        scenario_names=names,
        picked=picked,
    )
    return html(page)
