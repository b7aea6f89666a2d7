"""What the impacts section says about employment: how it was computed, or why not.

The basis comes from ``result.json["employment"]`` (written by
:func:`chainmap.scenario.employment.attach_employment`); results written before it
existed have no such key and get the general "not computed" sentence.
"""

from __future__ import annotations

from chainmap.i18n import t
from chainmap.report.files import ResultFiles


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
