"""Commands on the city table: ``regionalize`` and ``gaps``."""

from __future__ import annotations

import argparse
import sys


def _cmd_evaluate(args: argparse.Namespace) -> int:
    import time

    from chainmap.city.accuracy import load_cases
    from chainmap.city.learned import evaluate_all, summarize

    t0 = time.perf_counter()
    cases = load_cases(years=set(args.years) if args.years else None)
    df = evaluate_all(cases)
    seconds = time.perf_counter() - t0
    if args.output:
        from chainmap.io.atomic import write_text_atomic

        write_text_atomic(args.output, df.to_csv(index=False))
    for metric, digits in (("mult_mape", 3), ("stpe", 1), ("theil_u", 3), ("mad", 5)):
        table = summarize(df, metric).round(digits)
        print(f"== {metric} (mean over province-years; national → province) ==")
        print(table.to_string())
        print()
    n = df[["province", "year"]].drop_duplicates().shape[0]
    print(
        f"{n} province-years, {df.method.nunique()} methods; grid rows are in sample, "
        f"lopo rows leave each province out; {seconds:.1f} s"
    )
    if args.output:
        print(f"wrote {args.output} ({len(df)} rows)")
    return 0


def _cmd_regionalize(args: argparse.Namespace) -> int:
    import dataclasses

    if args.evaluate:
        return _cmd_evaluate(args)
    if not args.parent or not args.local or not args.output:
        print(
            "chainmap: error: regionalize needs PARENT, --local and -o (or --evaluate)",
            file=sys.stderr,
        )
        return 2

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
        require_unit=True,
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
    p.add_argument(
        "parent", nargs="?", default=None, help="registry id (see `chainmap tables list`) or path"
    )
    p.add_argument("--local", default=None, help="city sector data CSV")
    p.add_argument(
        "--evaluate",
        action="store_true",
        help="print the accuracy of every regionalisation method against the observed "
        "provincial tables (all province-years, δ grid, size-regression δ, learned "
        "estimator leave-one-province-out); -o FILE.csv saves the tidy table",
    )
    p.add_argument(
        "--years",
        type=int,
        nargs="+",
        default=None,
        metavar="YEAR",
        help="with --evaluate: only the provincial tables of these years (default all)",
    )
    _add_method_options(p)
    _add_city_data_options(p)
    p.add_argument("-o", "--output", default=None, help="output folder, or FILE.xlsx")
    p.set_defaults(handler=_cmd_regionalize)


def _add_method_options(p: argparse.ArgumentParser) -> None:
    """How the city table is built: quotient method, δ, concordance, fill rule."""
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


def _add_city_data_options(p: argparse.ArgumentParser) -> None:
    """How the city CSV is read (columns, measure, unit, unreported), basis, provenance."""
    p.add_argument("--value-column", default=None, help="column with the figures (default value)")
    p.add_argument("--key-column", default=None, help="column naming the sector (default code)")
    p.add_argument("--measure", choices=["output", "employment", "value_added"], default="output")
    p.add_argument(
        "--unit",
        default="",
        help="unit of the figures, e.g. 亿元 (required unless the file's first line is "
        "'# unit: 亿元')",
    )
    p.add_argument(
        "--unreported",
        choices=["missing", "zero"],
        default="missing",
        help="empty or unlisted sectors: not reported (filled) or zero",
    )
    p.add_argument("--basis", choices=["domestic", "total"], default="domestic")
    p.add_argument("--region", default="", help="city name recorded in the table")
    p.add_argument("--year", type=int, default=None, help="year of the city data")


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


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    _add_regionalize(sub)
    _add_gaps(sub)
