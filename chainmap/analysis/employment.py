"""Employment coefficients (persons per unit of output) from sector employment totals.

Employment statistics come by statistical sector (GB/T 4754 sections and divisions),
the table by product sector. A concordance links the two; its connected groups G
(sources and targets reachable from each other) are the finest level at which both
are known. Each source's persons are split among the sectors it maps to in proportion
to their gross output, then divided by that output, which for every sector j of a
group G gives the group's average labour productivity:

.. math::

    e_j = \\frac{\\sum_{s \\in G} E_s}{\\sum_{k \\in G} x_k}, \\qquad j \\in G,

so ``Σ_j e_j x_j = Σ_s E_s`` over the mapped rows (no person lost or counted twice).
The coefficients carry the productivity of the year of E and x; applied to another
year's table they assume that productivity (nominal prices of the data year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.table import IOTable


def _groups(pairs: pd.DataFrame) -> dict[str, int]:
    """Connected groups of a bipartite concordance: node (``s:``/``t:`` prefixed) → group."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for source, target in zip(pairs["source_code"], pairs["target_code"], strict=True):
        a, b = find(f"s:{source}"), find(f"t:{target}")
        if a != b:
            parent[a] = b
    roots: dict[str, int] = {}
    return {node: roots.setdefault(find(node), len(roots)) for node in list(parent)}


def calc_employment_coefficients(
    persons: pd.Series, concordance: pd.DataFrame, output: pd.Series
) -> pd.Series:
    """Persons employed per unit of output of every sector (formula in the module).

    Parameters
    ----------
    persons : Series
        Employed persons by employment code (persons, not 万人); only the codes the
        concordance names are used.
    concordance : DataFrame
        Columns ``source_code`` (employment code) and ``target_code`` (sector code).
    output : Series
        Gross output by sector code, same year as ``persons``; every code must be a
        target of the concordance.

    Returns
    -------
    pandas.Series
        Index = ``output``'s codes, persons per unit of output (≥ 0), name
        ``employment_coefficient``.

    Raises
    ------
    InputDataError
        A concordance source without employment, a target or sector on one side only,
        a group with persons but no output.

    Examples
    --------
    Farming (A) maps to two sectors, industry divisions C01 and C02 pool into one:

    >>> persons = pd.Series({"A": 300.0, "C01": 40.0, "C02": 20.0})
    >>> conc = pd.DataFrame({"source_code": ["A", "A", "C01", "C02"],
    ...                      "target_code": ["01", "02", "03", "03"]})
    >>> output = pd.Series({"01": 1000.0, "02": 2000.0, "03": 600.0})
    >>> e = calc_employment_coefficients(persons, conc, output)
    >>> e.round(3).tolist(), float((e * output).sum())
    ([0.1, 0.1, 0.1], 360.0)
    """
    issues: list[Issue] = []
    sources = pd.Index(concordance["source_code"].astype(str).unique())
    targets = pd.Index(concordance["target_code"].astype(str).unique())
    codes = pd.Index(output.index.astype(str))
    where = str(concordance.attrs.get("source", "employment concordance"))
    for code in sources.difference(pd.Index(persons.index.astype(str))):
        issues.append(Issue(f"employment code {code!r} has no employment figure", where))
    for code in codes.difference(targets):
        issues.append(Issue(f"sector {code!r} is not a target of the concordance", where))
    for code in targets.difference(codes):
        issues.append(Issue(f"target {code!r} is not a sector of the table", where))
    if issues:
        raise InputDataError(issues, where)
    group = _groups(concordance.astype({"source_code": str, "target_code": str}))
    n = max(group.values()) + 1
    people = np.zeros(n)
    produced = np.zeros(n)
    persons_by_code = persons.set_axis(persons.index.astype(str)).astype(float)
    for code in sources:
        people[group[f"s:{code}"]] += float(persons_by_code[code])
    x = output.set_axis(codes).astype(float)
    for code in codes:
        produced[group[f"t:{code}"]] += float(x[code])
    empty = np.flatnonzero((produced <= 0) & (people > 0))
    if len(empty):
        bad = [c for c in codes if group[f"t:{c}"] in set(empty)]
        msg = f"sectors {bad} have employment but no output; cannot form coefficients"
        raise InputDataError([Issue(msg, where)], where)
    per_unit = np.divide(people, produced, out=np.zeros(n), where=produced > 0)
    values = [per_unit[group[f"t:{c}"]] for c in codes]
    return pd.Series(values, index=output.index, name="employment_coefficient", dtype=float)


def with_employment(table: IOTable, coefficients: pd.Series, unit: str) -> IOTable:
    """``table`` with the satellite row ``employment = coefficients × x`` (persons).

    Sectors of ``table`` must all have a coefficient; other satellites are kept (an
    existing ``employment`` row is replaced).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = with_employment(miller_blair_2x2(), pd.Series({"1": 0.5, "2": 0.1}), "persons")
    >>> t.satellites.loc["employment"].tolist(), t.satellite_units["employment"]
    ([500.0, 200.0], 'persons')
    """
    codes = [str(c) for c in table.codes]
    coef = coefficients.set_axis(coefficients.index.astype(str))
    missing = [c for c in codes if c not in coef.index]
    if missing:
        msg = f"no employment coefficient for sectors {missing}"
        raise InputDataError([Issue(msg, table.meta.path)], table.meta.path)
    row = coef.reindex(codes).to_numpy(dtype=float) * table.x
    employment = pd.DataFrame(
        [row], index=pd.Index(["employment"], name="satellite"), columns=table.codes
    )
    if table.satellites is not None:
        others = table.satellites.drop(index="employment", errors="ignore")
        employment = pd.concat([others, employment])
    units = {**table.satellite_units, "employment": unit}
    return table.replace(satellites=employment, satellite_units=units)
