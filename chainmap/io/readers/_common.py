"""Helpers shared by the readers: exact number parsing with the place of every bad cell.

Numbers are parsed with Python's ``float`` (correctly rounded), never with a fast
approximate parser, so a value read from CSV equals the value written by ``repr``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.errors import Issue
from chainmap.io.table import INDUSTRY
from chainmap.io.text import read_csv_text
from chainmap.iomath import Array

#: NBS final-use column codes → chainmap's final-demand names (the national CSVs and
#: workbooks and the official provincial workbooks share these codes).
NBS_FINAL_USE_CODES: dict[str, str] = {
    "FU101": "household_consumption_rural",
    "FU102": "household_consumption_urban",
    "FU103": "government_consumption",
    "FU201": "gross_fixed_capital_formation",
    "FU202": "inventory_change",
    "EX": "exports",
    "IM": "imports",
    "ERR": "statistical_error",
}


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes; of a folder, over its files' names and bytes in name order."""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
            digest.update(item.name.encode("utf-8") + b"\0")
            digest.update(item.read_bytes())
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_csv_rows(path: Path) -> list[list[str]]:
    """Every row of a CSV file as strings, in any encoding :mod:`chainmap.io.text` reads."""
    return read_csv_text(path)


def is_empty(value: object) -> bool:
    """True for a blank cell (None, "", whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Cells:
    """Collects parse problems of one file/sheet while converting cells to numbers."""

    file: str
    sheet: str = ""
    issues: list[Issue] = field(default_factory=list)
    _seen: set[Issue] = field(default_factory=set, repr=False)

    def add(self, message: str, row: str = "", column: str = "") -> None:
        """Record a problem at ``row``/``column`` of this file and sheet (once)."""
        issue = Issue(message, self.file, self.sheet, row, column)
        if issue not in self._seen:
            self._seen.add(issue)
            self.issues.append(issue)

    def number(self, value: object, row: str, column: str, *, required: bool = True) -> float:
        """``value`` as a float; NaN (and an issue) for text, blanks (if required), NaN, inf."""
        if isinstance(value, bool):
            self.add(f"non-numeric value {value!r} in a number cell", row, column)
            return math.nan
        if isinstance(value, int | float):
            out = float(value)
        elif is_empty(value):
            if required:
                self.add("missing value (empty cell)", row, column)
            return math.nan
        else:
            try:
                out = float(str(value).strip().replace(",", ""))
            except ValueError:
                self.add(f"non-numeric value {value!r} in a number cell", row, column)
                return math.nan
        if not math.isfinite(out):
            self.add(f"missing value ({value!r})", row, column)
            return math.nan
        return out


def frame(
    values: Array | Sequence[Sequence[float]],
    index: Sequence[str],
    columns: Sequence[str],
    *,
    index_name: str = INDUSTRY,
    columns_name: str | None = None,
) -> pd.DataFrame:
    """Float DataFrame with string labels."""
    out = pd.DataFrame(
        np.asarray(values, dtype=float).reshape(len(index), len(columns)),
        index=pd.Index(list(index), name=index_name, dtype=object),
        columns=pd.Index(list(columns), name=columns_name, dtype=object),
    )
    return out


def sectors_frame(
    codes: Sequence[str], names_zh: Sequence[str], names_en: Sequence[str]
) -> pd.DataFrame:
    """The ``sectors`` block: name = Chinese name if present, else English."""
    zh = [str(n or "").strip() for n in names_zh]
    en = [str(n or "").strip() for n in names_en]
    return pd.DataFrame(
        {
            "name": [z or e for z, e in zip(zh, en, strict=True)],
            "name_zh": zh,
            "name_en": en,
            "category": [""] * len(codes),
        },
        index=pd.Index(list(codes), name=INDUSTRY, dtype=object),
        dtype=object,
    )


def check_total(
    cells: Cells,
    published: float,
    parts: Sequence[float],
    *,
    formula: str,
    row: str,
    column: str,
    rel_tol: float,
    abs_tol: float = 0.0,
) -> None:
    """Record an issue when a published total differs from the sum of its parts.

    The tolerance is ``rel_tol · Σ|parts| + abs_tol`` (``abs_tol`` covers rounding of
    published values, half a unit of the last digit per term).
    """
    if not all(math.isfinite(p) for p in (published, *parts)):
        return  # the bad cell is already reported
    computed = math.fsum(parts)
    gap = published - computed
    if abs(gap) > rel_tol * math.fsum(abs(p) for p in parts) + abs_tol:
        scale = max(abs(published), abs(computed))
        rel = abs(gap) / scale if scale else math.inf
        cells.add(
            f"published total {published:.10g} differs from {formula} = {computed:.10g} "
            f"by {gap:+.6g} ({rel:.2e} relative)",
            row,
            column,
        )


def header_cells(rows: Sequence[Sequence[str]]) -> list[str]:
    """The first row of a CSV with its cells stripped (empty for an empty file)."""
    return [h.strip() for h in rows[0]] if rows else []


def coded_lines(rows: Sequence[Sequence[str]], width: int) -> Iterator[tuple[str, list[str], str]]:
    """(code, cells, place) of each non-blank body row of a CSV keyed by its first column.

    ``cells`` is padded with "" to ``width`` columns; ``place`` (``"C10 (line 12)"``) is
    how messages name the row.
    """
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        code = row[0].strip()
        yield code, [*row, *[""] * (width - len(row))], f"{code} (line {n})"


@dataclass
class CodedRows:
    """Rows of a CSV by their code, with the column positions, read as numbers on demand."""

    cells: Cells
    col_at: dict[str, int]
    rows: dict[str, tuple[list[str], str]] = field(default_factory=dict)

    def place(self, code: str) -> str:
        """How messages name the row ``code`` (the code itself when it is absent)."""
        return self.rows[code][1] if code in self.rows else code

    def report_missing(self, expected: Sequence[str]) -> list[str]:
        """Record a ``missing row`` issue for each expected code absent; return them."""
        missing = [c for c in expected if c not in self.rows]
        for code in missing:
            self.cells.add(f"missing row {code!r}", code)
        return missing

    def block(self, codes: Sequence[str], columns: Sequence[str]) -> Array:
        """Numbers of rows ``codes`` × ``columns`` (NaN and an issue for a bad cell)."""
        return np.array(
            [
                [
                    self.cells.number(self.rows[r][0][self.col_at[c]], self.rows[r][1], c)
                    for c in columns
                ]
                for r in codes
            ]
        ).reshape(len(codes), len(columns))
