"""Helpers shared by the commands: common options, output of frames, progress."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from chainmap.errors import ChainmapError
from chainmap.io.repairs import REPAIRS

Handler = Callable[[argparse.Namespace], int]


#: Commands that write files: each takes ``--force`` (the one overwrite rule).
WRITERS = frozenset(
    {
        "analyze",
        "backtest",
        "graph",
        "chain",
        "gaps",
        "compare",
        "convert",
        "regionalize",
        "run",
        "report",
    }
)
#: Output format by file extension (``--format`` absent: taken from ``-o``).
EXTENSIONS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".txt": "table"}


def add_force_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace existing output (an existing file or non-empty folder is an error "
        "without it)",
    )


def output_format(fmt: str | None, out: str | None, *, default: str = "table") -> str:
    """The output format: ``--format``, else the extension of ``-o``, else ``default``.

    Raises
    ------
    ChainmapError
        ``--format`` contradicts the extension (``--format csv -o b.xlsx``).

    Examples
    --------
    >>> output_format(None, "a.csv"), output_format("json", None), output_format(None, None)
    ('csv', 'json', 'table')
    """
    from pathlib import Path

    implied = EXTENSIONS.get(Path(out).suffix.lower()) if out else None
    if fmt is None:
        return implied or default
    if implied is not None and implied != fmt:
        msg = (
            f"--format {fmt} does not match the extension of {out} ({implied}); "
            f"drop --format or name the file *.{'txt' if fmt == 'table' else fmt}"
        )
        raise ChainmapError(msg)
    return fmt


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=None,
        help="folder of official tables (default: $CHAINMAP_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def write_frame(
    frame: Any, fmt: str, out: str | None, payload: Any = None, *, force: bool = False
) -> None:
    """Print or atomically write a DataFrame as table/csv/json/xlsx (replace only if force)."""
    import json

    from chainmap.io.atomic import write_text_atomic, write_with

    if fmt == "xlsx":
        if not out:
            msg = "--format xlsx needs -o FILE.xlsx"
            raise ChainmapError(msg)
        write_with(
            out, lambda tmp: frame.to_excel(tmp, index=False, engine="openpyxl"), overwrite=force
        )
        return
    if fmt == "json":
        if payload is None:
            payload = json.loads(frame.to_json(orient="records", force_ascii=False))
        text = json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False)
    elif fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        text = frame.to_string(index=False, float_format=lambda v: f"{v:.4f}")
    if out:
        write_text_atomic(out, text if text.endswith("\n") else text + "\n", overwrite=force)
    else:
        print(text)


def read_reporting(source: str, repair: Sequence[str]) -> Any:
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


def add_repair_option(parser: argparse.ArgumentParser) -> None:

    parser.add_argument(
        "--repair",
        action="append",
        default=[],
        choices=sorted(REPAIRS),
        help="apply a named repair (repeatable); each prints what it changed: "
        + "; ".join(f"{k}: {v}" for k, v in REPAIRS.items()),
    )


def progress_bar(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    end = "\n" if done >= total else ""
    print(
        f"\r  weight draws [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def run_scenario_file(path: str, overrides: Sequence[str], *, quiet: bool = False) -> Any:
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    scenario = load_scenario(path, overrides)
    show = not quiet and sys.stderr.isatty()
    return run_scenario(scenario, progress=progress_bar if show else None)


def summary_lines(result: Any, lang: str = "zh") -> list[str]:
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
    elif str(sel.status) == "time_limit":
        lines.append(
            "stopped by selection.time_limit before any portfolio was found (not proven "
            "infeasible); raise selection.time_limit"
        )
    elif result.infeasibility is not None:
        lines.append(f"infeasible: {result.infeasibility.message}")
    return lines
