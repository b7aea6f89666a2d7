"""Every table of the planner's report, built from the files of a result folder.

:func:`report_tables` returns the tables in report order, each a DataFrame whose
column labels (with units) and sector names are in the report language, and whose
``attrs`` carry ``title``, ``sheet`` (the XLSX sheet name) and ``decimals`` (per
column, for display). Values are the result files' own numbers; shares are shown in
percent (×100, the label says "%"). The same tables feed the HTML, the XLSX and the
Markdown, so the three cannot disagree.

The tables themselves are built by :mod:`chainmap.report.decision_tables`,
:mod:`chainmap.report.criteria_tables`, :mod:`chainmap.report.chain_tables`,
:mod:`chainmap.report.impacts`, :mod:`chainmap.report.notes` and
:mod:`chainmap.report.provenance`.
"""

from __future__ import annotations

import pandas as pd

from chainmap.report.chain_tables import chains_table, gaps_table, investment_tables
from chainmap.report.criteria_tables import (
    comparison_table,
    contributions_table,
    indicators_table,
    measures_table,
    weights_table,
)
from chainmap.report.decision_tables import (
    alternatives_table,
    decision_table,
    links_table,
    objective_table,
    robustness_table,
)
from chainmap.report.files import ResultFiles
from chainmap.report.impacts import impacts_table
from chainmap.report.notes import notes_table
from chainmap.report.provenance import provenance_tables

__all__ = ["investment_tables", "report_tables"]


def report_tables(files: ResultFiles, lang: str, generated: str = "") -> dict[str, pd.DataFrame]:
    """Every table of the report, keyed by a stable name, in report order.

    Keys: ``decision``, ``links``, ``objective``, ``quadrant``, ``measures``,
    ``contributions``, ``weights``, ``indicators``, ``chains``, ``gaps_<code>`` (one per
    chosen industry with a diagnosis), ``comparison``, ``robustness``, ``alternatives``,
    ``notes``, ``provenance``, ``overrides``, ``inputs``.
    """
    tables: dict[str, pd.DataFrame] = {
        "decision": decision_table(files, lang),
        "links": links_table(files, lang),
        "objective": objective_table(files, lang),
        "quadrant": measures_table(
            files, lang, [c for c in files.chosen if c in files.measures.index]
        ),
        "measures": measures_table(files, lang),
        "contributions": contributions_table(files, lang),
        "weights": weights_table(files, lang),
        "indicators": indicators_table(files, lang),
        "chains": chains_table(files, lang),
    }
    tables["impacts"] = impacts_table(files, lang)
    tables["impacts_employment"] = impacts_table(files, lang, satellites=True)
    for code in files.chosen:
        if code in files.gap_links:
            mfg, svc = investment_tables(files, code, lang)
            tables[f"invest_{code}"] = mfg
            if len(svc):
                tables[f"invest_services_{code}"] = svc
    for code in files.chosen:
        if code in files.gap_links:
            tables[f"gaps_{code}"] = gaps_table(files, code, lang)
    tables["comparison"] = comparison_table(files, lang)
    tables["robustness"] = robustness_table(files, lang)
    tables["alternatives"] = alternatives_table(files, lang)
    tables["notes"] = notes_table(files, lang)
    main, ov, inp = provenance_tables(files, lang, generated)
    tables.update(provenance=main, overrides=ov, inputs=inp)
    return tables
