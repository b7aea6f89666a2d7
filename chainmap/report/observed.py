"""The data basis of the report: what was observed and what assumed, its year, what is illustrative.

:func:`observed` is the executive summary's "observed vs assumed" box: what came from
statistics, what was filled or assumed, prices and data year, and how the method did out
of sample. :func:`city_data_year` and :func:`illustrative_text` also feed the subtitle,
the illustrative banner and the notes.
"""

from __future__ import annotations

from typing import Any

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.regional import observed_extra, parent_kind, regional_clause


def observed(files: ResultFiles, lang: str) -> list[str]:
    """What came from statistics, what was filled or assumed, prices and data year."""
    cov = files.doc.get("city_coverage") or {}
    scen = files.doc.get("scenario") or {}
    city = scen.get("city_en" if lang == "en" else "city") or ""
    parent = files.doc.get("parent_table") or {}
    year = city_data_year(files)
    pyear = parent.get("year", "—")
    kind = parent_kind(files, lang)
    lines = []
    if cov:
        lines.append(
            t(
                "brief.obs_city_illustrative" if files.illustrative else "brief.obs_city",
                lang,
                city=city,
                when=t("brief.obs_when", lang, year=year) if year else "",
                n_cov=len(cov.get("covered", [])),
                pyear=pyear,
                parent_kind=kind,
                extra=observed_extra(files, lang),
            )
        )
        n_absent = len(cov.get("absent", []))
        lines.append(
            t(
                "brief.obs_filled",
                lang,
                n_filled=len(cov.get("filled", [])),
                absent=t("brief.obs_absent", lang, n=n_absent) if n_absent else "",
                parent_kind=kind,
                regional=regional_clause(files, lang),
            )
        )
    stage = files.criteria.get("stage_source")
    if stage is not None:
        n = int((stage.astype(str) == "assumed").sum())
        if n:
            lines.append(t("brief.obs_stage", lang, n=n))
    if files.setting("policy"):
        lines.append(t("brief.obs_policy", lang))
    prices = "brief.obs_prices" if year else "brief.obs_prices_no_year"
    lines.append(
        t(prices, lang, year=year, pyear=pyear, parent_kind=kind, unit=files.unit_label(lang))
    )
    lines.append(_backtest_line(files, lang))
    return lines


def _backtest_line(files: ResultFiles, lang: str) -> str:
    """How the method did out of sample, against ranking by output (or that it is untested)."""
    bt = files.doc.get("backtest") or {}
    method, output = bt.get("method_out_of_sample") or {}, bt.get("output_at_T") or {}
    if not method.get("rho_abs") or not output.get("rho_abs"):
        return t("brief.obs_backtest", lang)
    data = bt.get("data") or {}

    def ci(block: dict[str, Any], key: str, digits: int) -> str:
        v = block.get(key) or {}
        return f"{v['mean']:.{digits}f} [{v['lo']:.{digits}f}, {v['hi']:.{digits}f}]"

    text = t(
        "brief.obs_backtest_result",
        lang,
        provinces=data.get("provinces", "?"),
        cases=data.get("cases", "?"),
        rho=ci(method, "rho_abs", 2),
        rho_out=ci(output, "rho_abs", 2),
        hits=ci(method, "hits_top5", 1),
        hits_out=ci(output, "hits_top5", 1),
    )
    if not bt.get("method_beats_output"):
        text += t("brief.obs_backtest_worse", lang)
    if not bt.get("same_weights"):
        text += t("brief.obs_backtest_other_weights", lang)
    return text


def city_data_year(files: ResultFiles) -> str:
    """The year of the city data (``city.year``, else the ``[yYYYY]`` column the run read).

    Empty when neither says: the report then says the year is not stated rather than
    borrowing the parent table's year.
    """
    stated = files.setting("city.year")
    if stated:
        return str(stated)
    for note in files.doc.get("notes", []):
        text = str(note)
        if "[y" in text:
            return text.split("[y", 1)[1][:4]
    return ""


def illustrative_text(files: ResultFiles, lang: str) -> str:
    """What exactly is illustrative: the whole economy, or the city figures on a real table."""
    if not files.illustrative:
        return ""
    parent = files.doc.get("parent_table") or {}
    table = str(parent.get("table_id") or "")
    if table and "illustrative" not in table:
        return t("note.illustrative_data_real_parent", lang, table=table)
    return t("note.illustrative_data", lang)
