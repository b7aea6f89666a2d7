"""Command-line interface: ``chainmap <command> ...``.

The only module that prints. Any :class:`chainmap.errors.ChainmapError` (and any
unreadable file) becomes one line on stderr and exit code 2; ``--debug`` shows the
traceback instead. Commands live in one module per stage (tables, graph, city,
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
from chainmap.cli.common import Handler, add_common_options
from chainmap.errors import ChainmapError


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
    for action in sub.choices.values():
        add_common_options(action)
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
