"""The one adapter to the provincial input-output reader.

The backtest reads provincial tables with the package's reader
(:mod:`chainmap.io.readers.provincial`) and aggregates them with the shipped
common-scheme concordance ``io_tables/concordances/provincial_common.csv``.
Everything in :mod:`chainmap.backtest` goes through this module.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from chainmap.io.readers.provincial import (
    ProvincialFile,
    ProvincialTable,
    list_provincial_files,
    read_provincial_table,
)
from chainmap.io.registry import PROJECT_ROOT

_CONCORDANCE_NAME = "provincial_common.csv"


def list_files(data_dir: str | Path) -> list[ProvincialFile]:
    """``ProvincialFile`` entries (``province``, ``year``, ``path``) under ``data_dir``."""
    return list_provincial_files(data_dir)


def read_table(path: str | Path) -> ProvincialTable:
    """One ``ProvincialTable`` (codes, names, Z, final_use, value_added, x)."""
    return read_provincial_table(path)


def concordance_path() -> Path:
    """The shipped common-scheme concordance (``io_tables/concordances/``)."""
    return PROJECT_ROOT / "io_tables" / "concordances" / _CONCORDANCE_NAME


@lru_cache(maxsize=1)
def common_concordance() -> pd.DataFrame:
    """``year, code, common, common_name``: every year's sector → its 1997–2017 group."""
    frame = pd.read_csv(concordance_path(), dtype=str)
    frame["year"] = frame["year"].astype(int)
    return frame[["year", "code", "common", "common_name"]]
