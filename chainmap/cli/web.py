"""``chainmap serve``: the planner's workbench in the browser (see :mod:`chainmap.web`)."""

from __future__ import annotations

import argparse
import sys


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from chainmap.web.app import create_app
    except ImportError as err:  # the optional dependencies are missing
        print(
            f"chainmap: error: chainmap serve needs the web extra ({err.name} missing): "
            "pip install 'chainmap[web]'",
            file=sys.stderr,
        )
        return 2
    from chainmap.errors import ChainmapError
    from chainmap.web.state import find_scenarios

    scenarios = find_scenarios(args.scenarios)
    if not scenarios:
        msg = "no scenario found: name scenario files, e.g. chainmap serve scenarios/*.yaml"
        raise ChainmapError(msg)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"chainmap: warning: serving on {args.host}: reachable from other machines",
            file=sys.stderr,
        )
    app = create_app(scenarios, workdir=args.workdir, workers=args.workers)
    print(f"chainmap serve: http://{args.host}:{args.port}/ ({len(scenarios)} scenarios)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="the planner's workbench in the browser (weights, constraints, compare, downloads)",
        description="Serve SCENARIO files (default: the shipped ones) on a local web page.",
    )
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="scenario files or folders")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    p.add_argument("--workdir", default=None, help="session workspaces (default: a temp folder)")
    p.add_argument("--workers", type=int, default=2, help="solve worker threads")
    p.set_defaults(handler=_cmd_serve)
