"""Reading city sector data: the city CSV, its unit line, its year columns.

The city CSV has one row per sector: a key column (the parent's code, or a code or name
of another classification such as the GB/T 4754 divisions) and a value column (output,
employment or value added). An empty value means *not reported*. A first line
``# unit: 亿元`` (``# 单位：亿元``) states the unit of the figures.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.city.units import norm_unit
from chainmap.errors import InputDataError, Issue, ScenarioError, raise_if_issues
from chainmap.io.table import IOTable
from chainmap.io.text import read_text

Measure = Literal["output", "employment", "value_added"]
Unreported = Literal["missing", "zero"]

MEASURES: tuple[str, ...] = ("output", "employment", "value_added")


@dataclass(frozen=True)
class CityData:
    """Sector data of a city, as read.

    Parameters
    ----------
    values : Series
        Non-negative figures indexed by sector key (str); NaN = not reported.
    measure : {"output", "employment", "value_added"}
    unit : str
        Unit of ``values`` ("" = the parent's unit).
    region, year, source : provenance.
    notes : history (mapping, unit conversion...).
    """

    values: pd.Series
    measure: Measure = "output"
    unit: str = ""
    region: str = ""
    year: int | None = None
    source: str = ""
    notes: tuple[str, ...] = ()


_UNIT_LINE = re.compile(r"^\s*#\s*(?:unit|单位)\s*[:：=]\s*(.*?)[\s,]*$", re.IGNORECASE)


def split_header(text: str) -> tuple[str, str]:
    r"""``(unit stated in the leading # lines, the CSV text without them)``.

    Examples
    --------
    >>> split_header("# unit: 亿元\ncode,value\n087,5\n")
    ('亿元', 'code,value\n087,5\n')
    >>> split_header("# 单位：万元\ncode,value\n")[0]
    '万元'
    """
    unit = ""
    lines = text.splitlines(keepends=True)
    k = 0
    while k < len(lines) and lines[k].lstrip().startswith("#"):
        hit = _UNIT_LINE.match(lines[k].strip().rstrip(","))
        if hit:
            unit = hit.group(1).strip()
        k += 1
    return unit, "".join(lines[k:])


def read_city_csv(path: Path) -> tuple[str, pd.DataFrame]:
    """``(unit from the header line, the CSV as strings)``, in any encoding chainmap reads.

    Raises
    ------
    InputDataError
        Undecodable or unparseable file (names it).
    """
    unit, body = split_header(read_text(path))
    try:
        frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        msg = f"not a readable CSV file: {str(err).strip()}"
        raise InputDataError(msg, str(path)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return unit, frame


def match_key(key: str, parent: IOTable) -> str | None:
    """Parent code for a city key: the code, the code without Excel's stripped leading zeros
    (``87`` → ``087``), or the exact Chinese or English sector name.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> match_key("1", miller_blair_2x2())
    '1'
    """
    codes = [str(c) for c in parent.codes]
    if key in codes:
        return key
    if key.isdigit():
        for code in codes:
            if code.isdigit() and code.lstrip("0") == key.lstrip("0") and len(code) > len(key):
                return code
    sectors = parent.sectors
    for column in ("name_zh", "name_en", "name"):
        if column in sectors.columns:
            hits = [str(c) for c, n in sectors[column].items() if str(n).strip() == key]
            if len(hits) == 1:
                return hits[0]
    return None


def _parse_number(text: str) -> float | None:
    t = text.strip().replace(",", "")
    if t == "":
        return None
    return float(t)


def read_city_data(
    path: str | Path,
    *,
    value_column: str | None = None,
    key_column: str | None = None,
    measure: Measure = "output",
    unit: str = "",
    region: str = "",
    year: int | None = None,
    require_unit: bool = False,
) -> CityData:
    """Read a city sector-data CSV.

    The unit of the figures is ``unit`` or a first line ``# unit: 亿元`` (``# 单位：亿元``) of the
    file; both given and different is an error.

    Parameters
    ----------
    path : CSV file (UTF-8).
    value_column : column with the figures (default ``value``).
    key_column : column identifying the sector (default ``code``): a parent code, or a
        source code or name of the concordance.
    measure : what the figures are.
    unit : their unit (e.g. "亿元"); "" means the file's header line, else the parent's unit.
    region, year : provenance.
    require_unit : when True, a unit stated neither by ``unit`` nor by the file is an error.

    Raises
    ------
    InputDataError
        Missing columns, duplicate keys, non-numeric or negative values (every problem,
        with its row).
    """
    path = Path(path)
    if measure not in MEASURES:
        msg = f"unknown city measure {measure!r}; choose one of {', '.join(MEASURES)}"
        raise ScenarioError(msg)
    file_unit, df = read_city_csv(path)
    if unit and file_unit and norm_unit(unit) != norm_unit(file_unit):
        msg = f"the file states unit {file_unit!r} but {unit!r} was given; remove one"
        raise InputDataError(msg, str(path))
    unit = unit or file_unit
    if require_unit and not unit:
        msg = (
            "the unit of the city figures is not stated; add a first line '# unit: 亿元' to "
            "the file, or set city.unit in the scenario (CLI: --unit), e.g. 亿元 or 万元"
        )
        raise InputDataError(msg, str(path))
    value_column = value_column or "value"
    key_column = key_column or "code"
    issues = [
        Issue(f"no column {col!r}; columns are {', '.join(map(str, df.columns))}", str(path))
        for col in (key_column, value_column)
        if col not in df.columns
    ]
    raise_if_issues(issues, str(path))
    keys: list[str] = []
    values: list[float] = []
    for row_no, (key, raw) in enumerate(
        zip(df[key_column], df[value_column], strict=True), start=2
    ):
        k = str(key).strip()
        try:
            v = _parse_number(str(raw))
        except ValueError:
            issues.append(
                Issue(f"value {raw!r} is not a number", str(path), "", str(row_no), value_column)
            )
            continue
        if not k:
            issues.append(Issue("empty sector key", str(path), "", str(row_no), key_column))
            continue
        if v is not None and (v < 0 or not np.isfinite(v)):
            msg = f"value {v} must be finite and >= 0"
            issues.append(Issue(msg, str(path), "", str(row_no), value_column))
            continue
        if k in keys:
            issues.append(Issue(f"duplicate sector {k!r}", str(path), "", str(row_no), key_column))
            continue
        keys.append(k)
        values.append(np.nan if v is None else v)
    raise_if_issues(issues, str(path))
    return CityData(
        values=pd.Series(values, index=pd.Index(keys, dtype=object), dtype=float),
        measure=measure,
        unit=unit,
        region=region,
        year=year,
        source=f"{path} [{value_column}]",
    )


def parent_measure(parent: IOTable, measure: Measure) -> pd.Series:
    """The parent's figure for ``measure`` by sector (output, value added or employment)."""
    if measure == "output":
        return parent.output
    if measure == "value_added":
        return parent.total_value_added
    if parent.satellites is None or "employment" not in parent.satellites.index:
        msg = (
            f"city data are employment, but the parent table "
            f"{parent.meta.table_id or parent.meta.path} has no employment satellite"
        )
        raise InputDataError(msg)
    row = parent.satellites.to_numpy(dtype=float)[list(parent.satellites.index).index("employment")]
    return pd.Series(row, index=parent.satellites.columns, name="employment")


def column_year(column: object) -> int | None:
    text = str(column).strip()
    if len(text) == 5 and text[:1] in "yY" and text[1:].isdigit():
        return int(text[1:])
    return None


def year_columns(path: str | Path, *, up_to: int | None = None) -> list[str]:
    """Year columns (``yYYYY``) of a city CSV, oldest first, only those dated ≤ ``up_to``.

    This is the no-look-ahead filter: a scenario dated T never reads a later column.

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "c.csv")
    >>> _ = pathlib.Path(p).write_text("code,y2021,y2019,y2023,value\\n01,1,2,3,4\\n")
    >>> year_columns(p), year_columns(p, up_to=2021)
    (['y2019', 'y2021', 'y2023'], ['y2019', 'y2021'])
    """
    header = read_city_csv(Path(path))[1].columns
    years = {c: y for c in header if (y := column_year(c)) is not None}
    keep = [c for c, y in years.items() if up_to is None or y <= up_to]
    return sorted(keep, key=lambda c: years[c])


def columns_sha256(path: str | Path, columns: list[str]) -> str:
    """sha256 of the named columns of a CSV (the data a run read, in provenance).

    A T-dated run records this instead of the file hash, so editing a column dated
    after T changes neither the result nor its provenance.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    keep = [c for c in columns if c in df.columns]
    text = df[keep].to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
