"""Command-line interface: ``chainmap <command> ...``.

The only module that prints. Any :class:`chainmap.errors.ChainmapError` (and any
unreadable file) becomes one line on stderr and exit code 2; ``--debug`` shows the
traceback instead. Each command is registered by a ``_add_<command>`` function
listed in ``_REGISTRARS``; handlers take the parsed namespace and return an exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from chainmap.__about__ import __version__
from chainmap.errors import ChainmapError

Handler = Callable[[argparse.Namespace], int]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=None,
        help="folder of official tables (default: $CHAINMAP_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


# ----- command registrars (one per command; each adds a subparser with a handler) -----

_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]


def _write_frame(frame: Any, fmt: str, out: str | None, payload: Any = None) -> None:
    """Print or atomically write a DataFrame as table/csv/json/xlsx."""
    import json

    from chainmap.io.atomic import write_text_atomic, write_with

    if fmt == "xlsx":
        if not out:
            msg = "--format xlsx needs -o FILE.xlsx"
            raise ChainmapError(msg)
        write_with(out, lambda tmp: frame.to_excel(tmp, index=False, engine="openpyxl"))
        return
    if fmt == "json":
        text = json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False)
    elif fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        text = frame.to_string(index=False, float_format=lambda v: f"{v:.4f}")
    if out:
        write_text_atomic(out, text if text.endswith("\n") else text + "\n")
    else:
        print(text)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from chainmap.analysis.summary import analysis_to_json, analyze_table

    table = _read_reporting(args.table, args.repair)
    frame = analyze_table(table, technology=args.technology)
    payload = analysis_to_json(table, frame) if args.format == "json" else None
    _write_frame(frame, args.format, args.output, payload)
    if args.output:
        print(f"wrote {args.output} ({len(frame)} sectors, {args.format})")
    return 0


def _add_analyze(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "analyze",
        help="every linkage measure and multiplier per sector",
        description="Linkages (BL, FL Ghosh and NBS 感应度), CVs, key sectors, hypothetical "
        "extraction and multipliers for every sector of TABLE (registry id or path).",
    )
    p.add_argument("table", help="registry id (see `chainmap tables list`) or path")
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    p.add_argument("-o", "--output", default=None, help="output file (default: stdout)")
    p.add_argument(
        "--technology",
        choices=["domestic", "total"],
        default="domestic",
        help="non-competitive tables: domestic flows only (default) or domestic + imported",
    )
    _repair_option(p)
    p.set_defaults(handler=_cmd_analyze)


_REGISTRARS.append(_add_analyze)


# ----- validate / tables / convert (data entry) -------------------------------------------


def _read_reporting(source: str, repair: Sequence[str]) -> Any:
    """read_table, printing each DataWarning (repairs list what they changed) on stderr."""
    import warnings

    from chainmap.errors import DataWarning
    from chainmap.io.readers import read_table

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        table = read_table(source, repair=repair)
    for warning in caught:
        print(f"chainmap: warning: {warning.message}", file=sys.stderr)
    return table


def _repair_option(parser: argparse.ArgumentParser) -> None:
    from chainmap.io.validate import REPAIRS

    parser.add_argument(
        "--repair",
        action="append",
        default=[],
        choices=sorted(REPAIRS),
        help="apply a named repair (repeatable); each prints what it changed: "
        + "; ".join(f"{k}: {v}" for k, v in REPAIRS.items()),
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    from chainmap.errors import InputDataError

    try:
        table = _read_reporting(args.table, args.repair)
    except InputDataError as err:
        print(f"{len(err.issues)} problem(s) in {err.source or args.table}:")
        for issue in err.issues:
            print(f" * {issue}")
        print(f"chainmap: error: {args.table} is not valid", file=sys.stderr)
        return 2
    m = table.meta
    print("ok")
    print(
        f"{m.table_id or m.path}: {table.n} sectors, year {m.year}, unit {m.unit}, "
        f"{m.table_type}, total output {table.x.sum():,.0f}, "
        f"value added {table.total_value_added.sum():,.0f}"
    )
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "validate",
        help="check a table; prints ok and a summary, or every problem (exit 2)",
        description="Read TABLE (registry id or path) and run every validation rule.",
    )
    p.add_argument("table", help="registry id (see `chainmap tables list`) or path")
    _repair_option(p)
    p.set_defaults(handler=_cmd_validate)


def _cmd_tables(args: argparse.Namespace) -> int:
    from chainmap.io.examples import write_example_tables
    from chainmap.io.registry import data_dir, load_registry, resolve_path

    if args.action == "write-examples":
        for folder in write_example_tables():
            print(f"wrote {folder}")
        return 0
    base = data_dir()
    print(f"data directory: {base if base is not None else '(CHAINMAP_DATA_DIR not set)'}")
    print(f"{'id':<26} {'status':<8} {'year':>4} {'n':>4}  {'type':<14} {'unit':<14} path")
    for e in load_registry():
        path = resolve_path(e)
        status = "present" if path is not None and path.exists() else "missing"
        print(
            f"{e.id:<26} {status:<8} {e.year or '':>4} {e.n_sectors:>4}  {e.table_type:<14} "
            f"{e.unit:<14} {e.path}"
        )
    return 0


def _add_tables(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "tables",
        help="list the known tables and whether they are present",
        description="list: every registry entry (io_tables/registry.yaml) and whether its "
        "file is under the data directory; write-examples: regenerate io_tables/examples.",
    )
    p.add_argument("action", choices=["list", "write-examples"])
    p.set_defaults(handler=_cmd_tables)


def _cmd_convert(args: argparse.Namespace) -> int:
    from pathlib import Path

    from chainmap.io.readers import aggregate_table, read_concordance, write_native
    from chainmap.io.registry import data_dir

    table = _read_reporting(args.input, args.repair)
    if args.aggregate:
        concordance = Path(args.aggregate)
        base = data_dir()
        if not concordance.exists() and base is not None and (base / args.aggregate).exists():
            concordance = base / args.aggregate
        table = aggregate_table(table, read_concordance(concordance))
    out = write_native(table, args.output, overwrite=args.force)
    print(f"wrote {out} ({table.n} sectors, chainmap format)")
    return 0


def _add_convert(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "convert",
        help="write a table in chainmap's own format (folder of CSVs, or .xlsx)",
        description="Read IN (registry id or path), optionally aggregate it with a "
        "concordance, and write OUT: a folder of CSV files, or one .xlsx if OUT ends so.",
    )
    p.add_argument("input", help="registry id or path")
    p.add_argument("output", help="output folder, or a file ending in .xlsx")
    p.add_argument(
        "--aggregate",
        metavar="CONCORDANCE",
        default=None,
        help="concordance CSV/xlsx (official NBS 42↔149 layout, or columns fine,coarse)",
    )
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    _repair_option(p)
    p.set_defaults(handler=_cmd_convert)


_REGISTRARS.extend([_add_validate, _add_tables, _add_convert])


# ----- graph / chain (industry-linkage graph and chain maps) -------------------------------


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


_REGISTRARS.extend([_add_graph, _add_chain])


# ----- regionalize / gaps (city table and chain-gap diagnosis) ------------------------------


def _cmd_regionalize(args: argparse.Namespace) -> int:
    import dataclasses

    from chainmap.city.citydata import map_to_parent, read_city_data, read_concordance
    from chainmap.city.regional import regionalize
    from chainmap.io.readers import read_table, write_native

    parent = read_table(args.parent)
    local = read_city_data(
        args.local,
        value_column=args.value_column,
        key_column=args.key_column,
        measure=args.measure,
        unit=args.unit,
        region=args.region,
        year=args.year,
    )
    if args.concordance:
        concordance = read_concordance(args.concordance)
        local = map_to_parent(local, concordance, parent, unreported=args.unreported)
    elif args.unreported == "zero":
        local = dataclasses.replace(local, values=local.values.fillna(0.0))
    city = regionalize(
        parent,
        local,
        method=args.method,
        delta=args.delta,
        fill=args.fill,
        fill_total=args.fill_total,
        basis=args.basis,
    )
    out = write_native(city, args.output, overwrite=args.force)
    print(f"wrote {out}: city table of {city.n} sectors ({parent.n} in the parent)")
    for note in city.meta.notes:
        if note.startswith(("method:", "filled", "uncovered", "absent", "local supply cap")):
            print(f"  {note}")
    return 0


def _add_regionalize(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "regionalize",
        help="city table from a national/provincial table and city sector data (SLQ/CILQ/FLQ)",
        description="Regionalise PARENT (registry id or path) with the city's sector data "
        "(CSV: a key column and a value column; other classifications via --concordance) "
        "and write the city table in chainmap's format (folder, or .xlsx).",
    )
    p.add_argument("parent", help="registry id (see `chainmap tables list`) or path")
    p.add_argument("--local", required=True, help="city sector data CSV")
    p.add_argument("--method", choices=["slq", "cilq", "flq", "aflq"], default="flq")
    p.add_argument("--delta", type=float, default=0.3, help="FLQ/AFLQ delta (default 0.3)")
    p.add_argument("--concordance", default=None, help="CSV source_code,source_name,target_code")
    p.add_argument(
        "--fill",
        choices=["parent_share", "parent_structure", "zero", "exclude"],
        default="parent_share",
        help="rule for sectors the city data do not cover (default parent_share)",
    )
    p.add_argument(
        "--fill-total",
        type=float,
        default=None,
        help="city output of the uncovered sectors (parent units) for --fill parent_structure",
    )
    p.add_argument("--value-column", default=None, help="column with the figures (default value)")
    p.add_argument("--key-column", default=None, help="column naming the sector (default code)")
    p.add_argument("--measure", choices=["output", "employment", "value_added"], default="output")
    p.add_argument("--unit", default="", help="unit of the figures, e.g. 亿元 (default: parent's)")
    p.add_argument(
        "--unreported",
        choices=["missing", "zero"],
        default="missing",
        help="empty or unlisted sectors: not reported (filled) or zero",
    )
    p.add_argument("--basis", choices=["domestic", "total"], default="domestic")
    p.add_argument("--region", default="", help="city name recorded in the table")
    p.add_argument("--year", type=int, default=None, help="year of the city data")
    p.add_argument("-o", "--output", required=True, help="output folder, or FILE.xlsx")
    p.add_argument("--force", action="store_true", help="overwrite OUTPUT if it exists")
    p.set_defaults(handler=_cmd_regionalize)


def _cmd_gaps(args: argparse.Namespace) -> int:
    from chainmap.city.citydata import codes_for_source, read_concordance
    from chainmap.errors import InputDataError
    from chainmap.gaps.diagnosis import GapThresholds, diagnose_gaps, export_gaps, parent_id
    from chainmap.io.readers import read_table

    city = read_table(args.city_table)
    parent = None
    source = args.parent or (None if args.no_parent else parent_id(city))
    if source:
        try:
            parent = read_table(source)
        except InputDataError as err:
            if args.parent:
                raise
            print(
                f"chainmap: note: parent table {source} not available ({err}); import "
                "dependence and extension opportunities are not evaluated",
                file=sys.stderr,
            )
    sector: str | list[str] = args.sector
    if args.concordance:
        sector = codes_for_source(read_concordance(args.concordance), args.sector)
    elif "," in args.sector:
        sector = [s.strip() for s in args.sector.split(",") if s.strip()]
    thresholds = GapThresholds(fill_target=args.fill_target, key_share=args.key_share)
    diag = diagnose_gaps(city, sector, parent=parent, thresholds=thresholds)
    written = export_gaps(
        diag,
        args.output,
        map_table=parent if parent is not None else city,
        city_output=city.output,
        lang=args.lang,
        png=not args.no_png,
    )
    s = diag.summary
    print(
        f"{' / '.join(diag.sector)} {s['sector_name_zh']}: local supporting rate "
        f"{s['local_supporting_rate']:.1%}, chain completeness {s['chain_completeness']:.0%} "
        f"({s['key_links_present']}/{s['key_links']} key links), {s['n_break']} break, "
        f"{s['n_choke']} choke, {s['n_weak']} weak, {s['extension_opportunities']} extension"
    )
    for path in written:
        print(f"wrote {path}")
    return 0


def _add_gaps(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "gaps",
        help="chain-gap diagnosis (断点/弱点/堵点 → 补链/强链/延链) of an industry in a city table",
        description="Diagnose SECTOR (code, exact name, comma-separated codes, or a source "
        "sector of --concordance) in CITY_TABLE; writes the link table (CSV, JSON) and the "
        "chain map coloured by gap class (SVG, PNG) into DIR.",
    )
    p.add_argument("city_table", help="city table (chainmap format, e.g. from regionalize)")
    p.add_argument("sector", help="code, exact name, codes separated by commas")
    p.add_argument(
        "--parent", default=None, help="parent table (default: the one the city table records)"
    )
    p.add_argument("--no-parent", action="store_true", help="do not load the recorded parent")
    p.add_argument("--concordance", default=None, help="resolve SECTOR as a source sector")
    p.add_argument("--fill-target", type=float, default=0.5, help="local share of a filled link")
    p.add_argument("--key-share", type=float, default=0.8, help="share of needs key links cover")
    p.add_argument("--lang", choices=["zh", "en", "both"], default="zh", help="label language")
    p.add_argument("--no-png", action="store_true", help="write the SVG drawing only")
    p.add_argument("-o", "--output", required=True, help="output folder DIR")
    p.set_defaults(handler=_cmd_gaps)


_REGISTRARS.extend([_add_regionalize, _add_gaps])


# ----- scenarios: run / list / compare --------------------------------------------------


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    end = "\n" if done >= total else ""
    print(
        f"\r  weight draws [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def _run(path: str, overrides: Sequence[str], *, quiet: bool = False) -> Any:
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    scenario = load_scenario(path, overrides)
    show = not quiet and sys.stderr.isatty()
    return run_scenario(scenario, progress=_progress_bar if show else None)


def _summary_lines(result: Any, lang: str = "zh") -> list[str]:
    sel = result.selection
    city = result.city

    def names(codes: Sequence[str]) -> str:
        return ", ".join(f"{c} {city.label(c, lang)}" for c in codes) or "-"

    lines = [
        f"scenario {result.scenario.name}: {sel.status}"
        + (" (illustrative data, not statistics 示例数据)" if result.illustrative else ""),
        f"leading 主导产业: {names(sel.leading)}",
        f"potential 潜在主导产业: {names(sel.potential)}",
        f"links to fill 补链/强链 suppliers: {names(sel.filled)}",
    ]
    if sel.objective is not None:
        terms = ", ".join(f"{k} {v:.4f}" for k, v in sel.terms.items())
        lines.append(f"objective {sel.objective:.4f} = {terms}")
    elif result.infeasibility is not None:
        lines.append(f"infeasible: {result.infeasibility.message}")
    return lines


def _cmd_run(args: argparse.Namespace) -> int:
    from chainmap.scenario.results import write_results

    result = _run(args.scenario, args.set or [])
    out = write_results(result, args.output, force=args.force)
    for line in _summary_lines(result):
        print(line)
    print(f"results: {out}")
    if args.report:
        from chainmap.report.write import write_report

        paths = write_report(out, lang=args.lang, formats=args.formats.split(","), force=True)
        for p in paths:
            print(f"report: {p}")
    return 0


def _add_run(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run",
        help="run a scenario end to end (table → city → criteria → gaps → selection)",
        description="Run SCENARIO (a YAML file under scenarios/) and write JSON/CSV results.",
    )
    p.add_argument("scenario", help="scenario file, e.g. scenarios/hangzhou_2023.yaml")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a setting")
    p.add_argument("-o", "--output", required=True, help="result folder")
    p.add_argument("--force", action="store_true", help="replace an existing result folder")
    p.add_argument("--report", action="store_true", help="also write the report")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--formats", default="html,xlsx,md", help="report formats (html,xlsx,md,pdf)")
    p.set_defaults(handler=_cmd_run)


def _cmd_list(args: argparse.Namespace) -> int:
    from chainmap.scenario.catalog import list_scenarios

    frame = list_scenarios(args.folder)
    print(frame.to_string(index=False))
    return 0


def _add_list(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("list", help="list scenarios, their parents and whether data are present")
    p.add_argument("folder", nargs="?", default="scenarios")
    p.set_defaults(handler=_cmd_list)


def _cmd_compare(args: argparse.Namespace) -> int:
    from chainmap.scenario.compare import compare_industries, compare_selections

    if args.industries:
        if len(args.scenarios) != 1:
            msg = "--industries compares candidates within ONE scenario"
            raise ChainmapError(msg)
        result = _run(args.scenarios[0], args.set or [], quiet=True)
        frame = compare_industries(result, [s.strip() for s in args.industries.split(",")])
    else:
        if len(args.scenarios) != 2:
            msg = "compare needs --industries A,B,C with one scenario, or two scenarios"
            raise ChainmapError(msg)
        results = [_run(s, args.set or [], quiet=True) for s in args.scenarios]
        frame = compare_selections(results[0], results[1])
    _write_frame(frame.reset_index(), "csv" if args.output else "table", args.output)
    if args.output:
        print(f"wrote {args.output}")
    if args.report:
        from chainmap.report.write import write_comparison_report

        for p in write_comparison_report(frame, args.report, lang=args.lang, force=True):
            print(f"report: {p}")
    return 0


def _add_compare(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "compare",
        help="compare candidate industries side by side, or the selections of two scenarios",
    )
    p.add_argument("scenarios", nargs="+", help="one scenario (with --industries) or two")
    p.add_argument("--industries", default=None, help="codes or names, comma-separated")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a setting")
    p.add_argument("-o", "--output", default=None, help="write the table as CSV")
    p.add_argument("--report", default=None, metavar="PREFIX", help="write PREFIX.html/.xlsx")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(handler=_cmd_compare)


_REGISTRARS.extend([_add_run, _add_list, _add_compare])


# ----- report / demo (the planner's report and the one-command demo) ----------------------


def _cmd_report(args: argparse.Namespace) -> int:
    from chainmap.report.write import write_report

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    paths = write_report(
        args.result_dir, lang=args.lang, formats=formats, force=args.force, out_dir=args.output
    )
    for path in paths:
        print(f"report: {path}")
    return 0


def _add_report(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="write the planner's report (HTML, XLSX, Markdown, PDF) of a result folder",
        description="Read the result folder written by `chainmap run` and write report.html "
        "(self-contained), report.xlsx, report.md and, with headless Chromium, report.pdf.",
    )
    p.add_argument("result_dir", help="result folder of `chainmap run`")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="default: scenario's (zh)")
    p.add_argument("--format", default="html,xlsx,md", help="comma-separated: html,xlsx,md,pdf")
    p.add_argument("-o", "--output", default=None, help="report folder (default: RESULT_DIR)")
    p.add_argument("--force", action="store_true", help="overwrite an existing report")
    p.set_defaults(handler=_cmd_report)


def _cmd_demo(args: argparse.Namespace) -> int:
    from chainmap.cli.demo import run_demo
    from chainmap.i18n import t

    outcome = run_demo(args.output, args.lang)
    lang = "en" if args.lang == "en" else "zh"
    print(t("demo.report_at", lang, path=outcome.report))
    for line in outcome.summary:
        print(f"  {line}")
    for path in outcome.reports:
        if path != outcome.report:
            print(f"  - {path}")
    for note in outcome.notes:
        print(f"note: {note}")
    return 0


def _add_demo(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="run a complete scenario and write its report (start here)",
        description="Runs the Hangzhou 2023 scenario when the official tables are available "
        "(CHAINMAP_DATA_DIR or --data-dir), otherwise the built-in illustrative economy; "
        "writes results and report into ./demo_output/<scenario> and prints a summary.",
    )
    p.add_argument("-o", "--output", default=None, help="output folder")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="report language")
    p.set_defaults(handler=_cmd_demo)


_REGISTRARS.extend([_add_report, _add_demo])


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="chainmap",
        description="Leading industries and industrial-chain gaps from input-output tables.",
    )
    parser.add_argument("--version", action="version", version=f"chainmap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for register in _REGISTRARS:
        register(sub)
    for action in sub.choices.values():
        _common(action)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.data_dir:
        os.environ["CHAINMAP_DATA_DIR"] = args.data_dir
    handler: Handler = args.handler
    try:
        return handler(args)
    except (ChainmapError, OSError) as err:
        if args.debug:
            raise
        first = str(err).strip().splitlines()
        text = " | ".join(line.strip() for line in first) if first else type(err).__name__
        print(f"chainmap: error: {text}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
