"""Shared helpers of the report: labels, percentages, names, table attributes, lookups."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from chainmap.i18n import STRINGS, t
from chainmap.report.files import ResultFiles

#: Criterion keys of criteria.csv → i18n keys of their labels.
CRITERION_KEYS: dict[str, str] = {
    "driving_effect": "criterion.driving_effect",
    "industrial_base": "criterion.base",
    "development_stage": "criterion.stage",
    "market_size": "criterion.market",
    "policy_support": "criterion.policy",
}
#: Gap classes of a link → i18n keys.
GAP_KEYS: dict[str, str] = {
    "break": "gap.break",
    "weak": "gap.weak",
    "choke": "gap.choke",
    "sound": "gap.sound",
    "minor": "link.minor",
}
ACTION_KEYS: dict[str, str] = {
    "fill": "action.fill",
    "strengthen": "action.strengthen",
    "extend": "action.extend",
}
#: Roles in a comparison frame (``chainmap compare``) → i18n keys.
COMPARISON_ROLE_KEYS: dict[str, str] = {
    "leading": "role.leading",
    "potential": "role.potential",
    "fill": "cmp.role_fill",
}
#: How many candidates the comparison table lists.
N_COMPARED = 8


def label(key: str, lang: str, default: str | None = None, **values: object) -> str:
    """:func:`chainmap.i18n.t`, or ``default`` (else the key's last part) when unknown."""
    if key in STRINGS:
        return t(key, lang, **values)
    return default if default is not None else key.rsplit(".", 1)[-1]


def pct(value: Any) -> float:
    """A fraction in percent; NaN for a missing value."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return 100.0 * v if math.isfinite(v) else math.nan


def num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return v


def spec_columns(
    cols: dict[str, Any], frame: pd.DataFrame, spec: Sequence[tuple[str, str, bool, int]]
) -> dict[str, int]:
    """Add each (column, label, percent?, decimals) of ``spec`` present in ``frame``.

    Values go into ``cols`` under their label (×100 where percent); returns the decimals
    per label for :func:`finish`.
    """
    dec = {}
    for column, text, percent, digits in spec:
        if column in frame.columns:
            values = frame[column].astype(float).to_numpy()
            cols[text] = values * 100.0 if percent else values
            dec[text] = digits
    return dec


def finish(
    df: pd.DataFrame,
    title: str,
    sheet: str,
    decimals: Mapping[str, int] | None = None,
    index_name: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    if index_name is not None:
        if isinstance(index_name, str):
            df.index.name = index_name
        else:
            df.index.names = list(index_name)
    df.attrs["title"] = title
    df.attrs["sheet"] = sheet
    df.attrs["decimals"] = dict(decimals or {})
    return df


def role_label(files: ResultFiles, code: str, lang: str) -> str:
    if code in files.leading:
        return t("role.leading", lang)
    if code in files.potential:
        return t("role.potential", lang)
    return ""


def names(files: ResultFiles, codes: Sequence[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(files.label(c, lang) for c in codes)


def labels_or_none(files: ResultFiles, codes: Sequence[str], lang: str) -> str:
    """:func:`names` of ``codes`` (code and name), or "none" when there are none."""
    return names(files, codes, lang) or t("summary.none", lang)


def list_sep(lang: str) -> str:
    """The separator of a list of names inside a sentence (、 in Chinese)."""
    return "、" if lang == "zh" else ", "


def name_list(files: ResultFiles, codes: Sequence[str], lang: str) -> str:
    """The names (no codes) of ``codes`` as a list in a sentence, or "none"."""
    return list_sep(lang).join(files.name(c, lang) for c in codes) or t("summary.none", lang)


def percent_text(value: float, digits: int = 1) -> str:
    """A fraction as a percentage for running text (— when unknown)."""
    return "—" if not math.isfinite(value) else f"{100 * value:.{digits}f}%"


def value_at(frame: pd.DataFrame, code: str, col: str) -> float:
    """``frame.at[code, col]`` as a float; NaN when absent or not a number."""
    if code in frame.index and col in frame.columns:
        try:
            return float(frame.at[code, col])  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return math.nan
    return math.nan


def gap_summary(files: ResultFiles, code: str) -> dict[str, Any]:
    """The chain diagnosis summary of ``code`` (empty when it has none)."""
    summary: dict[str, Any] = files.doc.get("gap_summaries", {}).get(code) or {}
    return summary


def robust_share(files: ResultFiles, code: str, column: str) -> float:
    """A frequency of ``robustness.csv`` in percent (NaN when unknown)."""
    rob = files.robustness
    if rob is None or code not in rob.index or column not in rob.columns:
        return math.nan
    return pct(rob.at[code, column])
