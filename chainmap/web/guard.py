"""Request safety of the workbench: the session cookie, the request size limit, security
headers, and error pages (a 4xx or 500 page with a one-line message, never a traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from chainmap.errors import ChainmapError, one_line_message
from chainmap.i18n import t
from chainmap.web import pages
from chainmap.web.context import COOKIE, BadRequest, html, server_of
from chainmap.web.service import MAX_UPLOAD

logger = logging.getLogger(__name__)
#: Room for the form fields around an upload of the largest accepted size.
FORM_OVERHEAD = 65536


def install_guards(app: FastAPI) -> None:
    """Add the session middleware and the error pages to ``app``."""
    app.middleware("http")(sessions)
    app.add_exception_handler(BadRequest, bad_request)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid)  # type: ignore[arg-type]
    app.add_exception_handler(ChainmapError, chainmap_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, crash)


async def sessions(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Give the request a session id (a new one unless the cookie holds a valid one),
    refuse an oversized body before reading it, and set the security headers."""
    server = server_of(request)
    sid = request.cookies.get(COOKIE)
    fresh = not server.sessions.valid_id(sid)
    request.state.sid = server.sessions.new_id() if fresh else sid
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD + FORM_OVERHEAD):
        msg = t("web.too_large", "zh", limit=MAX_UPLOAD // (1024 * 1024))
        response: Response = html(pages.error_page(server, 413, msg, "zh"), 413)
    else:
        response = await call_next(request)
    if fresh:
        response.set_cookie(COOKIE, request.state.sid, httponly=True, samesite="lax")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def error_response(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page in the session's language."""
    server = server_of(request)
    lang = getattr(server.sessions.get(request.state.sid), "lang", "zh")
    return html(pages.error_page(server, status, message, lang), status)


async def bad_request(request: Request, exc: BadRequest) -> HTMLResponse:
    return error_response(request, exc.status, str(exc))


async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
    return error_response(request, exc.status_code, str(exc.detail))


async def invalid(request: Request, exc: RequestValidationError) -> HTMLResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return error_response(request, 400, f"{where}: {first.get('msg', 'invalid request')}")


async def chainmap_error(request: Request, exc: ChainmapError) -> HTMLResponse:
    return error_response(request, 422, one_line_message(exc))


async def crash(request: Request, exc: Exception) -> HTMLResponse:
    # the page shows no traceback; the server log keeps it for whoever runs the server
    logger.error("unhandled error on %s", request.url.path, exc_info=exc)
    return error_response(request, 500, type(exc).__name__)
