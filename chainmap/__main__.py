"""``python -m chainmap``: the command line."""

from chainmap.cli.main import main

raise SystemExit(main())
