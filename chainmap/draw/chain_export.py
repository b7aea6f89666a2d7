"""Every file of one chain map: nodes and links (CSV), JSON, GraphML, SVG and PNG."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from chainmap.draw.chain_drawing import write_chain_png, write_chain_svg
from chainmap.graph.chain import ChainMap, chain_to_json
from chainmap.io.atomic import write_text_atomic, write_with


def export_chain_map(
    chain: ChainMap,
    out_dir: str | Path,
    *,
    lang: str = "zh",
    drawings: bool = True,
    overwrite: bool = True,
) -> list[Path]:
    """Write ``chain_<code>`` CSV (nodes and links), JSON, GraphML, SVG and PNG.

    Every file is written atomically. Returns the paths written.
    """
    out = Path(out_dir)
    stem = f"chain_{chain.candidate}"
    written = [
        write_text_atomic(
            out / f"{stem}.csv", chain.nodes.reset_index().to_csv(index=False), overwrite=overwrite
        ),
        write_text_atomic(
            out / f"{stem}_links.csv", chain.links.to_csv(index=False), overwrite=overwrite
        ),
        write_text_atomic(out / f"{stem}.json", chain_to_json(chain) + "\n", overwrite=overwrite),
    ]
    ready = chain.graph.copy()
    # GraphML has no null: graph-level metadata that is None (e.g. no year) becomes ""
    ready.graph.update({k: ("" if v is None else v) for k, v in ready.graph.items()})
    written.append(
        write_with(
            out / f"{stem}.graphml", lambda tmp: nx.write_graphml(ready, tmp), overwrite=overwrite
        )
    )
    if drawings:
        written.append(write_chain_svg(chain, out / f"{stem}.svg", lang=lang, overwrite=overwrite))
        written.append(
            write_chain_png(chain, out / f"{stem}.png", lang=lang, overwrite=overwrite).path
        )
    return written
