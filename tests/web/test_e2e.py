"""End to end in a real browser: Playwright (sync API) driving the Debian chromium.

Skips, saying why, only when chromium (or the playwright package) is absent; CI has both
(``make system-deps`` installs chromium).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import webapp
from conftest import need_data

# the shared fixtures (tests/web/webapp.py)
live_url = webapp.live_url
web_app = webapp.web_app

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)
SCENARIO = "hangzhou_2023"


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(180_000)
    yield pg
    context.close()


def decision(page: Any) -> list[str]:
    rows = page.locator('[data-table="decision"] tbody tr').all_inner_texts()
    return [m.group(0) for r in rows if (m := re.match(r"\d{3}", r.strip()))]


def test_weight_change_and_exclusion(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/scenario/{SCENARIO}?lang=en")
    assert page.locator("#summary").is_visible()
    before = decision(page)
    assert before
    # one weight changed, the others left as the scenario has them (0.68, 0.085...)
    page.fill("#w_market_size", "0.6")
    page.click("#solve")
    page.wait_for_selector("#changes:has-text('Criterion weights: Market size')")
    changes = page.inner_text("#changes")
    # the form changes only what the planner changed (the regionalisation stays), and
    # names it by its control's label, not a scenario-file key
    changed = changes.split("Settings changed:", 1)[1].split("\n", 1)[0]
    assert changed.count("→") == 1 and "criteria." not in changed, changes
    after = decision(page)
    assert after != before or "Largest rank moves" in changes
    # exclude a chosen industry: it is replaced
    chosen = after[0]
    page.select_option("#exclude", [chosen])
    page.click("#solve")
    page.wait_for_selector("#changes:has-text('(excluded)')")
    now = decision(page)
    assert chosen not in now and len(now) >= 2


def test_compare_three_candidates(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/scenario/{SCENARIO}?lang=en")
    codes = page.locator("#codes option").evaluate_all("os => os.map(o => o.value)")[:3]
    page.select_option("#codes", codes)
    page.click("#compare-form button")
    page.wait_for_selector('[data-table="comparison"]')
    # candidates are the table's columns (measures are rows): each code heads one
    header = page.locator('[data-table="comparison"] thead').inner_text()
    assert all(c in header for c in codes), (codes, header)
    page.click("p.back a")  # back to the scenario
    page.wait_for_selector("#summary")


def test_broken_upload_shows_the_message(page: Any, live_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_bytes("行业,y2023\n电池,不是数字\n".encode("gbk"))
    page.goto(f"{live_url}/?lang=en")
    page.select_option("select[name=base]", SCENARIO)
    page.set_input_files("input[type=file]", str(bad))
    page.click("#upload-form button")
    message = page.wait_for_selector(".message")
    assert "did not pass the checks" in message.inner_text()


def test_download_briefing(page: Any, live_url: str, tmp_path: Path) -> None:
    page.goto(f"{live_url}/scenario/{SCENARIO}?lang=en")
    with page.expect_download() as info:
        page.click("a[href*='/download/html']")
    target = tmp_path / "briefing.html"
    info.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="summary"' in text


def test_official_provincial_workbook_starts_a_scenario(page: Any, live_url: str) -> None:
    """Zhejiang's 2017 table as published (.xls) uploaded on the start page for Hangzhou:
    it becomes the province whose observed shares regionalise the city, so the new
    scenario decides as the shipped one (which names the same table by its registry id)."""
    workbook = need_data("china-provinces/2017/11-浙江.xls")
    page.goto(f"{live_url}/scenario/{SCENARIO}?lang=en")
    shipped = decision(page)
    page.goto(f"{live_url}/?lang=en")
    page.select_option("select[name=base]", SCENARIO)
    page.select_option("select[name=kind]", "table")
    page.set_input_files("input[type=file]", str(workbook))
    page.click("#upload-form button")
    page.wait_for_url(re.compile(r"/scenario/upload-\d+"))
    assert page.locator("#summary").is_visible()
    assert decision(page) == shipped
    # the YAML download reproduces it: the province is the uploaded file, by its name
    with page.expect_download() as info:
        page.click("a[href*='/download/yaml']")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert re.search(r"province: \d+-11-浙江\.xls", text), text
