"""The standalone comparisons (``chainmap compare --report``): candidates or scenarios.

:func:`comparison_document` turns a table of :mod:`chainmap.scenario.compare` into an HTML
section and a labelled table for the spreadsheet;
:func:`chainmap.report.write.write_comparison_report` writes both.

* **Candidates** (``compare SCENARIO --industries A,B,C``, built by
  :mod:`chainmap.report.compare_candidates`): a one-line verdict, a radar
  chart over the five criterion scores, and the candidates side by side as *columns*
  (measures as rows, grouped into criteria, indicators and chain gaps, each with its
  unit), so the table fits 1280 px and an A4 page however many measures it has.
* **Scenarios** (``compare S1 S2``, built by :mod:`chainmap.report.compare_scenarios`),
  titled 方案对比: what each scenario decided (status,
  leading and potential industries, the links it fills, objective), an infeasible
  scenario marked as such in a banner and in its column, then every industry either
  chose or filled with its role, score and integer rank in both.

When ``frame.attrs["illustrative"]`` is true the titles say the data are illustrative.
"""

from __future__ import annotations

import pandas as pd

from chainmap.i18n import t
from chainmap.report.compare_candidates import candidate_document
from chainmap.report.compare_scenarios import scenario_document
from chainmap.report.html import EXTRA_CSS
from chainmap.report.render import Section

COMPARE_CSS = """<style>
table.cm-side { table-layout: fixed; width: 100%; }
table.cm-side th, table.cm-side td { word-break: normal; overflow-wrap: break-word; }
table.cm-side th:first-child { width: 30%; }
table.cm-side tr.group th { background: #f7f9fb; color: var(--muted); font-weight: bold; }
table.cm-side td.chosen, table.cm-side th.chosen { background: #eef6ee; }
p.verdict { font-size: 16px; font-weight: bold; border-left: 4px solid #2f855a;
  padding: 4px 10px; background: #f3faf5; }
</style>"""


def comparison_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[Section], pd.DataFrame]:
    """Title, the one section and the spreadsheet table of a standalone comparison."""
    scenarios = frame.attrs.get("kind") == "scenarios" or any(
        str(c).endswith(": score") for c in frame.columns
    )
    if scenarios:
        title, parts, table = scenario_document(frame, lang)
        heading = t("report.scenario_comparison_title", lang)
    else:
        title, parts, table = candidate_document(frame, lang)
        scenario = frame.attrs.get("scenario")
        if scenario:
            title = f"{title} · {scenario}"
        heading = t("section.comparison", lang)
    if frame.attrs.get("illustrative"):
        title = f"{title} · {t('report.illustrative', lang)}"
        table.attrs["title"] = f"{table.attrs['title']} · {t('report.illustrative', lang)}"
    section = Section("comparison", heading, EXTRA_CSS + COMPARE_CSS + "\n".join(parts))
    return title, [section], table
