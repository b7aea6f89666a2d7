"""The executive summary (执行摘要): the decision, its reasons and its caveats in plain words.

The first screen of the report: a three-line recommendation, the reasons for each pick
with figures, why higher-scoring industries were not chosen, near ties, a confidence
statement from the robustness runs and an "observed vs assumed" box. It names
industries, never codes, and uses no optimiser term (those are in the appendix).
:func:`brief_blocks` returns (heading, lines) pairs; :func:`brief_html` the markup. The
confidence block is :mod:`chainmap.report.confidence`, the "observed vs assumed" box
:mod:`chainmap.report.observed`.
"""

from __future__ import annotations

import math
from typing import Any

from chainmap.i18n import t
from chainmap.report.confidence import confidence
from chainmap.report.files import ResultFiles
from chainmap.report.format import (
    CRITERION_KEYS,
    label,
    list_sep,
    name_list,
    percent_text,
    value_at,
)
from chainmap.report.observed import observed
from chainmap.report.svg import esc

#: An alternative whose objective is within this fraction of the best is a near tie.
NEAR_TIE = 0.01
#: Industries named in one "not a candidate" line, and lines in the "why not chosen" block.
MAX_NAMED = 5
MAX_NOT_CHOSEN = 7


def _yi(value: Any, files: ResultFiles) -> str:
    """A money amount of the table unit in 亿元 (万元 / 10,000), thousands separated."""
    v = float(value) if value is not None else math.nan
    if files.unit == "万元":
        v /= 1e4
    return "—" if not math.isfinite(v) else f"{v:,.1f}"


def _inline(text: str, lang: str) -> str:
    """A label used inside an English sentence starts in lower case (Policy support → policy
    support); Chinese labels are unchanged.

    Examples
    --------
    >>> _inline("Steady growth", "en"), _inline("稳健增长期", "zh")
    ('steady growth', '稳健增长期')
    """
    if lang != "en" or not text or text[:2].isupper():
        return text
    return text[0].lower() + text[1:]


def _rank(files: ResultFiles, code: str) -> str:
    r = value_at(files.criteria, code, "rank")
    return "—" if not math.isfinite(r) else str(round(r))


def _impact(files: ResultFiles, code: str, measure: str = "output") -> float:
    imp = files.impacts
    if imp is None or not len(imp):
        return math.nan
    hit = imp[
        (imp["scope"] == "industry") & (imp["industry"] == code) & (imp["measure"] == measure)
    ]
    return float(hit["total"].iloc[0]) if len(hit) else math.nan


def recommendation(files: ResultFiles, lang: str) -> list[str]:
    """The three-line recommendation."""
    if not files.leading and not files.potential:
        msg = (files.doc.get("infeasibility") or {}).get("message") or "—"
        return [t("brief.rec_none", lang, message=msg)]
    fills = files.fills
    lines = [
        t("brief.rec_leading", lang, names=name_list(files, files.leading, lang)),
        t("brief.rec_potential", lang, names=name_list(files, files.potential, lang)),
    ]
    if fills:
        served = list(dict.fromkeys(j for js in fills.values() for j in js))
        lines.append(
            t(
                "brief.rec_fills",
                lang,
                names=name_list(files, list(fills), lang),
                served=name_list(files, served, lang),
            )
        )
    else:
        lines.append(t("brief.rec_no_fills", lang))
    return lines


def _top_criteria(files: ResultFiles, code: str, lang: str) -> str:
    crit = files.criteria
    score = value_at(crit, code, "score")
    parts = []
    for key, i18n_key in CRITERION_KEYS.items():
        v = value_at(crit, code, f"contribution_{key}")
        if math.isfinite(v):
            parts.append((v, _inline(t(i18n_key, lang), lang)))
    parts.sort(reverse=True)
    join = "和" if lang == "zh" else " and "
    return join.join(
        t(
            "brief.top_part",
            lang,
            criterion=name,
            share=percent_text(v / score, 0) if score else "—",
        )
        for v, name in parts[:2]
    )


def reasons(files: ResultFiles, lang: str) -> list[str]:
    """One line per pick: rank, criteria that carried it, chain position, fill gain, impact."""
    out = []
    for code in files.chosen:
        s = files.doc.get("gap_summaries", {}).get(code) or {}
        fill = (files.doc.get("chain_fill") or {}).get(code) or {}
        key_class = (
            str(files.measures.at[code, "key_class"]) if code in files.measures.index else ""
        )
        stage = str(files.criteria.at[code, "stage"]) if code in files.criteria.index else ""
        position = t(
            "brief.position",
            lang,
            key_class=_inline(label(f"key_class.{key_class}", lang, key_class), lang),
            stage=_inline(label(f"stage.{stage}", lang, stage), lang),
        )
        mult = _impact(files, code)
        out.append(
            t(
                "brief.reason_line",
                lang,
                name=files.name(code, lang),
                rank=_rank(files, code),
                top=_top_criteria(files, code, lang),
                position=position,
                rate=percent_text(float(s.get("local_supporting_rate", math.nan))),
                present=s.get("key_links_present", "—"),
                total=s.get("key_links", "—"),
                n=fill.get("n_links", "—"),
                gain=_yi(fill.get("output_gain"), files),
                va=_yi(fill.get("value_added_gain"), files),
                mult="—" if not math.isfinite(mult) else f"{mult:.2f}",
            )
        )
    return out


def _link_value(files: ResultFiles, code: str) -> float:
    links = files.links
    if links is None or not len(links):
        return math.nan
    hit = links[links["industry"] == code]
    return float(hit["value"].sum()) if len(hit) else math.nan


def not_chosen(files: ResultFiles, lang: str) -> list[str]:
    """Why each industry scored above the lowest-ranked pick was left out, in words."""
    crit = files.criteria
    chosen_ranks = [value_at(crit, c, "rank") for c in files.chosen]
    chosen_ranks = [r for r in chosen_ranks if math.isfinite(r)]
    if not chosen_ranks:
        return []
    worst = max(chosen_ranks)
    above = crit[crit["rank"].astype(float) < worst].sort_values("rank", kind="stable")
    filled_sectors = {str(c) for c in (files.doc.get("city_coverage") or {}).get("filled", [])}
    fills = files.fills
    chosen_values = [_link_value(files, c) for c in files.leading]
    chosen_values = [v for v in chosen_values if math.isfinite(v)]
    mean = sum(chosen_values) / len(chosen_values) if chosen_values else math.nan
    out = []
    unreported = [str(c) for c in above.index if str(c) in filled_sectors and str(c) not in fills]
    if unreported:
        shown = unreported[:MAX_NAMED]
        ranks = list_sep(lang).join(_rank(files, c) for c in shown)
        name = name_list(files, shown, lang)
        if len(unreported) > len(shown):
            name += t("brief.and_more", lang, n=len(unreported))
        out.append(t("brief.nc_filled_sector", lang, name=name, rank=ranks))
    for code in map(str, above.index):
        if code in files.chosen or code in unreported:
            continue
        values = {"name": files.name(code, lang), "rank": _rank(files, code)}
        if code in fills:
            served = name_list(files, fills[code], lang)
            out.append(t("brief.nc_fill", lang, served=served, **values))
        elif code in filled_sectors:
            out.append(t("brief.nc_filled_sector", lang, **values))
        else:
            v = _link_value(files, code)
            if math.isfinite(v) and math.isfinite(mean) and v < mean:
                out.append(
                    t("brief.nc_links", lang, value=f"{v:.2f}", mean=f"{mean:.2f}", **values)
                )
            else:
                out.append(t("brief.nc_other", lang, **values))
    if len(out) > MAX_NOT_CHOSEN:  # the first screen names the closest few
        rest = len(out) - MAX_NOT_CHOSEN + 1
        out = [*out[: MAX_NOT_CHOSEN - 1], t("brief.nc_more", lang, n=rest)]
    return out or [t("brief.nc_none", lang)]


def near_ties(files: ResultFiles, lang: str, limit: float = NEAR_TIE) -> list[str]:
    """Alternatives within ``limit`` of the best objective, and what separates them."""
    sel = files.selection
    best = sel.get("objective")
    lim = f"{100 * limit:g}%"
    out = []
    for alt in files.doc.get("alternatives") or []:
        if best is None or not best:
            break
        gap = float(alt.get("objective_gap") or 0.0) / abs(float(best))
        if gap >= limit:
            continue
        inn = [*alt.get("leading_in", []), *alt.get("potential_in", [])]
        outs = [*alt.get("leading_out", []), *alt.get("potential_out", [])]
        if not inn and not outs:
            continue
        s_in = sum(value_at(files.criteria, c, "score") for c in inn)
        s_out = sum(value_at(files.criteria, c, "score") for c in outs)
        l_alt = float((alt.get("terms") or {}).get("links", math.nan))
        l_best = float((sel.get("terms") or {}).get("links", math.nan))
        why = t(
            "brief.near_tie_why",
            lang,
            inn=name_list(files, inn, lang),
            score_dir=t("word.higher" if s_in > s_out else "word.lower", lang),
            link_dir=t("word.more" if l_alt > l_best else "word.less", lang),
        )
        out.append(
            t(
                "brief.near_tie",
                lang,
                inn=name_list(files, inn, lang),
                out=name_list(files, outs, lang),
                gap=f"{100 * gap:.2f}%",
                limit=lim,
                why=why,
            )
        )
    return out or [t("brief.near_none", lang, limit=lim)]


def brief_blocks(files: ResultFiles, lang: str) -> list[tuple[str, list[str]]]:
    """The summary as (heading, lines) groups, in order."""
    return [
        (t("brief.recommendation", lang), recommendation(files, lang)),
        (t("brief.reasons", lang), reasons(files, lang)),
        (t("brief.not_chosen", lang), not_chosen(files, lang)),
        (t("brief.near_ties", lang), near_ties(files, lang)),
        (t("brief.confidence", lang), confidence(files, lang)),
        (t("brief.observed", lang), observed(files, lang)),
    ]


BRIEF_CSS = """<style>
.brief { border: 1px solid var(--line); padding: 4px 16px 10px; background: #fbfcfe; }
.brief h3 { margin: 12px 0 4px; font-size: 15px; }
.brief ol.rec { font-size: 16px; font-weight: bold; margin: 4px 0; }
.brief ul { margin: 4px 0; padding-left: 20px; }
.brief li { margin: 2px 0; }
.brief .observed { border-left: 4px solid #b7950b; background: #fffbea; padding: 2px 10px; }
</style>"""


def brief_html(files: ResultFiles, lang: str) -> str:
    """The executive summary block (``<div class="brief" data-block="brief">``)."""
    parts = [BRIEF_CSS, '<div class="brief" data-block="brief">']
    for i, (heading, lines) in enumerate(brief_blocks(files, lang)):
        items = "".join(f"<li>{esc(x)}</li>" for x in lines)
        if i == 0:
            parts.append(f'<h3>{esc(heading)}</h3><ol class="rec">{items}</ol>')
        elif heading == t("brief.observed", lang):
            parts.append(f'<div class="observed"><h3>{esc(heading)}</h3><ul>{items}</ul></div>')
        else:
            parts.append(f"<h3>{esc(heading)}</h3><ul>{items}</ul>")
    parts.append("</div>")
    return "\n".join(parts)
