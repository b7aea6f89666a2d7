"""The embedded illustrative economy: a synthetic 42-sector table for the offline demo.

示例数据，非统计数据 — illustrative data, not statistics.

The sector list (codes 01–42, Chinese and English names) follows the National Bureau
of Statistics 42-sector classification of China's input-output tables; every number
is drawn by :func:`build_illustrative_table` from a seeded generator and is **not**
taken from any official table. The generator, step by step (all draws from one
``np.random.default_rng(seed)``, in a fixed order):

1. **Input structure.** Each buying sector j has an intermediate-input ratio ρ_j set
   by its type (agriculture 0.42 … equipment 0.80 … real estate 0.25, jittered by
   ±0.03). The ratio is spread over suppliers by a Dirichlet draw (concentration 60)
   around an affinity profile: generic inputs every sector buys (power, trade,
   transport, finance, business services...), more goods for goods producers and
   more services for service producers, plus named supply links (ore → smelting,
   crude oil → refining, textiles → apparel, steel → machinery, cement → construction,
   chips → electronics...). Shares below 5·10⁻⁴ are set to zero.
2. **Imports.** Each product i has an import penetration μ_i by type (crude oil 0.70,
   metal ores 0.60, electronics 0.25, most services ≤ 0.05), jittered per cell by a
   log-normal factor (σ = 0.25) and capped at 0.95. Total coefficients T = ρ·share
   split into a domestic block A_d = (1 − μ)∘T and an import block A_m = μ∘T.
3. **Final demand** (domestic products) per sector = a base level (a rough,
   made-up size by sector, times a log-normal factor with σ = 0.15) split by the
   sector's demand profile into rural and urban households, government, gross fixed
   capital formation, inventory change (goods only, may be negative) and exports.
4. **Output** x = (I − A_d)⁻¹ f; flows Z = A_d x̂ and final demand rounded to whole
   万元; output is then *defined* by the row identity x = Z i + F i, imported inputs
   M = A_m x̂ are rounded, and gross value added is the column residual
   x − Z′i − M′i, so both identities hold exactly in integers.
5. **Value added** split into compensation, net production taxes and depreciation by
   type shares (jittered), operating surplus the residual; **imported final use**
   proportional to domestic final use (μ/(1 − μ) · 0.6, none for exports);
   **employment** (persons) = compensation / an annual wage by type.

:func:`build_city_output` draws an illustrative city's output by sector for
2019–2023 (a share of national output with a specialisation factor; no output in
crude oil and metal ores) for the regionalisation demo. ``python -m
chainmap.io.illustrative OUTDIR`` writes both in chainmap's own format; the copy in
``io_tables/illustrative_42/`` is that output for the default seed (a test checks it).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.io.atomic import write_text_atomic
from chainmap.io.illustrative_parameters import (
    CITY_ABSENT,
    CITY_GROWTH,
    CITY_SPECIALISATION,
    FINAL_DEMAND,
    GENERIC,
    LINKS,
    NAMES,
    PARAMS,
    PROFILES,
    TYPES,
)
from chainmap.io.readers import write_native
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

DEFAULT_SEED = 2025
TABLE_ID = "illustrative-42"
SOURCE = (
    "示例数据，非统计数据 / illustrative data, not statistics (chainmap.illustrative, seed {seed})"
)
UNIT = "万元"
CITY_YEARS = (2019, 2020, 2021, 2022, 2023)


# code, Chinese name, English name (NBS 42-sector classification; names, not statistics)
def sector_frame() -> pd.DataFrame:
    """The 42 sectors: index = code (``industry``); name, name_zh, name_en, category (门类)."""
    return pd.DataFrame(
        {
            "name": [s[1] for s in NAMES],
            "name_zh": [s[1] for s in NAMES],
            "name_en": [s[2] for s in NAMES],
            "category": [PARAMS[s[0]][0] for s in NAMES],
        },
        index=pd.Index([s[0] for s in NAMES], name=INDUSTRY, dtype=object),
        dtype=object,
    )


def _input_shares(rng: np.random.Generator, codes: list[str]) -> np.ndarray:
    """Column-stochastic supplier shares (step 1)."""
    n = len(codes)
    pos = {c: k for k, c in enumerate(codes)}
    goods = np.array([TYPES[PARAMS[c][1]][3] for c in codes])
    w = np.full((n, n), 0.05)
    for c, v in GENERIC.items():
        w[pos[c], :] = v
    # Goods producers lean on goods, service producers on services.
    w *= np.where(np.outer(goods, goods) | np.outer(~goods, ~goods), 1.5, 0.6)
    for supplier, buyers in LINKS.items():
        for buyer, v in buyers.items():
            w[pos[supplier], pos[buyer]] += v
    p = w / w.sum(axis=0)
    share = rng.gamma(60.0 * p)
    share /= share.sum(axis=0)
    share[share < 5e-4] = 0.0
    return share / share.sum(axis=0)


def build_illustrative_table(seed: int = DEFAULT_SEED) -> IOTable:
    """The illustrative 42-sector non-competitive table (see the module docstring).

    Parameters
    ----------
    seed : int
        Seed of ``np.random.default_rng``; the same seed gives the same table.

    Returns
    -------
    IOTable
        Non-competitive, unit 万元, integer flows; domestic block ``Z`` and
        ``final_demand``, import block ``imports`` (42 × 42) and
        ``imports_final_demand``, four value-added rows, an ``employment``
        satellite in persons. ``meta.source`` says the data are illustrative.

    Examples
    --------
    >>> t = build_illustrative_table()
    >>> t.n, t.meta.table_id, t.meta.table_type
    (42, 'illustrative-42', 'noncompetitive')
    >>> inputs = t.Z.sum(axis=0) + t.imports.sum(axis=0) + t.value_added.sum(axis=0)
    >>> bool((t.x == inputs).all())  # exact: every flow is a whole number of 万元
    True
    """
    rng = np.random.default_rng(seed)
    sectors = sector_frame()
    codes = list(sectors.index)
    kinds = [PARAMS[c][1] for c in codes]
    # the draws run in the order of the module docstring's steps: never reorder them
    a_dom, a_imp = _coefficients(rng, codes, kinds)
    fd = _final_demand(rng, codes, kinds)
    x_model = np.linalg.solve(np.eye(len(codes)) - a_dom, fd.sum(axis=1))
    Z = np.round(a_dom * x_model)
    F = np.round(fd)
    x = Z.sum(axis=1) + F.sum(axis=1)  # output by the row identity, exact in integers
    M = np.round(a_imp * x)
    comp, tax, dep, surplus = _value_added(rng, kinds, x - Z.sum(axis=0) - M.sum(axis=0))
    mu_product = np.array([PARAMS[c][4] for c in codes])
    mf = np.round(F * (mu_product / (1.0 - mu_product))[:, None] * 0.6)
    mf[:, [4, 5]] = 0.0  # no imported stock changes or re-exports
    wage = np.array([TYPES[k][2] for k in kinds]) * rng.uniform(0.9, 1.1, len(codes))
    employment = np.round(comp / wage)

    idx = sectors.index
    cols = pd.Index(FINAL_DEMAND)
    meta = TableMeta(
        region="示例经济体 Illustrative economy",
        year=2020,
        unit=UNIT,
        currency="CNY",
        source=SOURCE.format(seed=seed),
        table_type="noncompetitive",
        table_id=TABLE_ID,
        notes=(
            "synthetic structure drawn by a seeded generator; sector codes and names follow "
            "the NBS 42-sector classification",
        ),
    )
    return IOTable(
        sectors=sectors,
        Z=pd.DataFrame(Z, index=idx, columns=idx),
        final_demand=pd.DataFrame(F, index=idx, columns=cols),
        value_added=pd.DataFrame(
            np.vstack([comp, tax, dep, surplus]),
            index=pd.Index(
                ["compensation", "production_taxes", "depreciation", "operating_surplus"],
                name="component",
            ),
            columns=idx,
        ),
        meta=meta,
        imports=pd.DataFrame(M, index=idx.copy(), columns=idx),
        imports_final_demand=pd.DataFrame(mf, index=idx.copy(), columns=cols),
        satellites=pd.DataFrame(
            employment[None, :], index=pd.Index(["employment"], name="satellite"), columns=idx
        ),
        satellite_units={"employment": "persons"},
    )


def _coefficients(
    rng: np.random.Generator, codes: list[str], kinds: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Steps 1 and 2: domestic and imported input coefficients (A_d, A_m)."""
    n = len(codes)
    mu_product = np.array([PARAMS[c][4] for c in codes])
    rho = np.array([TYPES[k][0] for k in kinds]) + rng.uniform(-0.03, 0.03, n)
    total = _input_shares(rng, codes) * rho
    mu = mu_product[:, None] * rng.lognormal(0.0, 0.25, (n, n))
    mu = np.minimum(mu, 0.95)
    return (1.0 - mu) * total, mu * total


def _final_demand(rng: np.random.Generator, codes: list[str], kinds: list[str]) -> np.ndarray:
    """Step 3: domestic final demand by sector × :data:`FINAL_DEMAND` column, unrounded."""
    n = len(codes)
    base = np.array([PARAMS[c][3] for c in codes]) * 1e7 * rng.lognormal(0.0, 0.15, n)
    prof = np.array([PROFILES[PARAMS[c][2]] for c in codes])
    goods = np.array([TYPES[k][3] for k in kinds])
    inventory = prof[:, 3] * rng.uniform(-0.5, 1.0, n) * goods  # stock changes: goods only
    urban = rng.uniform(0.70, 0.80, n)
    return np.column_stack(
        [
            base * prof[:, 0] * (1 - urban),
            base * prof[:, 0] * urban,
            base * prof[:, 1],
            base * prof[:, 2],
            base * inventory,
            base * prof[:, 4],
        ]
    )


def _value_added(
    rng: np.random.Generator, kinds: list[str], va: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Step 5: compensation, net production taxes, depreciation and operating surplus."""
    shares = np.array([TYPES[k][1] for k in kinds]) * rng.uniform(0.9, 1.1, (len(kinds), 3))
    shares *= np.minimum(1.0, 0.97 / shares.sum(axis=1))[:, None]  # keep a surplus
    comp, tax, dep = (np.round(shares[:, k] * va) for k in range(3))
    return comp, tax, dep, va - comp - tax - dep


def build_city_output(table: IOTable | None = None, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Output by sector of an illustrative city, 2019–2023 (万元), for regionalisation demos.

    The numbers are synthetic (示例数据，非统计数据).

    2023 output = national output × 2 % × a specialisation factor (electronics,
    software, electrical equipment, textiles...: > 1) × a log-normal draw (σ = 0.2);
    crude oil (03) and metal ores (04) are not produced in the city. Earlier years
    are deflated by a growth rate per sector (default 5 %, jittered ±1.5 points).

    Returns
    -------
    DataFrame
        Index = code (``industry``); columns name_zh, name_en, y2019 … y2023 (万元).
    """
    table = build_illustrative_table(seed) if table is None else table
    rng = np.random.default_rng([seed, 1])  # its own stream: the table draws stay put
    codes = list(table.codes)
    factor = np.array([CITY_SPECIALISATION.get(c, 1.0) for c in codes])
    out_2023 = table.x * 0.02 * factor * rng.lognormal(0.0, 0.2, len(codes))
    out_2023[[codes.index(c) for c in CITY_ABSENT]] = 0.0
    growth = np.array([CITY_GROWTH.get(c, 0.05) for c in codes]) + rng.uniform(
        -0.015, 0.015, len(codes)
    )
    frame = table.sectors[["name_zh", "name_en"]].copy()
    for year in CITY_YEARS:
        frame[f"y{year}"] = np.round(out_2023 / (1.0 + growth) ** (CITY_YEARS[-1] - year))
    frame.attrs["unit"] = UNIT
    return frame


def is_illustrative(table: IOTable) -> bool:
    """Whether ``table`` is, or was derived from, the illustrative economy.

    True when its id, source or any note names ``illustrative-42`` (a regionalised
    city table keeps its parent's id in its notes), so every report built on it can
    say in its title that the data are illustrative, not statistics.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> is_illustrative(build_illustrative_table()), is_illustrative(miller_blair_2x2())
    (True, False)
    """
    meta = table.meta
    return any(TABLE_ID in text for text in (meta.table_id, meta.source, *meta.notes))


def write_illustrative(
    out_dir: str | Path, seed: int = DEFAULT_SEED, *, force: bool = True
) -> list[Path]:
    """Write the illustrative economy into ``out_dir``; return the paths written.

    * ``table/`` — the table in chainmap's own format (a folder of CSV files,
      :func:`chainmap.io.readers.write_native`; read it back with
      :func:`chainmap.io.readers.read_table`);
    * ``city_output.csv`` — :func:`build_city_output`: columns ``code, name_zh,
      name_en, y2019 … y2023`` (万元);
    * ``README.md`` — what the files are and that they are not statistics.

    Raises
    ------
    ChainmapError
        A file exists and ``force`` is False.
    """
    out = Path(out_dir)
    table = build_illustrative_table(seed)
    city = build_city_output(table, seed).rename_axis("code")
    csv = city.to_csv(lineterminator="\n", float_format="%.0f")
    readme = README.format(seed=seed, years=f"{CITY_YEARS[0]}–{CITY_YEARS[-1]}")
    return [
        Path(write_native(table, out / "table", overwrite=force)),
        write_text_atomic(out / "city_output.csv", csv, overwrite=force),
        write_text_atomic(out / "README.md", readme, overwrite=force),
    ]


README = """# Illustrative economy (示例经济体) — 示例数据，非统计数据

Illustrative data, **not statistics**. Written by `python -m chainmap.io.illustrative OUTDIR {seed}`
(module `chainmap.io.illustrative`, which documents every step of the generator; seed {seed}).

- `table/` — a 42-sector non-competitive input-output table in chainmap's own format
  (unit 万元): domestic flows, an import-use block, final demand by category, four
  value-added components and an employment satellite (persons). Sector codes 01–42 and
  their Chinese and English names follow the NBS 42-sector classification; every number
  is synthetic, drawn by a seeded generator, and balanced exactly.
- `city_output.csv` — output by sector of an illustrative city, {years} (万元), to
  demonstrate regionalisation. Crude oil (03) and metal ores (04) are not produced there.

Point `CHAINMAP_DATA_DIR` (or `--data-dir`) at the official tables to work with real data.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m chainmap.io.illustrative OUTDIR [SEED]``: write the illustrative economy."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not 1 <= len(args) <= 2:
        sys.stderr.write("usage: python -m chainmap.io.illustrative OUTDIR [SEED]\n")
        return 2
    for path in write_illustrative(args[0], int(args[1]) if len(args) == 2 else DEFAULT_SEED):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
