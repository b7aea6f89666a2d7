"""Routes and safety of ``chainmap serve`` through the Starlette TestClient and a real
uvicorn server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import webapp
from conftest import need_data

# the shared fixtures (tests/web/webapp.py)
live_url = webapp.live_url
new_client = webapp.new_client
web_app = webapp.web_app
workdir = webapp.workdir

SCENARIO = "hangzhou_2023"
PROVINCE_WORKBOOK = "china-provinces/2017/11-浙江.xls"


def leading(html: str) -> list[str]:
    """Codes of the chosen leading industries in the decision table of a page."""
    block = html.split('data-table="decision"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><t[dh][^>]*>(\d{3})\b", block)


def test_index_and_scenario_page(new_client: Any) -> None:
    client = new_client()
    r = client.get("/?lang=en")
    assert r.status_code == 200 and "Leading-industry workbench" in r.text
    assert "chainmap_session" in r.cookies
    r = client.get(f"/scenario/{SCENARIO}?lang=en")
    assert r.status_code == 200
    text = r.text
    # the decision first, then the report's own sections
    keys = ("brief", "summary", "quadrant", "criteria", "chain_map", "robustness", "appendix")
    order = [text.index(f'<section id="{k}"') for k in keys]
    assert order == sorted(order)
    assert "The decision under the scenario&#x27;s own settings" in text or "own settings" in text
    # the browser submits the page's own controls: every number is on its field's step
    for field in re.findall(r'<input type="number"[^>]*>', text):
        step, value = re.search(r'step="([^"]+)"', field), re.search(r'value="([^"]*)"', field)
        assert step and value, field
        if step.group(1) != "any" and value.group(1):
            assert float(value.group(1)) % float(step.group(1)) == 0, field


#: The weight change of the browser test (tests/web/test_e2e.py): whichever test runs
#: first solves it, the other reads it from the server's run cache.
MARKET_FIRST = {"w_market_size": "0.6"}


def test_weight_change_resolves_and_explains(new_client: Any) -> None:
    client = new_client()
    before = client.get(f"/scenario/{SCENARIO}?lang=en").text
    r = client.post(f"/scenario/{SCENARIO}/solve?lang=en", data=MARKET_FIRST)
    assert r.status_code == 200
    assert "Settings changed: Criterion weights: Market size 0.085 → 0.6" in r.text
    assert leading(r.text) != leading(before) or "Largest rank moves" in r.text


def test_sessions_are_isolated(new_client: Any) -> None:
    """a excludes a chosen industry (as the browser test does); b keeps the decision."""
    a, b = new_client(), new_client()
    a.get(f"/scenario/{SCENARIO}?lang=en")
    first = leading(a.post(f"/scenario/{SCENARIO}/solve?lang=en", data=MARKET_FIRST).text)
    b.get(f"/scenario/{SCENARIO}?lang=en")
    b.post(f"/scenario/{SCENARIO}/solve?lang=en", data=MARKET_FIRST)
    r = a.post(f"/scenario/{SCENARIO}/solve?lang=en", data={"exclude": first[0]})
    assert first[0] not in leading(r.text)
    assert "(excluded)" in r.text
    # b still sees its own decision
    assert leading(b.get(f"/scenario/{SCENARIO}?lang=en").text) == first
    # a's uploads are invisible to b
    assert a.cookies["chainmap_session"] != b.cookies["chainmap_session"]


def test_compare_candidates_and_scenarios(new_client: Any) -> None:
    client = new_client()
    html = client.get(f"/scenario/{SCENARIO}?lang=en").text
    codes = leading(html)[:3]
    r = client.get(f"/scenario/{SCENARIO}/compare", params={"codes": codes, "lang": "en"})
    assert r.status_code == 200
    table = r.text.split('data-table="comparison"', 1)[1].split("</table>", 1)[0]
    assert all(c in table for c in codes)
    r = client.get(f"/scenario/{SCENARIO}/compare", params={"codes": codes[:1]})
    assert r.status_code == 400
    r = client.get("/compare", params={"a": SCENARIO, "b": "illustrative_demo", "lang": "en"})
    assert r.status_code in (200, 422)  # different tables may not be comparable
    assert "Traceback" not in r.text


def test_downloads(new_client: Any, tmp_path: Path) -> None:
    from chainmap.scenario.schema import load_scenario

    client = new_client()
    client.get(f"/scenario/{SCENARIO}?lang=en")
    client.post(f"/scenario/{SCENARIO}/solve", data=MARKET_FIRST)
    r = client.get(f"/scenario/{SCENARIO}/download/yaml?lang=en")
    assert r.status_code == 200 and "chainmap run" in r.text
    path = tmp_path / "s.yaml"
    path.write_text(r.text, encoding="utf-8")
    scenario = load_scenario(path)
    weights = scenario.get("criteria.weights")
    assert weights["market_size"] == 0.6 and weights["industrial_base"] == 0.68
    r = client.get(f"/scenario/{SCENARIO}/download/xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get(f"/scenario/{SCENARIO}/download/exe").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/../../etc/passwd",
        "/scenario/..%2F..%2Fetc%2Fpasswd",
        "/scenario/%2E%2E/download/yaml",
        f"/scenario/{SCENARIO}/download/..%2F..%2Fresult.json",
        "/static/app.js%00.txt",
    ],
)
def test_path_traversal_is_refused(new_client: Any, path: str) -> None:
    r = new_client().get(path)
    assert 400 <= r.status_code < 500
    assert "root:" not in r.text and "Traceback" not in r.text


def test_malformed_requests_get_clear_4xx(new_client: Any) -> None:
    client = new_client()
    client.get(f"/scenario/{SCENARIO}")
    r = client.post(f"/scenario/{SCENARIO}/solve", data={"w_market_size": "abc"})
    assert r.status_code == 400 and "not a number" in r.text
    r = client.post(f"/scenario/{SCENARIO}/solve", data={"exclude": "../../x"})
    assert r.status_code == 400 and "unknown industries" in r.text
    assert client.get("/?lang=fr").status_code == 400
    r = client.post(
        f"/scenario/{SCENARIO}/solve",
        content=b"\xff\xfe garbage",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert 400 <= r.status_code < 500
    other = new_client()
    other.cookies.set("chainmap_session", "../../etc")
    r = other.get("/")
    assert r.status_code == 200 and r.cookies["chainmap_session"] != "../../etc"


def test_uploads(new_client: Any, workdir: Path) -> None:
    client = new_client()
    big = b"a,b\n" + b"1,2\n" * (2 * 1024 * 1024)
    r = client.post(
        "/upload",
        data={"kind": "city", "base": SCENARIO},
        files={"file": ("big.csv", big, "text/csv")},
    )
    assert r.status_code == 413
    r = client.post(
        "/upload",
        data={"kind": "city", "base": SCENARIO},
        files={"file": ("x.exe", b"MZ", "application/octet-stream")},
    )
    assert r.status_code == 415
    r = client.post(
        "/upload",
        data={"kind": "table", "base": SCENARIO},
        files={"file": ("t.xlsx", b"not a zip", "application/octet-stream")},
    )
    assert r.status_code == 415
    r = client.post(
        "/upload",
        data={"kind": "city", "base": SCENARIO},
        files={"file": ("../../evil.csv", "行业,y2023\n电池,abc\n".encode("gbk"))},
    )
    assert r.status_code == 422 and ("did not pass the checks" in r.text or "未通过" in r.text)
    assert not (workdir.parent / "evil.csv").exists()
    assert not list(workdir.rglob("evil.csv"))
    # the process survived every bad upload
    assert client.get("/healthz").text == "ok"


def test_good_gbk_upload_starts_a_scenario(new_client: Any) -> None:
    root = Path(__file__).resolve().parents[2]
    client = new_client()
    seed = root / "io_tables" / "seeds" / "hangzhou_above_scale_industrial_output.csv"
    data = seed.read_text(encoding="utf-8").encode("gbk")
    r = client.post(
        "/upload?lang=en",
        data={"kind": "city", "base": SCENARIO},
        files={"file": ("hz.csv", data, "text/csv")},
    )
    assert r.status_code == 200, r.text[:500]
    assert "/scenario/upload-1" in str(r.url)
    other = new_client()
    assert other.get("/scenario/upload-1").status_code == 404


def official_workbook() -> Path:
    """Zhejiang's 2017 provincial table as the NBS publishes it (.xls, 58 KB)."""
    return need_data(PROVINCE_WORKBOOK)


def test_damaged_workbook_gets_the_command_line_message(
    new_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """A truncated official workbook: the page shows the one line ``chainmap validate``
    prints for the same file, naming it as uploaded, and no scenario starts."""
    from chainmap.cli.main import main

    damaged = tmp_path / "浙江-damaged.xls"
    damaged.write_bytes(official_workbook().read_bytes()[:20000])
    monkeypatch.chdir(tmp_path)
    assert main(["validate", damaged.name]) == 2
    cli = capsys.readouterr().err.strip()
    assert cli.count("\n") == 0 and cli.startswith("chainmap: error: ")
    client = new_client()
    r = client.post(
        "/upload?lang=en",
        data={"kind": "table", "base": SCENARIO},
        files={"file": (damaged.name, damaged.read_bytes(), "application/vnd.ms-excel")},
    )
    assert r.status_code == 422
    shown = html.unescape(r.text.split('class="message">', 1)[1].split("</p>", 1)[0])
    assert shown == "The file did not pass the checks: " + cli.removeprefix("chainmap: error: ")
    assert "/uploads/" not in r.text  # the server's workspace path is not shown
    session = client.app.state.server.sessions.get(client.cookies["chainmap_session"])
    assert not [n for n in session.states if n.startswith("upload-")]
    assert not list(session.folder("uploads").iterdir())  # the damaged file is not kept


def test_burst_of_200_requests_against_uvicorn(live_url: str) -> None:
    """200 requests, at most 20 at a time, against 127.0.0.1 only; then it still answers."""
    assert live_url.startswith("http://127.0.0.1:")
    with httpx.Client(base_url=live_url, timeout=300) as warm:
        assert warm.get(f"/scenario/{SCENARIO}").status_code == 200
        cookies = dict(warm.cookies)

    async def burst() -> list[int]:
        limit = asyncio.Semaphore(20)
        paths = ["/", "/healthz", f"/scenario/{SCENARIO}", "/static/app.js", "/nope"]

        async with httpx.AsyncClient(base_url=live_url, cookies=cookies, timeout=60) as c:

            async def one(i: int) -> int:
                async with limit:
                    return (await c.get(paths[i % len(paths)])).status_code

            return await asyncio.gather(*(one(i) for i in range(200)))

    codes = asyncio.run(burst())
    assert len(codes) == 200
    assert all(c < 500 or c == 503 for c in codes)
    assert codes.count(200) >= 150
    assert httpx.get(f"{live_url}/healthz", timeout=30).text == "ok"
