"""What every route needs from a request: the server, the browser's session and language,
the scenario state it names, and the solve pool; :class:`BadRequest` for a 4xx answer.

Routes reach the shared :class:`~chainmap.web.state.Server` through ``request.app.state``
(set by :func:`chainmap.web.app.create_app`), so route modules hold no state of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse

from chainmap.i18n import LANGUAGES
from chainmap.web.service import solve_state, web_defaults
from chainmap.web.state import BusyError, ScenarioState, Server, Session

T = TypeVar("T")
#: Name of the cookie holding the session id.
COOKIE = "chainmap_session"


class BadRequest(Exception):
    """A malformed request: answered with ``status`` and the message on an HTML page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def session_of(request: Request) -> Session:
    """The session of the request's cookie (made by the session middleware)."""
    return server_of(request).sessions.get(request.state.sid)


def lang_of(request: Request) -> str:
    """The page language: ``?lang=`` (remembered by the session), else the session's."""
    session = session_of(request)
    value = request.query_params.get("lang")
    if value is not None:
        if value not in LANGUAGES:
            raise BadRequest(f"lang must be one of {', '.join(LANGUAGES)}")
        session.lang = value
    return session.lang


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


def quoted(name: str) -> str:
    """A scenario name as one URL path segment."""
    return quote(name, safe="")


def uploaded_names(session: Session) -> list[str]:
    """Names of the scenarios the session started from uploads."""
    return [n for n in session.states if n.startswith("upload-")]


async def in_pool(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in the solve pool; a full queue answers 503."""
    try:
        future = server_of(request).pool.submit(fn, *args)
    except BusyError as err:
        raise BadRequest(str(err), 503) from err
    return await asyncio.wrap_future(future)


def state_of(request: Request, name: str) -> ScenarioState:
    """The session's state of scenario ``name`` (a shipped one is opened on first use)."""
    session = session_of(request)
    if name in session.states:
        return session.states[name]
    source = server_of(request).scenarios.get(name)
    if source is None:
        raise BadRequest(f"no scenario named {name!r}", 404)
    state = ScenarioState(name, source.path)
    session.states[name] = state
    return state


async def solved_state(request: Request, name: str) -> ScenarioState:
    """:func:`state_of`, solved with the web defaults when it has no result yet."""
    state = state_of(request, name)
    if state.run is None:
        server = server_of(request)
        overrides = state.overrides or web_defaults(state, server.defaults)
        await in_pool(request, solve_state, server, session_of(request), state, overrides)
        if state.run is None and state.message:
            raise BadRequest(state.message, 422)
    return state
