"""Headless Chromium for reports: PDF printing, screenshots and console-error checks.

Chromium (Debian's ``chromium`` package) is driven through the DevTools protocol
over a pipe (``--remote-debugging-pipe``: JSON messages on file descriptors 3 and
4, each ended by a NUL byte), so no port is opened and nothing else is needed.
The protocol tells error levels apart (``console.error``, uncaught exceptions,
failed resource loads), reports the laid-out page size and renders full-page
screenshots and PDFs; the command-line switches (``--dump-dom``, ``--screenshot``)
cannot do all of that. Each call starts its own browser with a throw-away profile.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainmap.errors import ChainmapError
from chainmap.io.atomic import write_with

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",  # root in containers cannot use the setuid sandbox
    "--disable-gpu",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-sync",
    "--mute-audio",
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
)


def find_chromium() -> str | None:
    """Path of a Chromium binary ($CHAINMAP_CHROMIUM first, then PATH), or None."""
    env = os.environ.get("CHAINMAP_CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    return next((p for p in map(shutil.which, _CANDIDATES) if p), None)


def ensure_chromium() -> str:
    """Return the Chromium binary or raise :class:`ChainmapError` saying how to get one.

    Raises
    ------
    ChainmapError
        No Chromium on PATH (nor at $CHAINMAP_CHROMIUM).
    """
    path = find_chromium()
    if path is None:
        msg = (
            "headless Chromium not found (needed for PDF output and screenshots): install "
            "Debian's packages with `apt-get install chromium fonts-noto-cjk`, or set "
            "CHAINMAP_CHROMIUM to a Chromium/Chrome binary"
        )
        raise ChainmapError(msg)
    return path


@dataclass
class PageReport:
    """What loading a page showed: errors, external requests and the laid-out size (CSS px)."""

    errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


class _Browser:
    """One headless Chromium process and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, timeout: float) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="chainmap-chromium-")
        r_in, self._w = os.pipe()
        self._r, w_out = os.pipe()
        # Move the child's ends above fd 9 so dup2 onto 3/4 cannot clobber them.
        hi_r, hi_w = fcntl.fcntl(r_in, fcntl.F_DUPFD, 10), fcntl.fcntl(w_out, fcntl.F_DUPFD, 10)
        os.close(r_in)
        os.close(w_out)

        def child_fds() -> None:
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        # Kept open for the browser's lifetime (read on failure, closed in close()).
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.proc = self._start(binary, child_fds)
        except OSError as err:
            for fd in (hi_r, hi_w, self._r, self._w):
                os.close(fd)
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)
            msg = f"cannot start headless Chromium {binary}: {err}"
            raise ChainmapError(msg) from err
        os.close(hi_r)
        os.close(hi_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _start(self, binary: str, child_fds: Callable[[], None]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [binary, *_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=child_fds,  # only dup2: safe between fork and exec
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def _fail(self, what: str) -> ChainmapError:
        self._log.seek(0)
        tail = self._log.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        return ChainmapError(f"headless Chromium {what}: {' | '.join(tail) or 'no output'}")

    def _pump(self, deadline: float) -> bool:
        """Read available messages into events/replies; False on timeout."""
        wait = max(0.0, deadline - time.monotonic())
        if not select.select([self._r], [], [], wait)[0]:
            return False
        chunk = os.read(self._r, 1 << 20)
        if not chunk:
            raise self._fail("exited unexpectedly")
        self._buf += chunk
        return True

    def _messages(self) -> Iterator[dict[str, Any]]:
        while b"\0" in self._buf:
            raw, self._buf = self._buf.split(b"\0", 1)
            yield json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command to the page (or the browser before attaching); return its result."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        try:
            os.write(self._w, json.dumps(message).encode() + b"\0")
        except BrokenPipeError as err:
            raise self._fail("exited unexpectedly") from err
        deadline = time.monotonic() + self.timeout
        while True:
            for m in self._messages():
                if m.get("id") == self._id:
                    if "error" in m:
                        raise ChainmapError(f"headless Chromium: {method}: {m['error']}")
                    return dict(m.get("result", {}))
                self.events.append(m)
            if not self._pump(deadline):
                raise self._fail(f"did not answer {method} within {self.timeout:g} s")

    def wait_for(self, event: str) -> None:
        """Wait until ``event`` has arrived."""
        deadline = time.monotonic() + self.timeout
        while True:
            self.events.extend(self._messages())
            if any(e.get("method") == event for e in self.events):
                return
            if not self._pump(deadline):
                raise self._fail(f"did not report {event} within {self.timeout:g} s")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.session = ""
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._r, self._w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.contextmanager
def open_page(
    html_path: str | Path, *, width: int = 1200, height: int = 900, timeout: float = 30.0
) -> Iterator[tuple[_Browser, PageReport]]:
    """Load a local HTML file in headless Chromium; yield the browser and a :class:`PageReport`.

    The report lists console errors, uncaught exceptions, failed loads and every
    request that leaves the file system (a self-contained report makes none).
    """
    path = Path(html_path).resolve()
    if not path.is_file():
        msg = f"{path}: no such HTML file"
        raise ChainmapError(msg)
    browser = _Browser(ensure_chromium(), timeout)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        browser.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(f"{domain}.enable")
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        browser.call("Page.navigate", {"url": path.as_uri()})
        browser.wait_for("Page.loadEventFired")
        browser.call(
            "Runtime.evaluate", {"expression": "document.fonts.ready", "awaitPromise": True}
        )
        size = browser.call("Page.getLayoutMetrics")["cssContentSize"]
        report = PageReport(width=float(size["width"]), height=float(size["height"]))
        for e in browser.events:
            _collect(e.get("method", ""), e.get("params", {}), report)
        yield browser, report
    finally:
        browser.close()


def _collect(method: str, p: dict[str, Any], report: PageReport) -> None:
    if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
        report.errors.append(f"console.{p['type']}: {text}")
    elif method == "Runtime.exceptionThrown":
        d = p.get("exceptionDetails", {})
        report.errors.append(
            f"exception: {d.get('exception', {}).get('description', d.get('text'))}"
        )
    elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        entry = p["entry"]
        report.errors.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}")
    elif method == "Network.requestWillBeSent":
        url = str(p.get("request", {}).get("url", ""))
        if not url.startswith(("file:", "data:", "about:")):
            report.external_requests.append(url)


def console_errors(html_path: str | Path, *, timeout: float = 30.0) -> list[str]:
    """Errors shown while loading ``html_path`` (console errors, exceptions, failed loads).

    Requests to the network are errors too: a report must open offline.
    """
    with open_page(html_path, timeout=timeout) as (_, report):
        return report.errors + [f"external request: {u}" for u in report.external_requests]


def screenshot(
    html_path: str | Path,
    png_path: str | Path,
    width: int = 1200,
    height: int | None = None,
    *,
    force: bool = False,
    timeout: float = 30.0,
) -> PageReport:
    """Render ``html_path`` to a PNG ``width`` px wide (full page height when ``height`` is None).

    Returns the :class:`PageReport` of the load (errors, laid-out size).
    """
    with open_page(html_path, width=width, height=height or 900, timeout=timeout) as (b, report):
        h = min(report.height, 30000.0) if height is None else float(height)
        clip = {"x": 0, "y": 0, "width": width, "height": h, "scale": 1}
        shot = b.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
    data = base64.b64decode(shot["data"])
    write_with(png_path, lambda tmp: tmp.write_bytes(data), overwrite=force)
    return report


def html_to_pdf(
    html_path: str | Path, pdf_path: str | Path, *, force: bool = False, timeout: float = 60.0
) -> Path:
    """Print ``html_path`` to PDF with the page's print stylesheet (A4 unless the CSS says)."""
    with open_page(html_path, timeout=timeout) as (b, _):
        printed = b.call(
            "Page.printToPDF",
            {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False},
        )
    data = base64.b64decode(printed["data"])
    return write_with(pdf_path, lambda tmp: tmp.write_bytes(data), overwrite=force)
