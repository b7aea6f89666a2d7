"""Commands on tables: ``analyze``, ``validate``, ``tables``, ``convert``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from chainmap.cli.common import add_repair_option, read_reporting, write_frame


def _cmd_analyze(args: argparse.Namespace) -> int:
    from chainmap.analysis.summary import analysis_to_json, analyze_table

    table = read_reporting(args.table, args.repair)
    frame = analyze_table(table, technology=args.technology)
    payload = analysis_to_json(table, frame) if args.format == "json" else None
    write_frame(frame, args.format, args.output, payload)
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
    add_repair_option(p)
    p.set_defaults(handler=_cmd_analyze)


def _provincial_source(source: str) -> Any:
    """The workbook path when SOURCE is a provincial registry id or an official workbook."""
    from pathlib import Path

    from chainmap.io.readers import sniff_reader
    from chainmap.io.registry import find_entry, resolve_path

    entry = find_entry(source)
    if entry is not None:
        return resolve_path(entry) if entry.reader == "provincial_workbook" else None
    path = Path(source)
    if path.suffix.lower() in (".xls", ".xlsx") and path.is_file():
        return path if sniff_reader(path) == "provincial_workbook" else None
    return None


def _passing_repairs(t: Any, tried: list[str]) -> list[str] | None:
    """The smallest set of extra repairs (with TRIED) under which T validates, or None."""
    import itertools
    import warnings

    from chainmap.errors import InputDataError
    from chainmap.io.readers.provincial_iotable import provincial_to_iotable
    from chainmap.io.repairs import REPAIRS

    rest = [r for r in sorted(REPAIRS) if r not in tried]
    for k in range(1, len(rest) + 1):
        for combo in itertools.combinations(rest, k):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    provincial_to_iotable(t, repair=[*tried, *combo])
                except InputDataError:
                    continue
            return list(combo)
    return None


def _validate_provincial(source: str, path: Any, repair: list[str]) -> int:
    """validate for an official workbook: ok with the reader's quirks, or why it fails."""
    import warnings

    from chainmap.errors import DataWarning, InputDataError
    from chainmap.io.readers._common import sha256_of
    from chainmap.io.readers.provincial import read_provincial_table
    from chainmap.io.readers.provincial_iotable import provincial_to_iotable

    t = read_provincial_table(path)  # a broken workbook: one line via main, exit 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            table = provincial_to_iotable(t, repair=repair, sha256=sha256_of(path))
    except InputDataError as err:
        n = len(err.issues)
        print(
            f"{source}: reads as an official table ({t.province} {t.year}, {t.n} sectors, "
            f"sheet {t.sheet}) but fails validation with {n} problem(s); first:"
        )
        for issue in err.issues[:3]:
            print(f" * {issue}")
        fix = _passing_repairs(t, repair)
        if fix:
            print("passes with " + " ".join(f"--repair {r}" for r in [*repair, *fix]))
        else:
            print(
                "no --repair makes it pass: the problem is in the workbook's own figures "
                "(e.g. inputs above output); read it with `read_provincial_table` for its "
                "observed shares, or correct the cells named above"
            )
        print(f"chainmap: error: {source} is not valid", file=sys.stderr)
        return 2
    for warning in caught:
        print(f"chainmap: warning: {warning.message}", file=sys.stderr)
    print("ok")
    print(
        f"{source}: official table of {t.province} {t.year}, sheet {t.sheet}, {table.n} "
        f"sectors, unit {t.unit}, total output {table.x.sum():,.0f}"
    )
    notes = list(table.meta.notes)
    if notes:
        print("quirks of this workbook (read and handled):")
        for note in notes:
            print(f" - {note}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from chainmap.errors import InputDataError

    workbook = _provincial_source(args.table)
    if workbook is not None:
        return _validate_provincial(args.table, workbook, args.repair)
    try:
        table = read_reporting(args.table, args.repair)
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
    add_repair_option(p)
    p.set_defaults(handler=_cmd_validate)


def _cmd_tables(args: argparse.Namespace) -> int:
    from chainmap.io.examples import write_example_tables
    from chainmap.io.registry import data_dir, load_registry, provincial_entries, resolve_path

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
    prov = provincial_entries()
    if prov:
        print()
        print(f"official provincial and national workbooks ({len(prov) // 2}; id, then alias):")
        print(f"{'id':<26} {'alias':<26} {'status':<8} {'year':>4}  {'region':<10} path")
        for e, alias in zip(prov[::2], prov[1::2], strict=True):
            path = resolve_path(e)
            status = "present" if path is not None and path.exists() else "missing"
            print(
                f"{e.id:<26} {alias.id:<26} {status:<8} {e.year or '':>4}  {e.region:<10} {e.path}"
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

    table = read_reporting(args.input, args.repair)
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
    add_repair_option(p)
    p.set_defaults(handler=_cmd_convert)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    _add_analyze(sub)
    _add_validate(sub)
    _add_tables(sub)
    _add_convert(sub)
