"""Fixtures of the web tests, imported by each test module: one app (Hangzhou analysed once
per test process, shared by the modules), a TestClient factory (each client is its own
browser session) and one real uvicorn server on 127.0.0.1 at a random port.

Not a ``conftest.py``: a second module of that name would shadow ``tests/conftest.py`` for
the ``from conftest import ...`` of the other test folders.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

SCENARIO = "hangzhou_2023"
#: Fast settings for the tests: one alternative, no weight draws, one parameter variant of
#: each family (regionalisation, stage thresholds, policy), so the robustness section shows.
TEST_DEFAULTS: dict[str, Any] = {
    "selection.alternatives": 1,
    "robustness.weight_draws": 0,
    "robustness.parameter_draws": 3,
}


_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if "app" in _SHARED:
        return _SHARED["app"]
    from chainmap.web.app import create_app
    from chainmap.web.state import find_scenarios

    data = os.environ.get("CHAINMAP_DATA_DIR", "")
    if not (Path(data) / "china-nbs" / "china_2020_153.csv").exists():
        msg = f"the national 2020 153-sector table is not under CHAINMAP_DATA_DIR={data!r}"
        if os.environ.get("CHAINMAP_REQUIRE_DATA") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    scenarios = find_scenarios(
        [ROOT / "scenarios" / f"{SCENARIO}.yaml", ROOT / "scenarios" / "illustrative_demo.yaml"]
    )
    _SHARED["app"] = create_app(
        scenarios, workdir=tmp_path_factory.mktemp("serve"), defaults=TEST_DEFAULTS
    )
    return _SHARED["app"]


@pytest.fixture()
def new_client(web_app: Any) -> Any:
    from fastapi.testclient import TestClient

    clients: list[Any] = []

    def make() -> Any:
        client = TestClient(web_app, raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture(scope="session")
def live_url(web_app: Any) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 (random free port) in a thread."""
    if "url" in _SHARED:
        yield _SHARED["url"]
        return
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    _SHARED["url"] = f"http://127.0.0.1:{port}"
    yield _SHARED["url"]
    # the server thread is a daemon: it ends with the test process (another module may
    # still use it after this one's fixture is finalised)


@pytest.fixture(scope="session")
def workdir(web_app: Any) -> Path:
    return Path(web_app.state.server.root)
