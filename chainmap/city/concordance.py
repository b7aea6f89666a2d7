"""Concordances: city data in another classification mapped to the parent's sectors.

Concordance CSV (``source_code, source_name, target_code[, target_name]``): each source
row maps one source sector to one parent sector; a source with several rows spans several
parent sectors. **Split rule:** a source value is divided among its parent sectors in
proportion to the parent's own figure for the same measure (output for output data,
value added for value-added data, the ``employment`` satellite for employment data).
A parent sector fed by several sources receives their sum.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.city.reading import CityData, Unreported, parent_measure, read_city_csv
from chainmap.errors import InputDataError, Issue, ScenarioError, raise_if_issues
from chainmap.io.table import IOTable


def read_concordance(path: str | Path) -> pd.DataFrame:
    """Read a concordance CSV: columns ``source_code, source_name, target_code`` (+ names).

    Raises
    ------
    InputDataError
        Missing columns, empty cells or duplicate (source, target) pairs.
    """
    path = Path(path)
    df = read_city_csv(path)[1]
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
    source_values = _source_values(city, concordance, src, issues)
    raise_if_issues(issues, city.source or src)
    reported: dict[str, float] = {}
    for code in concordance["source_code"].drop_duplicates():
        v = source_values.get(code, np.nan)
        if np.isnan(v) and unreported == "zero":
            v = 0.0
        if not np.isnan(v):
            reported[code] = v
    weights = parent_measure(parent, city.measure)
    target_value = _split_to_targets(concordance, reported, weights, city.measure, issues)
    raise_if_issues(issues, city.source or src)
    covered = [c for c in parent.codes if c in target_value]
    note = (
        f"city data mapped to {len(covered)} parent sectors from {len(reported)} reported "
        f"source sectors via {src}; sources spanning several sectors split by parent "
        f"{city.measure}; unreported sources read as "
        f"{'zero' if unreported == 'zero' else 'not reported'}"
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


def _source_values(
    city: CityData, concordance: pd.DataFrame, src: str, issues: list[Issue]
) -> dict[str, float]:
    """City values by concordance source code (keys given by code or name); unknown keys
    are added to ``issues``."""
    by_code = dict(zip(concordance["source_code"], concordance["source_code"], strict=True))
    by_name = dict(zip(concordance["source_name"], concordance["source_code"], strict=True))
    values: dict[str, float] = {}
    for key, val in city.values.items():
        code = by_code.get(str(key), by_name.get(str(key)))
        if code is None and str(key).isdigit():  # Excel strips leading zeros
            code = next(
                (c for c in by_code if c.isdigit() and c.lstrip("0") == str(key).lstrip("0")),
                None,
            )
        if code is None:
            issues.append(
                Issue(f"city sector {key!r} is not in the concordance {src}", city.source)
            )
            continue
        values[code] = float(val)
    return values


def _split_to_targets(
    concordance: pd.DataFrame,
    reported: dict[str, float],
    weights: pd.Series,
    measure: str,
    issues: list[Issue],
) -> dict[str, float]:
    """Reported source values split over their parent sectors in proportion to ``weights``.

    A parent sector fed by reported and unreported sources, and a split over parent
    sectors whose weights are all zero, are added to ``issues``.
    """
    src = concordance.attrs.get("path", "concordance")
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
            issues.append(Issue(f"cannot split {code}: parent {measure} of {targets} is zero", src))
            continue
        for t, share in zip(targets, w / w.sum(), strict=True):
            target_value[t] = target_value.get(t, 0.0) + reported[code] * share
    mixed = sorted(t for t, s in target_state.items() if len(s) > 1)
    issues += [
        Issue(f"parent sector {t} is fed by reported and unreported source sectors", src)
        for t in mixed
    ]
    return target_value


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
