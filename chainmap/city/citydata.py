"""City sector data: read it, map it to the parent's sectors, fill what it does not cover.

The city CSV has one row per sector: a key column (the parent's code, or a code or name
of another classification such as the GB/T 4754 divisions) and a value column (output,
employment or value added). An empty value means *not reported*.

Concordance CSV (``source_code, source_name, target_code[, target_name]``): each source
row maps one source sector to one parent sector; a source with several rows spans several
parent sectors. **Split rule:** a source value is divided among its parent sectors in
proportion to the parent's own figure for the same measure (output for output data,
value added for value-added data, the ``employment`` satellite for employment data).
A parent sector fed by several sources receives their sum.

Partial data is normal. :func:`complete_city_output` makes the rule for the uncovered
sectors explicit (``fill``) and records which sectors were filled:

* ``"parent_share"`` (default): each uncovered sector at the city's share of the parent in
  the covered sectors, ``x_k^R = x_k^N · Σ_cov x^R / Σ_cov x^N`` (its SLQ is then 1 when
  the city data covers everything else);
* ``"parent_structure"``: the parent's output structure of the uncovered sectors scaled to a
  stated city total ``fill_total`` (parent units);
* ``"zero"``: the city makes none of them (they leave the city table, their products are
  imported);
* ``"exclude"``: as ``"zero"``, and the location quotients are computed within the covered
  sectors only (both totals over the covered sectors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue, ScenarioError, raise_if_issues
from chainmap.io.table import IOTable

Measure = Literal["output", "employment", "value_added"]
FillRule = Literal["parent_share", "parent_structure", "zero", "exclude"]
Unreported = Literal["missing", "zero"]

MEASURES: tuple[str, ...] = ("output", "employment", "value_added")
FILL_RULES: tuple[str, ...] = ("parent_share", "parent_structure", "zero", "exclude")

#: Units chainmap converts between (value of one unit in the base unit of its kind).
_MONEY = {
    "元": 1.0,
    "yuan": 1.0,
    "cny": 1.0,
    "千元": 1e3,
    "万元": 1e4,
    "10000yuan": 1e4,
    "10,000yuan": 1e4,
    "cny10,000": 1e4,
    "cny10000": 1e4,
    "百万元": 1e6,
    "millionyuan": 1e6,
    "cnymillion": 1e6,
    "亿元": 1e8,
    "100millionyuan": 1e8,
    "cny100million": 1e8,
}
_PEOPLE = {
    "人": 1.0,
    "persons": 1.0,
    "person": 1.0,
    "万人": 1e4,
    "10000persons": 1e4,
    "10,000persons": 1e4,
}


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


@dataclass(frozen=True)
class CityOutput:
    """City gross output at every parent code, after the fill rule.

    ``covered`` are the codes the data reported, ``filled`` those set by the fill rule,
    ``absent`` those with zero output (not in the city table) and ``lq_codes`` the codes
    whose totals enter the location quotients.
    """

    output: pd.Series
    covered: tuple[str, ...]
    filled: tuple[str, ...]
    absent: tuple[str, ...]
    lq_codes: tuple[str, ...]
    fill: str
    region: str = ""
    year: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _norm_unit(unit: str) -> str:
    return re.sub(r"\s+", "", unit).lower()


def unit_factor(from_unit: str, to_unit: str) -> float:
    """Factor that converts a figure in ``from_unit`` into ``to_unit``.

    Equal strings (or an empty ``from_unit``) give 1; otherwise both units must be known
    money units (元, 万元, 亿元, ...) or both known head counts (人, 万人).

    Examples
    --------
    >>> unit_factor("亿元", "万元")
    10000.0
    >>> unit_factor("", "万元")
    1.0
    """
    a, b = _norm_unit(from_unit), _norm_unit(to_unit)
    if not a or a == b:
        return 1.0
    for table in (_MONEY, _PEOPLE):
        if a in table and b in table:
            return table[a] / table[b]
    msg = (
        f"cannot convert city data in unit {from_unit!r} into the parent's unit {to_unit!r}; "
        "state the city data in the parent's unit"
    )
    raise InputDataError(msg)


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
) -> CityData:
    """Read a city sector-data CSV.

    Parameters
    ----------
    path : CSV file (UTF-8).
    value_column : column with the figures (default ``value``).
    key_column : column identifying the sector (default ``code``): a parent code, or a
        source code or name of the concordance.
    measure : what the figures are.
    unit : their unit (e.g. "亿元"); "" means the parent's unit.
    region, year : provenance.

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
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        msg = f"cannot read city data: {err}"
        raise InputDataError(msg, str(path)) from err
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


# ----- concordance ----------------------------------------------------------------------------
def read_concordance(path: str | Path) -> pd.DataFrame:
    """Read a concordance CSV: columns ``source_code, source_name, target_code`` (+ names).

    Raises
    ------
    InputDataError
        Missing columns, empty cells or duplicate (source, target) pairs.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        msg = f"cannot read concordance: {err}"
        raise InputDataError(msg, str(path)) from err
    need = ["source_code", "source_name", "target_code"]
    issues = [Issue(f"no column {c!r}", str(path)) for c in need if c not in df.columns]
    raise_if_issues(issues, str(path))
    df = df.apply(lambda col: col.str.strip())
    for row_no, rec in enumerate(df[need].itertuples(index=False), start=2):
        for col, val in zip(need, rec, strict=True):
            if not val:
                issues.append(Issue("empty cell", str(path), "", str(row_no), col))
    dup = df.duplicated(["source_code", "target_code"], keep="first")
    issues += [
        Issue(f"duplicate pair {s} -> {t}", str(path), "", str(i + 2))
        for i, s, t in zip(
            df.index[dup], df["source_code"][dup], df["target_code"][dup], strict=True
        )
    ]
    raise_if_issues(issues, str(path))
    df.attrs["path"] = str(path)
    return df


def check_concordance(concordance: pd.DataFrame, parent: IOTable) -> list[Issue]:
    """Issues: target codes the parent lacks, sources with two names."""
    src = concordance.attrs.get("path", "")
    issues = [
        Issue(f"target code {t!r} (from {s}) is not a sector of the parent table", src)
        for s, t in zip(concordance["source_code"], concordance["target_code"], strict=True)
        if t not in parent.codes
    ]
    names = concordance.groupby("source_code", sort=True)["source_name"].nunique()
    issues += [Issue(f"source {s!r} has several names", src) for s in names.index[names > 1]]
    return issues


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


def map_to_parent(
    city: CityData,
    concordance: pd.DataFrame,
    parent: IOTable,
    *,
    unreported: Unreported = "missing",
) -> CityData:
    """Convert city data to the parent's codes with a concordance (split rule: module doc).

    Parameters
    ----------
    city : CityData at source codes or names.
    concordance : from :func:`read_concordance`.
    parent : the parent table (codes, and the shares used to split).
    unreported : {"missing", "zero"}
        How to read a concordance source that the city file leaves empty or does not list:
        not reported (its parent sectors stay uncovered and are filled later), or reported
        zero (e.g. above-scale statistics list every division with output).

    Returns
    -------
    CityData
        Values at the covered parent codes (zeros included).

    Raises
    ------
    InputDataError
        City keys not in the concordance, target codes not in the parent, a parent sector
        fed by both reported and unreported sources, or a split over parent sectors whose
        figures are all zero.
    """
    if unreported not in ("missing", "zero"):
        msg = f"unknown 'unreported' rule {unreported!r}; choose 'missing' or 'zero'"
        raise ScenarioError(msg)
    src = concordance.attrs.get("path", "concordance")
    issues = check_concordance(concordance, parent)
    by_code = dict(zip(concordance["source_code"], concordance["source_code"], strict=True))
    by_name = dict(zip(concordance["source_name"], concordance["source_code"], strict=True))
    source_values: dict[str, float] = {}
    for key, val in city.values.items():
        code = by_code.get(str(key), by_name.get(str(key)))
        if code is None:
            issues.append(
                Issue(f"city sector {key!r} is not in the concordance {src}", city.source)
            )
            continue
        source_values[code] = float(val)
    raise_if_issues(issues, city.source or src)

    weights = parent_measure(parent, city.measure)
    reported: dict[str, float] = {}
    for code in concordance["source_code"].drop_duplicates():
        v = source_values.get(code, np.nan)
        if np.isnan(v) and unreported == "zero":
            v = 0.0
        if not np.isnan(v):
            reported[code] = v
    target_value: dict[str, float] = {}
    target_state: dict[str, set[bool]] = {}
    for code_key, rows in concordance.groupby("source_code", sort=False):
        code = str(code_key)
        targets = [str(t) for t in rows["target_code"]]
        ok = code in reported
        for t in targets:
            target_state.setdefault(t, set()).add(ok)
        if not ok:
            continue
        w = weights.reindex(targets).to_numpy(dtype=float)
        if w.sum() <= 0:
            issues.append(
                Issue(f"cannot split {code}: parent {city.measure} of {targets} is zero", src)
            )
            continue
        for t, share in zip(targets, w / w.sum(), strict=True):
            target_value[t] = target_value.get(t, 0.0) + reported[code] * share
    mixed = sorted(t for t, s in target_state.items() if len(s) > 1)
    issues += [
        Issue(f"parent sector {t} is fed by reported and unreported source sectors", src)
        for t in mixed
    ]
    raise_if_issues(issues, city.source or src)
    covered = [c for c in parent.codes if c in target_value]
    n_src = len(reported)
    note = (
        f"city data mapped to {len(covered)} parent sectors from {n_src} reported source "
        f"sectors via {src}; sources spanning several sectors split by parent {city.measure}; "
        f"unreported sources read as {'zero' if unreported == 'zero' else 'not reported'}"
    )
    return CityData(
        values=pd.Series([target_value[c] for c in covered], index=pd.Index(covered), dtype=float),
        measure=city.measure,
        unit=city.unit,
        region=city.region,
        year=city.year,
        source=city.source,
        notes=(*city.notes, note),
    )


# ----- completing the output vector --------------------------------------------------------
def complete_city_output(
    local: CityData,
    parent: IOTable,
    *,
    fill: FillRule = "parent_share",
    fill_total: float | None = None,
) -> CityOutput:
    """City gross output at every parent code: convert the measure, then apply ``fill``.

    Output data are used as they are (after unit conversion); value added is turned
    into output with the parent's value-added ratio, employment with the parent's output
    per employee (same technology and productivity as the parent).

    Raises
    ------
    InputDataError
        Codes that are not the parent's, no covered sector, a city figure above the
        parent's (usually a unit error), a parent figure of zero needed for conversion.
    ScenarioError
        Unknown fill rule, or ``parent_structure`` without a positive ``fill_total``.

    Examples
    --------
    >>> import pandas as pd
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> out = complete_city_output(CityData(pd.Series([50.0], index=["1"])),
    ...                            miller_blair_2x2())
    >>> out.output.tolist(), out.filled
    ([50.0, 100.0], ('2',))
    """
    if fill not in FILL_RULES:
        msg = f"unknown fill rule {fill!r}; choose one of {', '.join(FILL_RULES)}"
        raise ScenarioError(msg)
    src = local.source or "city data"
    vals = local.values.dropna()
    vals.index = vals.index.astype(str)
    unknown = [c for c in vals.index if c not in parent.codes]
    if unknown:
        msg = (
            f"city sectors {', '.join(unknown[:10])} are not codes of the parent table; "
            "map the data with a concordance"
        )
        raise InputDataError(msg, src)
    if vals.empty:
        msg = "the city data cover no sector of the parent table"
        raise InputDataError(msg, src)
    xn = parent.output
    notes: list[str] = list(local.notes)
    target_unit = (
        parent.satellite_units.get("employment", "")
        if local.measure == "employment"
        else parent.meta.unit
    )
    factor = unit_factor(local.unit, target_unit)
    if factor != 1.0:
        notes.append(f"city figures converted from {local.unit} to {target_unit} (x {factor:g})")
    vals = vals * factor
    if local.measure != "output":
        base = parent_measure(parent, local.measure).reindex(vals.index)
        zero = list(vals.index[((base <= 0) & (vals > 0)).to_numpy()])
        if zero:
            msg = f"parent {local.measure} is zero for {', '.join(zero)}; cannot convert"
            raise InputDataError(msg, src)
        ratio = xn.reindex(vals.index) / base.where(base > 0, 1.0)
        vals = vals * ratio
        notes.append(f"city {local.measure} converted to output with the parent's ratios")
    xn_v = xn.reindex(vals.index)
    too_big = list(vals.index[(vals > xn_v * (1 + 1e-9)).to_numpy()])
    if too_big:
        c = too_big[0]
        msg = (
            f"city output of {c} ({vals[c]:.6g}) exceeds the parent's ({xn[c]:.6g}) in "
            f"{len(too_big)} sectors; check the unit of the city data"
        )
        raise InputDataError(msg, src)

    is_cov = parent.codes.isin(vals.index)
    covered = [str(c) for c in parent.codes[is_cov]]
    uncovered = [str(c) for c in parent.codes[~is_cov]]
    xn_arr = parent.x
    out_arr = np.zeros(parent.n)
    out_arr[is_cov] = vals.reindex(parent.codes[is_cov]).to_numpy(dtype=float)
    if fill == "parent_share":
        share = out_arr[is_cov].sum() / xn_arr[is_cov].sum()
        if share <= 0:
            msg = "covered city output is zero; the parent_share fill needs a positive share"
            raise InputDataError(msg, src)
        out_arr[~is_cov] = xn_arr[~is_cov] * share
        rule = f"parent_share (city share of the parent in covered sectors = {share:.6g})"
    elif fill == "parent_structure":
        if uncovered and (fill_total is None or not fill_total > 0):
            msg = (
                "fill 'parent_structure' needs a positive fill_total (city output of the "
                "uncovered sectors, parent units)"
            )
            raise ScenarioError(msg)
        if uncovered:
            assert fill_total is not None
            out_arr[~is_cov] = xn_arr[~is_cov] / xn_arr[~is_cov].sum() * fill_total
        rule = f"parent_structure scaled to a city total of {fill_total:g}"
    else:
        rule = fill
    out = pd.Series(out_arr, index=parent.codes, name="city_output")
    filled = uncovered if fill in ("parent_share", "parent_structure") else []
    absent = [str(c) for c in parent.codes[out_arr <= 0]]
    lq_codes = covered if fill == "exclude" else list(parent.codes)
    if filled:
        notes.append(f"filled sectors ({rule}, {len(filled)}): {', '.join(filled)}")
    elif uncovered:
        notes.append(f"uncovered sectors ({rule}, {len(uncovered)}): {', '.join(uncovered)}")
    if absent:
        notes.append(
            f"absent sectors (zero city output, {len(absent)}; their products are imported): "
            + ", ".join(absent)
        )
    return CityOutput(
        output=out,
        covered=tuple(covered),
        filled=tuple(filled),
        absent=tuple(absent),
        lq_codes=tuple(lq_codes),
        fill=fill,
        region=local.region,
        year=local.year,
        notes=tuple(notes),
    )


def codes_for_source(concordance: pd.DataFrame, key: str) -> list[str]:
    """Parent codes a source sector (code or exact name) maps to, in concordance order.

    Raises
    ------
    InputDataError
        ``key`` is neither a source code nor a source name of the concordance.

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"source_code": ["39", "39"], "source_name": ["电子", "电子"],
    ...                   "target_code": ["090", "091"]})
    >>> codes_for_source(k, "电子")
    ['090', '091']
    """
    key = str(key).strip()
    hit = concordance[(concordance["source_code"] == key) | (concordance["source_name"] == key)]
    if hit.empty:
        src = concordance.attrs.get("path", "the concordance")
        msg = f"{key!r} is neither a source code nor a source name of {src}"
        raise InputDataError(msg)
    return [str(c) for c in dict.fromkeys(hit["target_code"])]


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
    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    years = {c: y for c in header if (y := column_year(c)) is not None}
    keep = [c for c, y in years.items() if up_to is None or y <= up_to]
    return sorted(keep, key=lambda c: years[c])


def columns_sha256(path: str | Path, columns: list[str]) -> str:
    """sha256 of the named columns of a CSV (the data a run read, in provenance).

    A T-dated run records this instead of the file hash, so editing a column dated
    after T changes neither the result nor its provenance.
    """
    import hashlib

    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    keep = [c for c in columns if c in df.columns]
    text = df[keep].to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
