"""The central object: an immutable industry-by-industry input-output table.

An :class:`IOTable` holds the flows exactly as read (after validation) and derives
every coefficient matrix lazily, once. Tables are never edited in place: scenario
code makes new tables with :meth:`IOTable.replace`.

Conventions
-----------
* Industry codes are strings; every sector-indexed axis is named ``"industry"``.
* ``Z`` is the *domestic* intermediate-flow matrix of a non-competitive table and
  the *total* (domestic + imported) flow matrix of a competitive table.
* ``final_demand`` columns use the standard names of :data:`FINAL_DEMAND_CATEGORIES`
  where the source has them; household consumption columns start with
  ``"household"`` (they close the model for Type II multipliers). In a competitive
  table imports are a negative column named ``"imports"``.
* ``value_added`` rows are the components of gross value added; the rows
  ``compensation``, ``production_taxes``, ``depreciation``, ``operating_surplus``
  have fixed meanings (income and tax multipliers read them).
* Output ``x`` is the row identity: ``x = Z i + final_demand i``. Validation checks
  that it equals the column identity
  ``Z′ i + imports′ i + other_inputs′ i + value_added′ i``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import pandas as pd

from chainmap import iomath
from chainmap.errors import InputDataError
from chainmap.iomath import Array

TableType = Literal["competitive", "noncompetitive"]

INDUSTRY = "industry"

#: Standard final-demand column names (sources map their own codes onto these).
FINAL_DEMAND_CATEGORIES: tuple[str, ...] = (
    "household_consumption_rural",
    "household_consumption_urban",
    "household_consumption",
    "npish_consumption",
    "government_consumption",
    "gross_fixed_capital_formation",
    "inventory_change",
    "consumption_abroad",
    "exports",
    "imports",
    "statistical_error",
)

#: Value-added rows with a fixed meaning.
VALUE_ADDED_COMPONENTS: tuple[str, ...] = (
    "compensation",
    "production_taxes",
    "depreciation",
    "operating_surplus",
)


@dataclass(frozen=True)
class TableMeta:
    """Descriptive metadata of a table; travels with every result (provenance).

    Parameters
    ----------
    region, year, unit, currency, source : metadata as published.
    table_type : "competitive" or "noncompetitive" (imports shown separately).
    table_id : registry id (e.g. ``cn-nbs-2020-42``) or "" for a user table.
    path : file the table was read from.
    sha256 : hash of that file's bytes.
    notes : free-text history (aggregation, regionalisation, filled sectors...).
    balance_tolerance : relative gap allowed between the row and column identities
        (1e-6 by default; a source published with rounded values sets a looser one,
        e.g. the OECD tables, and derived tables inherit it).
    """

    region: str = ""
    year: int | None = None
    unit: str = ""
    currency: str = ""
    source: str = ""
    table_type: TableType = "competitive"
    table_id: str = ""
    path: str = ""
    sha256: str = ""
    notes: tuple[str, ...] = ()
    balance_tolerance: float = 1e-6

    def to_dict(self) -> dict[str, Any]:
        """Return the metadata as a JSON-serialisable dict."""
        d = dataclasses.asdict(self)
        d["notes"] = list(self.notes)
        return d


def _frame(values: Array, index: pd.Index, columns: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(values, index=index, columns=columns, copy=False)


@dataclass(frozen=True, eq=False)
class IOTable:
    """Industry-by-industry input-output table of one region and year.

    Build one through a reader in :mod:`chainmap.io.readers` (which validates) or, for
    data already in memory, through :func:`chainmap.io.validate.validated` .

    Attributes
    ----------
    sectors : DataFrame
        Index = industry codes (str, name ``"industry"``); columns ``name``,
        ``name_zh``, ``name_en``, ``category`` (strings, may be "").
    Z : DataFrame (n × n)
        Intermediate flows (domestic flows in a non-competitive table).
    final_demand : DataFrame (n × k)
        Final use by category (domestic products in a non-competitive table).
    value_added : DataFrame (m × n)
        Components of gross value added by column sector.
    imports : DataFrame or None
        Non-competitive tables: imported intermediate inputs, either an n × n
        import-use matrix (index = imported product codes) or one row ``imports``.
    imports_final_demand : DataFrame or None
        Non-competitive tables with an n × n import block: imported products used
        by final demand (n × k).
    other_inputs : DataFrame or None
        Primary inputs that are not value added (e.g. taxes less subsidies on products).
    satellites : DataFrame or None
        Extension rows (employment...) by column sector; units in ``satellite_units``.
    meta : TableMeta
    """

    sectors: pd.DataFrame
    Z: pd.DataFrame
    final_demand: pd.DataFrame
    value_added: pd.DataFrame
    meta: TableMeta = field(default_factory=TableMeta)
    imports: pd.DataFrame | None = None
    imports_final_demand: pd.DataFrame | None = None
    other_inputs: pd.DataFrame | None = None
    satellites: pd.DataFrame | None = None
    satellite_units: dict[str, str] = field(default_factory=dict)

    # ----- labels -------------------------------------------------------------------
    @property
    def codes(self) -> pd.Index:
        """Industry codes in table order."""
        return self.Z.index

    @property
    def n(self) -> int:
        """Number of industries."""
        return int(self.Z.shape[0])

    @property
    def names(self) -> pd.Series:
        """Display name per industry (``name`` column)."""
        return self.sectors["name"]

    def label(self, code: str, lang: str = "zh") -> str:
        """Name of one industry in ``lang`` ("zh" or "en"), falling back to ``name``."""
        row = self.sectors.loc[code]
        col = "name_zh" if lang == "zh" else "name_en"
        value = str(row.get(col, "") or "")
        return value or str(row["name"])

    # ----- numpy views (cached) -------------------------------------------------------
    @cached_property
    def z(self) -> Array:
        """Intermediate flows as a float array."""
        return self.Z.to_numpy(dtype=float)

    @cached_property
    def x(self) -> Array:
        """Gross output by the row identity, ``x = Z i + final_demand i``."""
        return self.z.sum(axis=1) + self.final_demand.to_numpy(dtype=float).sum(axis=1)

    @cached_property
    def a(self) -> Array:
        """Technical coefficients ``A = Z x̂⁻¹`` (array)."""
        return iomath.calc_A(self.z, self.x)

    @cached_property
    def l(self) -> Array:
        """Leontief inverse ``(I − A)⁻¹`` (array; the one inversion of a table)."""
        return iomath.calc_L(self.a)

    @cached_property
    def b(self) -> Array:
        """Allocation coefficients ``B = x̂⁻¹ Z`` (array)."""
        return iomath.calc_B(self.z, self.x)

    @cached_property
    def g(self) -> Array:
        """Ghosh inverse ``G = x̂⁻¹ L x̂`` (array; derived from L, not inverted)."""
        return iomath.calc_G(self.l, self.x)

    # ----- labelled views -------------------------------------------------------------
    @property
    def output(self) -> pd.Series:
        """Gross output x by industry."""
        return pd.Series(self.x, index=self.codes, name="output")

    @property
    def A(self) -> pd.DataFrame:
        """Technical coefficients with labels."""
        return _frame(self.a, self.codes, self.codes)

    @property
    def L(self) -> pd.DataFrame:
        """Leontief inverse with labels."""
        return _frame(self.l, self.codes, self.codes)

    @property
    def B(self) -> pd.DataFrame:
        """Allocation coefficients with labels."""
        return _frame(self.b, self.codes, self.codes)

    @property
    def G(self) -> pd.DataFrame:
        """Ghosh inverse with labels."""
        return _frame(self.g, self.codes, self.codes)

    @property
    def total_final_demand(self) -> pd.Series:
        """Final demand f summed over categories (net of the imports column, if any)."""
        return self.final_demand.sum(axis=1).rename("final_demand")

    @property
    def total_value_added(self) -> pd.Series:
        """Gross value added by industry (value_added rows only)."""
        return self.value_added.sum(axis=0).rename("value_added")

    @property
    def imported_inputs(self) -> pd.Series:
        """Imported intermediate inputs by column industry (zeros if not published)."""
        if self.imports is None:
            return pd.Series(0.0, index=self.codes, name="imported_inputs")
        return self.imports.sum(axis=0).rename("imported_inputs")

    # ----- new tables ------------------------------------------------------------------
    def replace(self, **changes: Any) -> IOTable:
        """Return a new table with some fields replaced (derived matrices recomputed)."""
        return dataclasses.replace(self, **changes)

    def total_technology(self) -> IOTable:
        """Competitive (total-technology) version of a non-competitive table.

        Domestic and imported intermediate flows are added, ``Z_total = Z_d + Z_m``;
        imported final use is added to final demand and all imports appear as one
        negative ``imports`` column, so output x is unchanged. Needs an n × n import
        block; a competitive table is returned as it is.
        """
        if self.meta.table_type == "competitive":
            return self
        if self.imports is None or self.imports.shape[0] != self.n:
            msg = (
                f"table {self.meta.table_id or self.meta.path or self.meta.region}: total "
                "technology needs an n x n import-use block; this table has "
                + ("none" if self.imports is None else "one row of imported inputs")
            )

            raise InputDataError(msg)
        Zm = self.imports.set_axis(self.codes, axis=0)
        fd = self.final_demand.copy()
        m_final = pd.Series(0.0, index=self.codes)
        if self.imports_final_demand is not None:
            imf = self.imports_final_demand.reindex(index=self.codes, fill_value=0.0)
            for col in imf.columns:
                fd[col] = fd[col].add(imf[col], fill_value=0.0) if col in fd else imf[col]
            m_final = imf.sum(axis=1)
        fd["imports"] = -(Zm.sum(axis=1) + m_final)
        meta = dataclasses.replace(
            self.meta,
            table_type="competitive",
            notes=(*self.meta.notes, "total technology: domestic + imported flows"),
        )
        return self.replace(
            Z=self.Z + Zm, final_demand=fd, imports=None, imports_final_demand=None, meta=meta
        )
