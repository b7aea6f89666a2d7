"""Commands on the industry-linkage graph: ``graph`` and ``chain``."""

from __future__ import annotations

import argparse


def _cmd_graph(args: argparse.Namespace) -> int:
    from chainmap.graph.linkage_graph import build_linkage_graph, export_graph
    from chainmap.io.readers import read_table

    table = read_table(args.table)
    graph = build_linkage_graph(
        table,
        min_coefficient=args.min_coef,
        top_k=args.top_k,
        important_only=args.important_only,
        important_limit=args.important_limit,
    )
    written = export_graph(graph, args.output)
    print(
        f"wrote {', '.join(str(p) for p in written)}: {graph.number_of_nodes()} sectors, "
        f"{graph.number_of_edges()} of {graph.graph['edges_nonzero']} links "
        f"({graph.graph['edge_rule']})"
    )
    if args.sensitivity:
        from chainmap.graph.network import DEFAULT_THRESHOLDS, threshold_sensitivity
        from chainmap.io.atomic import write_text_atomic

        grid = tuple(sorted({*DEFAULT_THRESHOLDS, float(args.min_coef)}))
        table_s = threshold_sensitivity(table, grid)
        write_text_atomic(args.sensitivity, table_s.to_csv(index=False))
        print(
            f"wrote {args.sensitivity}: rank agreement (Spearman, Kendall, top-10 overlap) of "
            f"measures on thresholded vs full networks for a_ij >= {', '.join(map(str, grid))}"
        )
    return 0


def _add_graph(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "graph",
        help="industry-linkage graph with node measures (GraphML, JSON or CSV)",
        description="Build the linkage graph of TABLE: nodes carry every measure (computed on "
        "the full matrix), edges z, a, b, l, g and the field-of-influence importance. The "
        "options only choose which edges are written; the file states them.",
    )
    p.add_argument("table", help="registry id (see `chainmap tables list`) or path")
    p.add_argument("--min-coef", type=float, default=0.0, help="keep edges with a_ij >= X")
    p.add_argument(
        "--top-k", type=int, default=None, help="keep each sector's K largest suppliers/buyers"
    )
    p.add_argument("--important-only", action="store_true", help="keep only important coefficients")
    p.add_argument(
        "--important-limit",
        type=float,
        default=20.0,
        help="tolerable limit in percent for --important-only (default 20)",
    )
    p.add_argument(
        "--sensitivity",
        metavar="CSV",
        default=None,
        help="also write how centrality rankings would move if computed on thresholded "
        "networks (a grid of thresholds including --min-coef)",
    )
    p.add_argument("-o", "--output", required=True, help="FILE.graphml, FILE.json or FILE.csv")
    p.set_defaults(handler=_cmd_graph)


def _cmd_chain(args: argparse.Namespace) -> int:
    from chainmap.draw.chain_export import export_chain_map
    from chainmap.graph.chain import chain_map
    from chainmap.io.readers import read_table

    table = read_table(args.table)
    chain = chain_map(
        table, args.sector, depth=args.depth, top_n=args.top_n, min_share=args.min_share
    )
    written = export_chain_map(chain, args.output, lang=args.lang)
    counts = chain.nodes["position"].value_counts()
    print(
        f"chain of {chain.candidate} {table.label(chain.candidate, 'zh')}: "
        f"{counts.get('upstream', 0)} upstream, {counts.get('midstream', 0)} midstream, "
        f"{counts.get('downstream', 0)} downstream sectors, {len(chain.links)} links"
    )
    for path in written:
        print(f"wrote {path}")
    return 0


def _add_chain(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "chain",
        help="upstream-midstream-downstream chain map of one industry",
        description="Chain map of SECTOR (code or exact Chinese/English name) in TABLE: "
        "writes the chain table (CSV), links CSV, JSON, GraphML, SVG and PNG into DIR.",
    )
    p.add_argument("table", help="registry id (see `chainmap tables list`) or path")
    p.add_argument("sector", help="sector code or exact Chinese or English name")
    p.add_argument("--depth", type=int, default=3, help="tiers on each side (default 3)")
    p.add_argument("--top-n", type=int, default=5, help="sectors per tier (default 5)")
    p.add_argument(
        "--min-share",
        type=float,
        default=0.01,
        help="smallest share of the candidate's requirement/supply (default 0.01)",
    )
    p.add_argument("--lang", choices=["zh", "en", "both"], default="zh", help="label language")
    p.add_argument("-o", "--output", required=True, help="output folder DIR")
    p.set_defaults(handler=_cmd_chain)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    _add_graph(sub)
    _add_chain(sub)
