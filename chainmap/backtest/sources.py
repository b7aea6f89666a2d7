"""The one adapter to the provincial input-output reader (issue 10).

Until ``chainmap.io.readers.provincial`` lands in the package, the reader is imported
from the colleague's standalone folder (``CHAINMAP_PROVINCIAL_READER``, default
``/work/scratch/prov``). Everything in :mod:`chainmap.backtest` reads provincial tables
and the common-scheme concordance only through this module, so switching is one edit.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from chainmap.errors import InputDataError
from chainmap.io.registry import PROJECT_ROOT

_SCRATCH = Path(os.environ.get("CHAINMAP_PROVINCIAL_READER", "/work/scratch/prov"))
_CONCORDANCE_NAME = "provincial_common.csv"


@lru_cache(maxsize=1)
def _reader() -> ModuleType:
    try:
        return importlib.import_module("chainmap.io.readers.provincial")
    except ImportError:
        if str(_SCRATCH) not in sys.path:
            sys.path.append(str(_SCRATCH))
        try:
            return importlib.import_module("provincial")
        except ImportError as err:  # pragma: no cover - environment problem
            msg = f"provincial reader not found in the package nor in {_SCRATCH}"
            raise InputDataError(msg) from err


def list_files(data_dir: str | Path) -> list[Any]:
    """``ProvincialFile`` entries (``province``, ``year``, ``path``) under ``data_dir``."""
    files: list[Any] = _reader().list_provincial_files(data_dir)
    return files


def read_table(path: str | Path) -> Any:
    """One ``ProvincialTable`` (codes, names, Z, final_use, value_added, x)."""
    return _reader().read_provincial_table(path)


def concordance_path() -> Path:
    """The common-scheme concordance: the package's copy, else the reader folder's."""
    shipped = PROJECT_ROOT / "io_tables" / "concordances" / _CONCORDANCE_NAME
    return shipped if shipped.exists() else _SCRATCH / "concordances" / _CONCORDANCE_NAME


@lru_cache(maxsize=1)
def common_concordance() -> pd.DataFrame:
    """``year, code, common, common_name``: every year's sector → its 1997–2017 group."""
    frame = pd.read_csv(concordance_path(), dtype=str)
    frame["year"] = frame["year"].astype(int)
    return frame[["year", "code", "common", "common_name"]]
