"""The explicit repairs a reader may apply on request (never silently).

Kept apart from :mod:`chainmap.io.validate` so that the command line can list them
without importing pandas.
"""

from __future__ import annotations

#: Repair name → what it does.
REPAIRS: dict[str, str] = {
    "drop_zero_output": "remove sectors with zero or negative output from every block",
    "clip_negative": "set negative intermediate flows to zero",
}
