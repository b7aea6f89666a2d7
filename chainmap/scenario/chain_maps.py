"""Chain maps of the chosen industries for a result folder, nodes coloured by gap class."""

from __future__ import annotations

import threading
import weakref
from typing import Any

from chainmap.draw.chain_drawing import NodeClass, render_chain_svg
from chainmap.gaps.diagnosis import GAP_STYLES, gap_node_classes
from chainmap.graph.chain import chain_map
from chainmap.i18n import t
from chainmap.scenario.runner import ScenarioResult

#: Chain maps drawn on a parent table, by table object and code (pure, so kept while the
#: table lives: both languages, and every re-solve on a cached analysis, reuse them).
_CHAINS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_CHAINS_LOCK = threading.Lock()


def _parent_chain(parent: Any, code: str) -> Any:
    with _CHAINS_LOCK:
        known = _CHAINS.setdefault(parent, {})
        if code in known:
            return known[code]
    chain = chain_map(parent, code, depth=2, top_n=8)
    with _CHAINS_LOCK:
        known[code] = chain
    return chain


def chain_svg(result: ScenarioResult, diagnosis: Any, lang: str) -> str:
    """Chain map of a diagnosed industry, nodes coloured by gap class (SVG text).

    Drawn on the parent table (two tiers each side, eight sectors per tier), like
    :func:`chainmap.gaps.diagnosis.export_gaps`; the title names the industry and its local
    supporting rate, and says when the data are illustrative.
    """
    code = diagnosis.sector[0]
    if len(diagnosis.sector) > 1:  # a group: draw its largest member
        code = str(result.city.output.reindex(list(diagnosis.sector)).astype(float).idxmax())
    chain = _parent_chain(result.parent, code)
    summary = diagnosis.summary
    title = t(
        "chart.chain_title",
        lang,
        name=summary["sector_name_en" if lang == "en" else "sector_name_zh"],
        rate=f"{summary['local_supporting_rate']:.0%}",
    )
    if result.illustrative:
        title = f"{title} · {t('report.illustrative', lang)}"
    classes = {k: NodeClass(*v) for k, v in GAP_STYLES.items()}
    # the candidate in violet: GAP_STYLES' pale orange is hard to tell from a choke point
    classes["candidate"] = NodeClass("#e6def5", "#6a51a3", *GAP_STYLES["candidate"][2:])
    return render_chain_svg(
        chain,
        lang=lang,
        node_class=gap_node_classes(diagnosis, chain.nodes),
        classes=classes,
        title=title,
    )
