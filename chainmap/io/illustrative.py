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
NAMES: tuple[tuple[str, str, str], ...] = (
    ("01", "农林牧渔产品和服务", "Agriculture, forestry, animal husbandry and fishery"),
    ("02", "煤炭采选产品", "Mining and washing of coal"),
    ("03", "石油和天然气开采产品", "Exploitation of petroleum and natural gas"),
    ("04", "金属矿采选产品", "Mining and processing of metal ores"),
    ("05", "非金属矿和其他矿采选产品", "Mining and processing of nonmetal and other ores"),
    ("06", "食品和烟草", "Manufacture of foods and tobacco"),
    ("07", "纺织品", "Manufacture of textiles"),
    (
        "08",
        "纺织服装鞋帽皮革羽绒及其制品",
        "Manufacture of wearing apparel, leather, fur, feather and related products",
    ),
    ("09", "木材加工品和家具", "Processing of timber and furniture"),
    (
        "10",
        "造纸印刷和文教体育用品",
        "Manufacture of paper, printing, and articles for culture, education, sports",
    ),
    ("11", "石油、炼焦产品和核燃料加工品", "Processing of petroleum, coking, and nuclear fuel"),
    ("12", "化学产品", "Manufacture of chemical products"),
    ("13", "非金属矿物制品", "Manufacture of non-metallic mineral products"),
    ("14", "金属冶炼和压延加工品", "Smelting and processing of metals"),
    ("15", "金属制品", "Manufacture of metal products"),
    ("16", "通用设备", "Manufacture of general purpose machinery"),
    ("17", "专用设备", "Manufacture of special purpose machinery"),
    ("18", "交通运输设备", "Manufacture of transport equipment"),
    ("19", "电气机械和器材", "Manufacture of electrical machinery and equipment"),
    (
        "20",
        "通信设备、计算机和其他电子设备",
        "Manufacture of communication equipment, computers and other electronic equipment",
    ),
    ("21", "仪器仪表", "Manufacture of instruments and meters"),
    ("22", "其他制造产品和废品废料", "Other manufacturing and waste resources"),
    ("23", "金属制品、机械和设备修理服务", "Repair of metal products, machinery and equipment"),
    ("24", "电力、热力的生产和供应", "Production and supply of electric power and heat power"),
    ("25", "燃气生产和供应", "Production and supply of gas"),
    ("26", "水的生产和供应", "Production and supply of water"),
    ("27", "建筑", "Construction"),
    ("28", "批发和零售", "Wholesale and retail trades"),
    ("29", "交通运输、仓储和邮政", "Transport, storage, and postal services"),
    ("30", "住宿和餐饮", "Accommodation and catering"),
    (
        "31",
        "信息传输、软件和信息技术服务",
        "Information transmission, software and information technology services",
    ),
    ("32", "金融", "Finance"),
    ("33", "房地产", "Real estate"),
    ("34", "租赁和商务服务", "Leasing and commercial services"),
    ("35", "研究和试验发展", "Research and experimental development"),
    ("36", "综合技术服务", "Technical services"),
    (
        "37",
        "水利、环境和公共设施管理",
        "Management of water conservancy, environment and public facilities",
    ),
    ("38", "居民服务、修理和其他服务", "Resident, repair and other services"),
    ("39", "教育", "Education"),
    ("40", "卫生和社会工作", "Health care and social work"),
    ("41", "文化、体育和娱乐", "Culture, sports, and entertainment"),
    (
        "42",
        "公共管理、社会保障和社会组织",
        "Public administration, social security, and social organizations",
    ),
)

# code → GB/T 4754 section (门类), type, final-demand profile, base final demand
# (10^7 万元) and import penetration μ; the last two are made up, not statistics.
PARAMS: dict[str, tuple[str, str, str, float, float]] = {
    "01": ("A", "agri", "agri", 3.0, 0.08),
    "02": ("B", "mining", "intermediate", 0.1, 0.08),
    "03": ("B", "mining", "intermediate", 0.05, 0.70),
    "04": ("B", "mining", "intermediate", 0.05, 0.60),
    "05": ("B", "mining", "intermediate", 0.05, 0.10),
    "06": ("C", "light", "food", 5.0, 0.06),
    "07": ("C", "light", "export", 1.0, 0.06),
    "08": ("C", "light", "export", 2.0, 0.04),
    "09": ("C", "light", "consumer", 0.8, 0.06),
    "10": ("C", "light", "consumer", 0.5, 0.08),
    "11": ("C", "process", "consumer", 0.8, 0.10),
    "12": ("C", "process", "consumer", 1.5, 0.14),
    "13": ("C", "process", "intermediate", 0.3, 0.04),
    "14": ("C", "process", "intermediate", 0.3, 0.08),
    "15": ("C", "equipment", "capital", 0.8, 0.05),
    "16": ("C", "equipment", "capital", 2.5, 0.12),
    "17": ("C", "equipment", "capital", 2.5, 0.14),
    "18": ("C", "equipment", "vehicles", 4.0, 0.10),
    "19": ("C", "equipment", "capital", 3.0, 0.07),
    "20": ("C", "electronics", "electronics", 6.0, 0.25),
    "21": ("C", "electronics", "capital", 0.5, 0.25),
    "22": ("C", "light", "export", 0.3, 0.10),
    "23": ("C", "equipment", "intermediate", 0.05, 0.02),
    "24": ("D", "utility", "utility", 1.0, 0.01),
    "25": ("D", "utility", "utility", 0.3, 0.02),
    "26": ("D", "utility", "utility", 0.2, 0.0),
    "27": ("E", "construction", "construction", 22.0, 0.0),
    "28": ("F", "market", "household", 6.0, 0.02),
    "29": ("G", "market", "business", 2.5, 0.06),
    "30": ("H", "market", "household", 3.0, 0.03),
    "31": ("I", "knowledge", "software", 3.0, 0.04),
    "32": ("J", "finance", "finance", 3.0, 0.02),
    "33": ("K", "realestate", "realestate", 7.0, 0.0),
    "34": ("L", "market", "business", 1.5, 0.06),
    "35": ("M", "knowledge", "rnd", 1.0, 0.05),
    "36": ("M", "knowledge", "business", 0.8, 0.04),
    "37": ("N", "public", "public", 1.0, 0.0),
    "38": ("O", "market", "household", 1.5, 0.01),
    "39": ("P", "public", "public", 4.0, 0.01),
    "40": ("Q", "public", "public", 4.0, 0.01),
    "41": ("R", "market", "household", 0.8, 0.03),
    "42": ("S", "public", "government", 5.0, 0.0),
}

# type: intermediate-input ratio ρ, value-added shares (compensation, net production
# taxes, depreciation; surplus = rest), annual wage (万元 per person), goods buyer?
TYPES: dict[str, tuple[float, tuple[float, float, float], float, bool]] = {
    "agri": (0.42, (0.85, 0.01, 0.05), 2.0, True),
    "mining": (0.52, (0.38, 0.12, 0.14), 9.0, True),
    "light": (0.76, (0.42, 0.12, 0.10), 6.5, True),
    "process": (0.80, (0.35, 0.14, 0.14), 8.0, True),
    "equipment": (0.80, (0.46, 0.10, 0.10), 9.0, True),
    "electronics": (0.82, (0.44, 0.08, 0.14), 10.0, True),
    "utility": (0.72, (0.28, 0.10, 0.32), 12.0, True),
    "construction": (0.76, (0.60, 0.08, 0.06), 7.0, True),
    "market": (0.48, (0.45, 0.10, 0.12), 7.5, False),
    "finance": (0.36, (0.40, 0.12, 0.04), 20.0, False),
    "realestate": (0.25, (0.12, 0.15, 0.35), 10.0, False),
    "knowledge": (0.55, (0.58, 0.05, 0.08), 16.0, False),
    "public": (0.42, (0.78, 0.01, 0.15), 11.0, False),
}

FINAL_DEMAND = (
    "household_consumption_rural",
    "household_consumption_urban",
    "government_consumption",
    "gross_fixed_capital_formation",
    "inventory_change",
    "exports",
)
# profile: shares of (households, government, GFCF, inventory, exports)
PROFILES: dict[str, tuple[float, float, float, float, float]] = {
    "agri": (0.75, 0.02, 0.06, 0.05, 0.12),
    "food": (0.88, 0.0, 0.0, 0.03, 0.09),
    "consumer": (0.62, 0.0, 0.02, 0.04, 0.32),
    "export": (0.25, 0.0, 0.0, 0.02, 0.73),
    "intermediate": (0.10, 0.0, 0.0, 0.20, 0.70),
    "capital": (0.05, 0.0, 0.55, 0.04, 0.36),
    "vehicles": (0.35, 0.0, 0.38, 0.03, 0.24),
    "electronics": (0.18, 0.0, 0.22, 0.02, 0.58),
    "utility": (0.95, 0.0, 0.0, 0.0, 0.05),
    "construction": (0.01, 0.0, 0.98, 0.0, 0.01),
    "household": (0.80, 0.05, 0.0, 0.0, 0.15),
    "business": (0.35, 0.0, 0.20, 0.0, 0.45),
    "software": (0.25, 0.0, 0.45, 0.0, 0.30),
    "finance": (0.85, 0.0, 0.0, 0.0, 0.15),
    "realestate": (0.75, 0.0, 0.25, 0.0, 0.0),
    "rnd": (0.0, 0.30, 0.70, 0.0, 0.0),
    "public": (0.20, 0.80, 0.0, 0.0, 0.0),
    "government": (0.0, 1.0, 0.0, 0.0, 0.0),
}

# Inputs every sector buys (supplier → weight); the rest weigh 0.05.
GENERIC = {"24": 3.0, "28": 3.0, "29": 3.0, "32": 2.0, "34": 2.0, "31": 1.0, "11": 1.2,
           "12": 1.0, "33": 0.8, "10": 0.6, "30": 0.5, "15": 0.4, "14": 0.4, "36": 0.3,
           "13": 0.2, "25": 0.2, "26": 0.2, "23": 0.2, "38": 0.2}  # fmt: skip
# Named supply links: supplier → {buyer: weight}.
LINKS: dict[str, dict[str, float]] = {
    "01": {"01": 12, "06": 40, "07": 10, "09": 8, "30": 12},
    "02": {"24": 25, "11": 15, "14": 8, "13": 8, "12": 4},
    "03": {"11": 45, "12": 10, "25": 20},
    "04": {"14": 30},
    "05": {"13": 15, "12": 4},
    "06": {"30": 25, "06": 15, "01": 6},
    "07": {"08": 35, "07": 25, "22": 6},
    "09": {"27": 4, "10": 4, "09": 10},
    "10": {"06": 3, "41": 6, "39": 3, "10": 12},
    "11": {"29": 15, "12": 10, "01": 3, "27": 3, "24": 3},
    "12": {"12": 30, "01": 10, "07": 10, "20": 4, "13": 4, "22": 6, "40": 10, "18": 3},
    "13": {"27": 30, "20": 3, "18": 2, "13": 10},
    "14": {"15": 35, "16": 20, "17": 15, "18": 12, "19": 20, "27": 12, "14": 30},
    "15": {"27": 8, "16": 8, "17": 8, "18": 6, "19": 6},
    "16": {"17": 8, "18": 8, "16": 15, "02": 6, "04": 6, "24": 3},
    "17": {"01": 3, "02": 6, "27": 3, "17": 10},
    "18": {"18": 45, "29": 8},
    "19": {"18": 12, "24": 6, "16": 6, "17": 6, "27": 5, "20": 5, "19": 15},
    "20": {"20": 50, "19": 10, "18": 6, "21": 15, "31": 8, "16": 4},
    "21": {"17": 4, "35": 4, "36": 3, "40": 3},
    "23": {"29": 2, "02": 2, "24": 2},
    "24": {"14": 8, "12": 6, "13": 6, "11": 3, "02": 4, "04": 4, "26": 8},
    "25": {"30": 3, "24": 3, "12": 2},
    "26": {"30": 2, "40": 1, "01": 1},
    "27": {"33": 10, "27": 6, "37": 8},
    "29": {"28": 10},
    "31": {"32": 10, "31": 15, "34": 4, "42": 4, "20": 2},
    "32": {"33": 10, "32": 8},
    "33": {"28": 4, "30": 4, "32": 3, "34": 3},
    "34": {"34": 8, "31": 3, "35": 3, "36": 3},
    "35": {"20": 3, "12": 2, "18": 2, "21": 3, "40": 2},
    "36": {"27": 6, "02": 2, "03": 2, "37": 4},
    "37": {"01": 1, "27": 1},
    "38": {"30": 1, "33": 1},
    "39": {"35": 2, "42": 1},
    "40": {"42": 1, "39": 0.5},
    "41": {"31": 1, "39": 1},
}
CITY_SPECIALISATION = {"19": 2.6, "20": 3.2, "31": 4.0, "07": 2.2, "08": 1.8, "12": 1.4,
                       "18": 1.3, "21": 1.8, "35": 2.0, "28": 1.3}  # fmt: skip
CITY_GROWTH = {"20": 0.11, "31": 0.15, "19": 0.13, "35": 0.10, "21": 0.09, "18": 0.07,
               "07": -0.03, "08": -0.05, "02": -0.06, "33": 0.01}  # fmt: skip
CITY_ABSENT = ("03", "04")


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
    n = len(codes)
    kinds = [PARAMS[c][1] for c in codes]
    mu_product = np.array([PARAMS[c][4] for c in codes])
    rho = np.array([TYPES[k][0] for k in kinds]) + rng.uniform(-0.03, 0.03, n)
    total = _input_shares(rng, codes) * rho
    mu = mu_product[:, None] * rng.lognormal(0.0, 0.25, (n, n))
    mu = np.minimum(mu, 0.95)
    a_dom, a_imp = (1.0 - mu) * total, mu * total

    base = np.array([PARAMS[c][3] for c in codes]) * 1e7 * rng.lognormal(0.0, 0.15, n)
    prof = np.array([PROFILES[PARAMS[c][2]] for c in codes])
    goods = np.array([TYPES[k][3] for k in kinds])
    inventory = prof[:, 3] * rng.uniform(-0.5, 1.0, n) * goods  # stock changes: goods only
    urban = rng.uniform(0.70, 0.80, n)
    fd = np.column_stack(
        [
            base * prof[:, 0] * (1 - urban),
            base * prof[:, 0] * urban,
            base * prof[:, 1],
            base * prof[:, 2],
            base * inventory,
            base * prof[:, 4],
        ]
    )
    x_model = np.linalg.solve(np.eye(n) - a_dom, fd.sum(axis=1))
    Z = np.round(a_dom * x_model)
    F = np.round(fd)
    x = Z.sum(axis=1) + F.sum(axis=1)  # output by the row identity, exact in integers
    M = np.round(a_imp * x)
    va = x - Z.sum(axis=0) - M.sum(axis=0)
    shares = np.array([TYPES[k][1] for k in kinds]) * rng.uniform(0.9, 1.1, (n, 3))
    shares *= np.minimum(1.0, 0.97 / shares.sum(axis=1))[:, None]  # keep a surplus
    comp, tax, dep = (np.round(shares[:, k] * va) for k in range(3))
    surplus = va - comp - tax - dep
    mf = np.round(F * (mu_product / (1.0 - mu_product))[:, None] * 0.6)
    mf[:, [4, 5]] = 0.0  # no imported stock changes or re-exports
    wage = np.array([TYPES[k][2] for k in kinds]) * rng.uniform(0.9, 1.1, n)
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
