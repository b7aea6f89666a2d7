"""How sure the choice is, in words: the weight draws and the parameter variants of the run.

:func:`confidence` is the executive summary's confidence block: how often each pick was
chosen when the criterion weights were varied, which kinds of parameter variants were
run, and which of them changed the leading set.
"""

from __future__ import annotations

import re
from typing import Any

from chainmap.i18n import STRINGS, t
from chainmap.report.files import ResultFiles
from chainmap.report.format import list_sep, name_list, percent_text, value_at


def confidence(files: ResultFiles, lang: str) -> list[str]:
    """How often each pick was chosen when the criterion weights were varied."""
    rob = files.robustness
    if rob is None:
        return [t("brief.confidence_missing", lang)]
    items = []
    for code in files.chosen:
        col = "selected_frequency" if code in files.leading else "potential_frequency"
        freq = value_at(rob, code, col)
        items.append(
            t("brief.conf_item", lang, name=files.name(code, lang), freq=percent_text(freq))
        )
    draws = files.setting("robustness.weight_draws", "—")
    lines = [t("brief.confidence_line", lang, draws=draws, lines=list_sep(lang).join(items))]
    params = files.doc.get("robustness") or {}
    if params.get("n_variants"):
        lines.append(
            t(
                "brief.confidence_parameters",
                lang,
                n=params["n_variants"],
                k=params.get("n_unchanged", 0),
                families=_families(params, lang),
            )
        )
        lines.append(changed_variants(files, params, lang))
    return lines


def _families(params: dict[str, Any], lang: str) -> str:
    """The kinds of parameter variants that were run, with their counts."""
    parts = []
    for family, block in (params.get("by_family") or {}).items():
        key = f"fam.{family}" if f"fam.{family}" in STRINGS else "fam.other"
        parts.append(t(key, lang, n=(block or {}).get("variants", "?")))
    return ("、" if lang == "zh" else ", ").join(parts) or "—"


def variant_words(text: str, lang: str) -> str:
    """A parameter variant of the robustness runs in words (``policy support off`` → 关闭政策支持).

    Examples
    --------
    >>> variant_words("FLQ δ = 0.3, no provincial shares", "zh")
    '不用省级表的本地供给率、改用 FLQ（δ = 0.3）'
    >>> variant_words("stage thresholds × 0.75", "en")
    'stage thresholds × 0.75'
    >>> variant_words("market growth 2017 → 2020", "zh")
    '市场增长改按 2017—2020 年测算'
    """
    if text == "policy support off":
        return t("var.policy_off", lang)
    m = re.fullmatch(r"market growth (\S+) → (\S+)", text)
    if m:
        return t("var.growth_window", lang, a=m.group(1), b=m.group(2))
    m = re.fullmatch(r"stage thresholds × (\S+)", text)
    if m:
        return t("var.stages", lang, x=m.group(1))
    m = re.fullmatch(r"(\w+) δ = (\S+?)(?:, no (provincial|learned) shares)?", text)
    if m and m.group(3):
        shared = t(f"var.shared_{m.group(3)}", lang)
        return t("var.lq_without", lang, method=m.group(1), d=m.group(2), shared=shared)
    if m:
        return t("var.lq", lang, method=m.group(1), d=m.group(2))
    return t("var.other", lang)


def changed_variants(files: ResultFiles, params: dict[str, Any], lang: str) -> str:
    """The parameter variants that changed the leading set, and how."""
    base = [str(c) for c in params.get("baseline_leading") or files.leading]
    items = []
    for var in params.get("variants") or []:
        if var.get("same_leading"):
            continue
        words = variant_words(str(var.get("variant", "")), lang)
        if not var.get("solved", True):
            items.append(t("brief.conf_unsolved", lang, variant=words))
            continue
        lead = str(var.get("leading") or "").split()
        out = [c for c in base if c not in lead]
        inn = [c for c in lead if c not in base]
        items.append(
            t(
                "brief.conf_swap",
                lang,
                variant=words,
                out=name_list(files, out, lang),
                inn=name_list(files, inn, lang),
            )
        )
    if not items:
        return t("brief.conf_all_same", lang)
    return t("brief.confidence_changed", lang, items=("；" if lang == "zh" else "; ").join(items))
