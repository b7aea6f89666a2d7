"""Provincial tables on one common sector scheme, and the ``as_of`` guard.

Every provincial (and national) table of 1997–2017 is aggregated to the common scheme
of :func:`chainmap.backtest.sources.common_concordance` (33 groups over 1997–2017: each
year's sector falls wholly into one group, so aggregation is a sum and never a split).
With S the n_year × n_common 0/1 membership matrix,

    Z_c = S′ Z S,   x_c = S′ x,   f_c = S′ f,   V_c = V S.

Values are **nominal** 万元 of each table's year (no deflator is applied: the metrics
compare rankings within one province and horizon, and Spearman ρ, top-k hits and
NDCG are invariant to a common price index; relative price changes between sectors
are part of what "grew" means here).

A backtest dated T reads tables only through :meth:`Archive.as_of`, a
:class:`DatedArchive` that raises :class:`LookAheadError` for any table dated after T.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.backtest import sources
from chainmap.errors import ChainmapError
from chainmap.io.table import IOTable, TableMeta

#: Name of the national table in the archive.
NATIONAL = "中国"

_DOMESTIC = (
    "household_consumption_rural",
    "household_consumption_urban",
    "household_consumption",
    "government_consumption",
    "gross_fixed_capital_formation",
    "inventory_change",
)


#: Output at or below this share of a table's total output counts as empty (rounding
#: residue of spreadsheet totals, :meth:`RegionYear.to_iotable`).
EMPTY_OUTPUT_TOL = 1e-9


class LookAheadError(ChainmapError):
    """A step of a T-dated backtest asked for a table dated after T."""


@dataclass(frozen=True)
class RegionYear:
    """One region's table in one year on the common scheme (nominal 万元).

    Attributes
    ----------
    region, year : str, int
    codes, names : tuple of str
        Common-scheme codes and names (groups with zero output are kept; see
        :meth:`to_iotable`).
    Z : (n, n) array
    x : (n,) array
        Gross output as published (the 总产出 column).
    domestic_final : (n,) array
        Consumption, capital formation and inventories.
    exports : (n,) array
        Exports plus outflows to other provinces (gross where published, else the
        positive part of net outflows).
    imports : (n,) array
        Imports plus inflows (positive numbers); likewise from net flows.
    value_added : DataFrame
        Components × codes.
    """

    region: str
    year: int
    codes: tuple[str, ...]
    names: tuple[str, ...]
    Z: np.ndarray
    x: np.ndarray
    domestic_final: np.ndarray
    exports: np.ndarray
    imports: np.ndarray
    value_added: pd.DataFrame

    @property
    def output(self) -> pd.Series:
        """Gross output by common code."""
        return pd.Series(self.x, index=list(self.codes), name="output")

    def to_iotable(self, *, positive_only: bool = True) -> IOTable:
        """Competitive :class:`IOTable` with final demand closing the row identity.

        Final demand holds ``domestic_final``, ``exports`` (+), ``imports`` (−) and a
        ``statistical_error`` column equal to ``x − Σ_j z_ij − (the others)``, so the
        table's ``x`` is the published output exactly. With ``positive_only`` groups
        whose output is not positive (empty sectors, e.g. 西藏) are dropped, and so are
        groups whose output is below :data:`EMPTY_OUTPUT_TOL` of the total: a workbook's
        总产出 computed by a spreadsheet formula can hold rounding residue instead of 0
        (江西 2002 oil and gas: 5.8e-11 万元), and a sector with no output but a kept
        column makes A = Z x̂⁻¹ and every Leontief-based measure NaN. Negative
        intermediate flows (6 tables) are set to 0 (the ``clip_negative`` repair, noted
        in the metadata); the statistical-error column absorbs the difference.
        """
        tol = EMPTY_OUTPUT_TOL * float(np.abs(self.x).sum())
        keep = np.flatnonzero(self.x > tol) if positive_only else np.arange(len(self.codes))
        codes = pd.Index([self.codes[i] for i in keep], name="industry")
        z = self.Z[np.ix_(keep, keep)]
        notes: tuple[str, ...] = ()
        if (z < 0).any():  # a few workbooks (1997 吉林/四川/河北, …) hold negative flows
            notes = (f"clip_negative: {int((z < 0).sum())} negative intermediate flows set to 0",)
            z = np.clip(z, 0.0, None)
        x = self.x[keep]
        fd = pd.DataFrame(
            {
                "final_domestic": self.domestic_final[keep],
                "exports": self.exports[keep],
                "imports": -self.imports[keep],
            },
            index=codes,
        )
        fd["statistical_error"] = x - z.sum(axis=1) - fd.sum(axis=1).to_numpy()
        names = [self.names[i] for i in keep]
        sectors = pd.DataFrame(
            {"name": names, "name_zh": names, "name_en": "", "category": ""}, index=codes
        )
        meta = TableMeta(
            region=self.region,
            year=self.year,
            unit="万元",
            currency="CNY",
            source="provincial input-output table, common 1997–2017 scheme",
            table_id=f"cn-prov-{self.year}-{self.region}-common",
            notes=notes,
        )
        return IOTable(
            sectors=sectors,
            Z=pd.DataFrame(z, index=codes, columns=codes),
            final_demand=fd,
            value_added=self.value_added.loc[:, list(codes)],
            meta=meta,
        )


def _col(frame: pd.DataFrame, names: Iterable[str]) -> np.ndarray:
    cols = [c for c in names if c in frame.columns]
    if not cols:
        return np.zeros(len(frame))
    return np.asarray(frame[cols].fillna(0.0).to_numpy(dtype=float).sum(axis=1))


def _membership(codes: list[str], year: int, conc: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    rows = conc[conc["year"] == year].set_index("code")["common"]
    groups = sorted(conc["common"].unique())
    s = np.zeros((len(codes), len(groups)))
    for i, code in enumerate(codes):
        s[i, groups.index(rows[code])] = 1.0
    return s, groups


def aggregate(table: Any, conc: pd.DataFrame, *, region: str | None = None) -> RegionYear:
    """Aggregate one ``ProvincialTable`` to the common scheme (formulas in the module doc)."""
    codes = [str(c) for c in table.codes]
    s, groups = _membership(codes, int(table.year), conc)
    names = conc.drop_duplicates("common").set_index("common")["common_name"]
    fu = table.final_use
    gross_out = _col(fu, ("exports", "outflows"))
    gross_in = _col(fu, ("imports", "inflows"))
    net = _col(fu, ("net_outflows",))
    exports = gross_out + np.clip(net, 0.0, None)
    imports = gross_in + np.clip(-net, 0.0, None)
    va = table.value_added.fillna(0.0)
    return RegionYear(
        region=region or str(table.province),
        year=int(table.year),
        codes=tuple(groups),
        names=tuple(str(names[g]) for g in groups),
        Z=s.T @ table.Z.to_numpy(dtype=float) @ s,
        x=s.T @ table.x.to_numpy(dtype=float),
        domestic_final=s.T @ _col(fu, _DOMESTIC),
        exports=s.T @ exports,
        imports=s.T @ imports,
        value_added=pd.DataFrame(va.to_numpy(dtype=float) @ s, index=va.index, columns=groups),
    )


def sum_regions(parts: list[RegionYear], region: str) -> RegionYear:
    """Sum of several regions' tables of one year (the 1997 national comparator)."""
    first = parts[0]
    va = sum((p.value_added for p in parts[1:]), first.value_added)
    return RegionYear(
        region=region,
        year=first.year,
        codes=first.codes,
        names=first.names,
        Z=sum((p.Z for p in parts[1:]), first.Z),
        x=sum((p.x for p in parts[1:]), first.x),
        domestic_final=sum((p.domestic_final for p in parts[1:]), first.domestic_final),
        exports=sum((p.exports for p in parts[1:]), first.exports),
        imports=sum((p.imports for p in parts[1:]), first.imports),
        value_added=va.fillna(0.0),
    )


@dataclass(frozen=True)
class Archive:
    """Every table on the common scheme, keyed by ``(region, year)``.

    The national table of a year is the NBS one among the provincial files where it
    exists (``0中国``: 2002, 2007, 2012); otherwise (1997) the sum of the provinces.
    """

    tables: Mapping[tuple[str, int], RegionYear]
    notes: tuple[str, ...] = field(default=())

    @property
    def years(self) -> list[int]:
        """Years with at least one table."""
        return sorted({y for _, y in self.tables})

    def provinces(self, year: int) -> list[str]:
        """Provinces with a table in ``year`` (sorted)."""
        return sorted(r for r, y in self.tables if y == year and r != NATIONAL)

    def get(self, region: str, year: int) -> RegionYear:
        """One table; KeyError naming it when absent."""
        try:
            return self.tables[(region, year)]
        except KeyError:
            msg = f"no {year} table for {region}"
            raise KeyError(msg) from None

    def has(self, region: str, year: int) -> bool:
        """True when the archive holds that table."""
        return (region, year) in self.tables

    def as_of(self, year: int) -> DatedArchive:
        """A view that refuses every table dated after ``year``."""
        return DatedArchive(self, year)

    def without(self, region: str) -> Archive:
        """The archive without one province (every year)."""
        kept = {k: v for k, v in self.tables.items() if k[0] != region}
        return Archive(kept, self.notes)


@dataclass(frozen=True)
class DatedArchive:
    """Read-only view of an :class:`Archive` dated ``as_of``: later tables are refused."""

    archive: Archive
    as_of: int

    def _check(self, year: int, what: str) -> None:
        if year > self.as_of:
            msg = f"look-ahead: {what} dated {year} requested by a backtest dated {self.as_of}"
            raise LookAheadError(msg)

    @property
    def years(self) -> list[int]:
        """Years ≤ as_of with tables."""
        return [y for y in self.archive.years if y <= self.as_of]

    def get(self, region: str, year: int) -> RegionYear:
        """A table dated ≤ as_of (:class:`LookAheadError` otherwise)."""
        self._check(year, f"table {region}")
        return self.archive.get(region, year)

    def has(self, region: str, year: int) -> bool:
        """True for a table dated ≤ as_of that exists."""
        self._check(year, f"table {region}")
        return self.archive.has(region, year)

    def provinces(self, year: int) -> list[str]:
        """Provinces with a table in ``year`` ≤ as_of."""
        self._check(year, "province list")
        return self.archive.provinces(year)


def load_archive(data_dir: str | Path, *, years: Iterable[int] | None = None) -> Archive:
    """Read every provincial workbook under ``data_dir/china-provinces`` (≈ 5 s).

    Parameters
    ----------
    data_dir : path
        The data root (``CHAINMAP_DATA_DIR``) or its ``china-provinces`` folder.
    years : iterable of int, optional
        Read only these years (default: all).
    """
    wanted = None if years is None else set(years)
    root = Path(data_dir)
    folder = root / "china-provinces" if (root / "china-provinces").is_dir() else root
    conc = sources.common_concordance()
    tables: dict[tuple[str, int], RegionYear] = {}
    for entry in sources.list_files(folder):
        if wanted is not None and int(entry.year) not in wanted:
            continue
        table = sources.read_table(entry.path)
        tables[(str(entry.province), int(entry.year))] = aggregate(table, conc)
    notes = []
    for year in sorted({y for _, y in tables}):
        if (NATIONAL, year) not in tables:
            parts = [t for (r, y), t in sorted(tables.items()) if y == year and r != NATIONAL]
            tables[(NATIONAL, year)] = sum_regions(parts, NATIONAL)
            notes.append(f"national {year}: sum of the {len(parts)} provincial tables")
    return Archive(tables, tuple(notes))
