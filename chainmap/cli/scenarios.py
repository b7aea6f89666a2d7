"""Commands on scenarios: ``run``, ``list``, ``compare``, ``report`` and ``demo``."""

from __future__ import annotations

import argparse

from chainmap.cli.common import run_scenario_file, summary_lines, write_frame
from chainmap.errors import ChainmapError


def _cmd_run(args: argparse.Namespace) -> int:
    from chainmap.scenario.results import write_results

    result = run_scenario_file(args.scenario, args.set or [])
    out = write_results(result, args.output, force=args.force)
    for line in summary_lines(result):
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
    p.add_argument(
        "--formats",
        default="auto",
        help="report formats (html,xlsx,md,pdf; auto: pdf too when Chromium is found)",
    )
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
        result = run_scenario_file(args.scenarios[0], args.set or [], quiet=True)
        frame = compare_industries(result, [s.strip() for s in args.industries.split(",")])
    else:
        if len(args.scenarios) != 2:
            msg = "compare needs --industries A,B,C with one scenario, or two scenarios"
            raise ChainmapError(msg)
        results = [run_scenario_file(s, args.set or [], quiet=True) for s in args.scenarios]
        frame = compare_selections(results[0], results[1])
    write_frame(frame.reset_index(), "csv" if args.output else "table", args.output)
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
    p.add_argument(
        "--format",
        default="auto",
        help="comma-separated: html,xlsx,md,pdf; auto adds pdf when Chromium is found",
    )
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


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    _add_run(sub)
    _add_list(sub)
    _add_compare(sub)
    _add_report(sub)
    _add_demo(sub)
