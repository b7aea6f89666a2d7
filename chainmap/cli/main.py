"""Command-line interface: ``chainmap <command> ...``.

The only module that prints. Any :class:`chainmap.errors.ChainmapError` (and any
unreadable file) becomes one line on stderr and exit code 2; ``--debug`` shows the
traceback instead. Every command that writes takes ``--force``: an existing output file or
non-empty output folder is replaced only with it (checked before any work, and again
atomically when the output is put in place).

Exit codes: 0 done; 2 a user error (one line on stderr); 130 interrupted by Ctrl-C (one
line, nothing half-written: every output is staged and renamed); 141 (128 + SIGPIPE, as
``cat`` or ``yes`` give) when the reader of stdout went away, e.g. ``chainmap analyze … |
head -1``: no message. Commands live in one module per stage (tables, graph, city,
scenarios), each with a ``register`` function; handlers take the parsed namespace
and return an exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from chainmap.__about__ import __version__
from chainmap.cli import backtest, city, graph, scenarios, tables, web
from chainmap.cli.common import WRITERS, Handler, add_common_options, add_force_option
from chainmap.errors import ChainmapError, one_line_message


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="chainmap",
        description="Leading industries and industrial-chain gaps from input-output tables.",
    )
    parser.add_argument("--version", action="version", version=f"chainmap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (tables, graph, city, scenarios, web, backtest):
        module.register(sub)
    for name, action in sub.choices.items():
        add_common_options(action)
        if name in WRITERS:
            add_force_option(action)
    return parser


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse existing outputs without ``--force`` before doing any work."""
    from chainmap.io.atomic import check_writable

    if args.command not in WRITERS:
        return
    force = bool(getattr(args, "force", False))
    outputs = [getattr(args, "output", None), getattr(args, "sensitivity", None)]
    if args.command == "report":
        outputs = []  # report.* files in the folder: write_report checks them
    prefix = getattr(args, "report", None)
    if args.command == "compare" and isinstance(prefix, str):
        outputs += [f"{prefix}.html", f"{prefix}.xlsx"]
    for out in outputs:
        if out:
            check_writable(out, overwrite=force)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
        check_outputs(args)
        code = handler(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("chainmap: interrupted; no output was left half-written", file=sys.stderr)
        return 130
    except (ChainmapError, OSError) as err:
        if args.debug:
            raise
        print(f"chainmap: error: {one_line_message(err)}", file=sys.stderr)
        return 2
