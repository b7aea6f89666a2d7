"""The provenance tables of the report: version, scenario, tables, solver, timings and inputs.

:func:`provenance_tables` closes the report (and the spreadsheet) with what is needed to
reproduce the run: chainmap's version, the scenario and its file hashes, the parent
table and its source, the solver and its status, the step timings, the settings the
scenario overrode and the SHA-256 of every input file. :func:`source_text` names the
parent table's source in the report language (also quoted in the notes).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles, dumps
from chainmap.report.format import finish, label, num


def source_text(parent: dict[str, Any], lang: str) -> str:
    """The parent table's source in ``lang`` (NBS national tables by year and size)."""
    m = re.fullmatch(r"cn-nbs-(\d{4})-(\d+)", str(parent.get("table_id") or ""))
    if m:
        return t("provenance.source_nbs", lang, year=m.group(1), n=m.group(2))
    return str(parent.get("source") or "")


def provenance_tables(files: ResultFiles, lang: str, generated: str) -> list[pd.DataFrame]:
    """Provenance (version, scenario, table, solver, timings), overrides and input hashes."""
    prov = files.doc.get("provenance", {})
    scen = prov.get("scenario", {})
    parent = prov.get("parent_table", {})
    items: list[tuple[str, Any]] = [
        (t("provenance.version", lang), prov.get("chainmap_version")),
        (t("provenance.scenario", lang), scen.get("name")),
    ]
    for path, sha in (scen.get("file_sha256") or {}).items():
        colon = "：" if lang == "zh" else ": "
        items.append((f"{t('provenance.scenario_file', lang)}{colon}{path}", sha))
    items += [
        (t("provenance.table", lang), parent.get("table_id") or parent.get("path")),
        (t("provenance.source", lang), source_text(parent, lang)),
        (t("provenance.sha256", lang), parent.get("sha256")),
        (t("provenance.solver_name", lang), prov.get("solver")),
        (
            t("provenance.solver", lang),
            label(f"status.{prov.get('status')}", lang, prov.get("status")),
        ),
        (
            t("provenance.illustrative", lang),
            t("word.yes" if files.illustrative else "word.no", lang),
        ),
        (t("provenance.report_time", lang), generated),
    ]
    for step, seconds in files.timings.items():
        colon = "：" if lang == "zh" else ": "
        step_name = label(f"step.{step}", lang, step)
        items.append((f"{t('provenance.timings', lang)}{colon}{step_name}", num(seconds)))
    values = [
        v if isinstance(v, float | int | bool) else ("" if v is None else str(v)) for _, v in items
    ]
    main = pd.DataFrame(
        {t("col.value", lang): pd.Series(values, dtype=object)}.copy(),
    )
    main.index = pd.Index([k for k, _ in items], dtype=object)
    title = t("table.provenance", lang)
    main = finish(main, title, title, {t("col.value", lang): 3}, t("col.item", lang))
    overrides = scen.get("overrides") or []
    ov = pd.DataFrame(
        {
            t("col.key", lang): [str(o.get("key")) for o in overrides],
            t("col.old", lang): [dumps(o.get("old")) for o in overrides],
            t("col.new", lang): [dumps(o.get("new")) for o in overrides],
            t("col.source", lang): [str(o.get("source")) for o in overrides],
        },
        index=pd.Index(np.arange(1, len(overrides) + 1), dtype=object),
    )
    title = t("table.overrides", lang)
    ov = finish(ov, title, title, {}, "#")
    inputs = prov.get("input_sha256") or {}
    inp = pd.DataFrame(
        {t("provenance.sha256", lang): [str(v) for v in inputs.values()]},
        index=pd.Index([str(k) for k in inputs], dtype=object),
    )
    title = t("table.inputs", lang)
    inp = finish(inp, title, title, {}, t("col.file", lang))
    return [main, ov, inp]
