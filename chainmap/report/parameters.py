"""The run's parameters in words: method settings, gap thresholds and robustness draws.

The appendix lists each parameter by name, value, meaning and its spelling in a
scenario file (:func:`parameters_table`); the notes and the report's definitions quote
the same settings and thresholds in words (:func:`setting_label`, :func:`thresholds_text`,
:func:`definitions`). Every value comes from the result folder: the scenario settings
recorded in its provenance, or the package defaults the run used.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import label
from chainmap.report.html import paragraph


def gap_thresholds(files: ResultFiles) -> dict[str, Any]:
    """The gap thresholds of the run (those of the first chain diagnosis that has them)."""
    for summary in (files.doc.get("gap_summaries") or {}).values():
        found: dict[str, Any] = summary.get("thresholds") or {}
        if found:
            return found
    return {}


_SETTING_DEFAULTS = {"criteria.normalisation": "minmax", "criteria.weighting": "manual"}


def setting_label(files: ResultFiles, key: str, lang: str) -> str:
    """A method setting in words (最小–最大, 人工设定); its name stays in the appendix."""
    value = str(files.setting(key, _SETTING_DEFAULTS.get(key, "")))
    return label(f"{key.split('.')[-1]}.{value}", lang, value)


def threshold_value(key: str, value: Any) -> str:
    v = float(value)
    if key.endswith("_lq"):
        return f"{v:g}"
    return f"{v:.0%}" if round(v * 100, 6).is_integer() else f"{v:.1%}"


def threshold_words(key: str, value: Any, lang: str) -> str:
    """One gap threshold in words; its parameter name only if no words are known."""
    try:
        return t(f"threshold.{key}", lang, v=threshold_value(key, value))
    except KeyError:
        return f"{key} = {float(value):g}"


def thresholds_text(th: dict[str, Any], lang: str) -> str:
    """The gap thresholds in words, e.g. 本地供给率低于 10% 为断点."""
    sep, joint = ("；", "，") if lang == "zh" else ("; ", " ")
    parts: list[str] = []
    for key, value in th.items():
        words = threshold_words(key, value, lang)
        first = {
            "choke_import_share": "choke_cost_share",
            "extension_presence": "extension_sales_share",
            "large_output_share": "large_lq",
        }
        if parts and first.get(key) in th:
            parts[-1] = f"{parts[-1]}{joint}{words}"  # one rule read as one sentence
        else:
            parts.append(words)
    return sep.join(parts)


#: Gap thresholds a scenario file can set, and their keys there (the others are built in).
_THRESHOLD_KEYS = {"key_share": "gaps.key_share", "fill_target": "gaps.target_local_share"}


def parameters_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Each parameter by its name in ``lang``, value, meaning and scenario-file spelling.

    The identifiers a scenario file uses (``city.fill: parent_share``) are kept only in the
    last column, for reproduction; the parameter and its value are in words.
    """
    built_in = t("appendix.built_in", lang)
    rows: list[tuple[str, str, str, str]] = []
    coverage = files.doc.get("city_coverage") or {}
    if coverage.get("fill_rule"):
        rule = str(coverage["fill_rule"])
        words = label(f"fill_rule.{rule}", lang, rule)
        rows.append(("city.fill", words, t("pdesc.city.fill", lang), f"city.fill: {rule}"))
    for key in ("criteria.normalisation", "criteria.weighting"):
        value = str(files.setting(key, _SETTING_DEFAULTS[key]))
        words = setting_label(files, key, lang)
        rows.append((key, words, t(f"pdesc.{key}", lang), f"{key}: {value}"))
    for key, value in gap_thresholds(files).items():
        scenario_key = _THRESHOLD_KEYS.get(key)
        rows.append(
            (
                f"gaps.{key}",
                threshold_value(key, value),
                threshold_words(key, value, lang),
                f"{scenario_key}: {float(value):g}" if scenario_key else built_in,
            )
        )
    draws = files.setting("robustness.weight_draws")
    if draws is not None:
        rows.append(
            (
                "robustness.weight_draws",
                str(draws),
                t("param.weight_draws", lang),
                f"robustness.weight_draws: {draws}",
            )
        )
    conc = files.setting("robustness.concentration")
    if conc is not None:
        rows.append(
            (
                "robustness.concentration",
                f"{float(conc):g}",
                t("param.concentration", lang),
                f"robustness.concentration: {float(conc):g}",
            )
        )
    df = pd.DataFrame(
        {
            t("appendix.param_value", lang): [r[1] for r in rows],
            t("appendix.param_meaning", lang): [r[2] for r in rows],
            t("appendix.param_key", lang): [r[3] for r in rows],
        },
        index=pd.Index(
            [label(f"pname.{r[0]}", lang, r[0]) for r in rows],
            dtype=object,
            name=t("appendix.param_name", lang),
        ),
    )
    title = t("appendix.parameters", lang)
    df.attrs.update(title=title, sheet=title, decimals={})
    return df


def definitions(files: ResultFiles, lang: str, keys: tuple[str, ...]) -> str:
    """The definitions of ``keys`` (def.rank, ...) as paragraphs, quoting the run's thresholds."""
    th = gap_thresholds(files)
    shares = {
        "brk": f"{th.get('break_share', math.nan):.0%}",
        "snd": f"{th.get('sound_share', math.nan):.0%}",
        "target": f"{th.get('fill_target', math.nan):.0%}",
    }
    return "\n".join(paragraph(t(k, lang, **shares), "muted definition") for k in keys)
