"""The manifest of a result folder: every file with its sha256, checked before reading.

``manifest.json`` is written last; ``chainmap report`` refuses a folder whose listed
files are missing or changed (:func:`verify_manifest`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from chainmap.errors import ChainmapError

MANIFEST = "manifest.json"
#: Files of a result folder not listed in the manifest (they differ from run to run).
UNLISTED = frozenset({MANIFEST, "timings.json"})


def check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        msg = f"{target} exists and is not a folder; choose another output folder"
        raise ChainmapError(msg)
    if target.exists() and any(target.iterdir()) and not force:
        msg = f"{target} exists and is not empty; pass --force to replace it"
        raise ChainmapError(msg)


def _manifest_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name not in UNLISTED
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def write_manifest(folder: Path) -> None:
    """Write ``manifest.json``: every file's relative path and sha256, sorted (deterministic)."""
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _manifest_files(folder)
    }
    doc = {"format": "chainmap-result", "version": 1, "files": files}
    (folder / MANIFEST).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", "utf-8")


def verify_manifest(out_dir: str | Path) -> None:
    """Check a result folder against its manifest: every listed file present and unchanged.

    Files not listed (the report, ``timings.json``) are ignored.

    Raises
    ------
    ChainmapError
        No or unreadable manifest, a missing file, a changed file (each named).
    """
    folder = Path(out_dir)
    path = folder / MANIFEST
    if not path.is_file():
        msg = (
            f"{folder}: no {MANIFEST}: the folder is incomplete (an interrupted or older run) "
            "or not a chainmap result folder; re-run the scenario with `chainmap run`"
        )
        raise ChainmapError(msg)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
        files = doc["files"]
        assert isinstance(files, dict)
        listed = {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, AssertionError, AttributeError):
        msg = f"{path}: damaged manifest; re-run the scenario with `chainmap run`"
        raise ChainmapError(msg) from None
    missing, changed = [], []
    for name, digest in sorted(listed.items()):
        file = folder / name
        if ".." in Path(name).parts or not file.is_file():
            missing.append(name)
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            changed.append(name)
    problems = []
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if changed:
        problems.append(f"changed since the run: {', '.join(changed)}")
    if problems:
        msg = (
            f"{folder}: the result folder is incomplete or altered ({'; '.join(problems)}); "
            "re-run the scenario with `chainmap run`"
        )
        raise ChainmapError(msg)


def read_result(out_dir: str | Path) -> dict[str, Any]:
    """Load ``result.json`` of a result folder (clear error when it is not one or damaged)."""
    path = Path(out_dir) / "result.json"
    if not path.exists():
        msg = f"{out_dir} is not a chainmap result folder (no result.json); run `chainmap run`"
        raise ChainmapError(msg)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError) as err:
        msg = f"{path}: damaged result file ({str(err).splitlines()[0][:120]}); re-run the scenario"
        raise ChainmapError(msg) from None
    if not isinstance(data, dict) or not isinstance(data.get("selection", {}), dict):
        msg = f"{path}: not a chainmap result (expected a JSON object); re-run the scenario"
        raise ChainmapError(msg)
    return data
