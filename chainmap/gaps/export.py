"""Gap diagnosis output: link tables, JSON and the chain map coloured by gap class."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.draw.chain_drawing import NodeClass, write_chain_png, write_chain_svg
from chainmap.gaps.classes import GapDiagnosis
from chainmap.graph.chain import chain_map
from chainmap.io.atomic import write_text_atomic
from chainmap.io.table import IOTable

GAP_STYLES: dict[str, tuple[str, str, str, str]] = {
    "candidate": ("#fde3c8", "#e8741a", "候选产业", "candidate"),
    "break": ("#f6c9c4", "#c0392b", "断点 · 补链", "break point · fill"),
    "choke": ("#fbd9b5", "#d35400", "堵点 · 强链", "choke point · strengthen"),
    "weak": ("#fbefc0", "#b7950b", "弱点 · 强链", "weak point · strengthen"),
    "sound": ("#d3ecd3", "#2e8b57", "健全", "sound"),
    "minor": ("#ececec", "#9a9a9a", "次要环节", "minor link"),
    "extend": ("#d4e3f4", "#2e6da4", "延链机会", "extension opportunity"),
    "buyer": ("#f3f3f3", "#7f7f7f", "下游（本地已有）", "downstream (present locally)"),
    "other": ("#ffffff", "#bbbbbb", "间接关联（未诊断）", "indirect (not diagnosed)"),
}


def gap_node_classes(diagnosis: GapDiagnosis, nodes: pd.DataFrame) -> dict[str, str]:
    """Class key per node of a chain map (index = codes, with ``position``, ``is_candidate``)."""
    gap = diagnosis.links["gap_class"].to_dict()
    ext = set(diagnosis.downstream.index[diagnosis.downstream["action"] == "extend"])
    out: dict[str, str] = {}
    for code, row in nodes.iterrows():
        c = str(code)
        if bool(row["is_candidate"]) or c in diagnosis.sector:
            out[c] = "candidate"
        elif row["position"] == "downstream":
            out[c] = "extend" if c in ext else "buyer"
        else:
            out[c] = str(gap.get(c, "other"))
    return out


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def gaps_to_json(diagnosis: GapDiagnosis) -> str:
    """The diagnosis as JSON: summary, links and downstream buyers (NaN → null)."""

    doc = {
        "summary": diagnosis.summary,
        "links": diagnosis.links.reset_index().to_dict("records"),
        "downstream": diagnosis.downstream.reset_index().to_dict("records"),
    }
    return json.dumps(_json_ready(doc), ensure_ascii=False, indent=1, allow_nan=False)


def export_gaps(
    diagnosis: GapDiagnosis,
    out_dir: str | Path,
    *,
    map_table: IOTable,
    city_output: pd.Series | None = None,
    lang: str = "zh",
    png: bool = True,
    overwrite: bool = True,
) -> list[Path]:
    """Write ``gaps_<code>_links.csv``, ``_downstream.csv``, ``.json``, ``.svg`` and ``.png``.

    The chain map is drawn on ``map_table`` (the parent, whose chain shows every link the
    candidate needs, or the city table) for the group member with the largest city
    output (``city_output``), nodes coloured by gap class. Files are written atomically.
    """
    group = list(diagnosis.sector)
    main = group[0]
    if city_output is not None and len(group) > 1:
        main = str(city_output.reindex(group).astype(float).idxmax())
    out = Path(out_dir)
    stem = f"gaps_{main}" if len(group) == 1 else f"gaps_{group[0]}-{group[-1]}"
    written = [
        write_text_atomic(
            out / f"{stem}_links.csv",
            diagnosis.links.reset_index().to_csv(index=False, lineterminator="\n"),
            overwrite=overwrite,
        ),
        write_text_atomic(
            out / f"{stem}_downstream.csv",
            diagnosis.downstream.reset_index().to_csv(index=False, lineterminator="\n"),
            overwrite=overwrite,
        ),
        write_text_atomic(
            out / f"{stem}.json", gaps_to_json(diagnosis) + "\n", overwrite=overwrite
        ),
    ]
    chain = chain_map(map_table, main, depth=2, top_n=8)
    classes = {k: NodeClass(*v) for k, v in GAP_STYLES.items()}
    node_class = gap_node_classes(diagnosis, chain.nodes)
    rate = diagnosis.summary["local_supporting_rate"]
    name = diagnosis.summary["sector_name_zh" if lang != "en" else "sector_name_en"]
    title = (
        f"{name} · 产业链断点诊断 · 本地配套率 {rate:.0%}"
        if lang != "en"
        else f"{name} · chain gaps · local supporting rate {rate:.0%}"
    )
    written.append(
        write_chain_svg(
            chain,
            out / f"{stem}.svg",
            lang=lang,
            node_class=node_class,
            classes=classes,
            title=title,
            overwrite=overwrite,
        )
    )
    if png:
        drawn = write_chain_png(
            chain,
            out / f"{stem}.png",
            lang=lang,
            node_class=node_class,
            classes=classes,
            title=title,
            overwrite=overwrite,
        )
        written.append(drawn.path)
    return written
