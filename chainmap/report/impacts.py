"""The impacts section: its tables, and what it says about employment (how, or why not).

:func:`impacts_table` shows the direct, indirect, induced and total effects of one 亿元
per pick and for the portfolio (money measures, or with ``satellites`` employment). The
employment basis comes from ``result.json["employment"]`` (written by
:func:`chainmap.scenario.employment.attach_employment`); results written before it
existed have no such key and get the general "not computed" sentence.
"""

from __future__ import annotations

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import finish, label


def employment_note(files: ResultFiles, lang: str) -> str:
    """One paragraph: the employment rows' source, year, unit and price basis, or why absent.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> doc = {"employment": {"status": "unavailable", "reason": "no_year", "run_year": 2016}}
    >>> "2016" in employment_note(SimpleNamespace(doc=doc, impacts=None), "en")
    True
    """
    basis = files.doc.get("employment") or {}
    imp = files.impacts
    shown = imp is not None and bool((imp["measure"] == "employment").any())
    status = basis.get("status")
    if shown and status == "computed":
        return t(
            "imp.employment_computed",
            lang,
            year=basis["employment_year"],
            table_year=basis["output_year"],
            applied=basis.get("applied_to_year") or "—",
        )
    if shown:
        return t("imp.employment_table", lang)
    reason = basis.get("reason") if status == "unavailable" else None
    key = {
        "classification": "imp.no_employment_classification",
        "no_data": "imp.no_employment_data",
        "no_year": "imp.no_employment_year",
    }.get(str(reason), "imp.no_employment")
    return t(key, lang, year=basis.get("run_year") or "—", file=basis.get("file") or "")


#: Money measures of ``impacts.csv``, in the order shown; other measures are satellites.
MONEY_IMPACTS = ("output", "va", "income", "tax")


def impacts_table(files: ResultFiles, lang: str, *, satellites: bool = False) -> pd.DataFrame:
    """Direct, indirect, induced and total effects of one 亿元 per pick and the portfolio.

    The money measures (亿元, three decimals), or with ``satellites`` the satellite
    measures such as employment (whole persons, their own table and sheet).
    """
    imp = files.impacts
    cols = ["direct", "indirect", "induced", "total"]
    heads = [t(f"col.{c}", lang) for c in cols]
    key = "imp.employment" if satellites else "imp"
    title, sheet = t(f"{key}.title", lang), t("section.impacts", lang)
    if satellites:
        sheet = t("imp.employment.sheet", lang)
    if imp is not None:
        money = imp["measure"].astype(str).isin(MONEY_IMPACTS)
        imp = imp[~money if satellites else money]
    if imp is None or not len(imp):
        df = pd.DataFrame(columns=[t("col.scope", lang), t("col.effect", lang), *heads])
        return finish(df, title, sheet, {}, "#")
    scope = [
        t("imp.portfolio", lang) if s == "portfolio" else files.name(str(c), lang)
        for s, c in zip(imp["scope"], imp["industry"], strict=True)
    ]
    measure = [label(f"imp.measure.{m}", lang, str(m)) for m in imp["measure"]]
    known = {"亿元": "unit.yi", "persons": "unit.persons"}
    units = [t(known[u], lang) if u in known else u for u in imp["unit"].astype(str)]
    df = pd.DataFrame(
        {
            t("col.scope", lang): scope,
            t("col.effect", lang): measure,
            **{h: imp[c].astype(float).to_numpy() for h, c in zip(heads, cols, strict=True)},
            t("col.unit", lang): units,
        },
        index=pd.RangeIndex(1, len(imp) + 1),
    )
    order = {m: i for i, m in enumerate(MONEY_IMPACTS)}
    df["_m"] = [order.get(str(m), 9) for m in imp["measure"]]
    df["_p"] = [1 if s == "portfolio" else 0 for s in imp["scope"]]
    df = df.sort_values(["_p", "_m"], kind="stable").drop(columns=["_m", "_p"])
    df.index = pd.RangeIndex(1, len(df) + 1)
    return finish(df, title, sheet, dict.fromkeys(heads, 0 if satellites else 3), "#")
