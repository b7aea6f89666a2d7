"""Chain-gap diagnosis: a constructed appliance chain mirroring Hefei 2008, Woodbury fill values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainmap.city.regional import ABSENT_PREFIX, FINAL_DEMAND_COLUMN
from chainmap.errors import InputDataError, ScenarioError
from chainmap.gaps.diagnosis import GapThresholds, calc_fill_gains, calc_key_links, diagnose_gaps
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

# Hefei 2008 (source report 000:634): local supporting rates of refrigerators 65 %, washing
# machines 60 %, air conditioners 70 %, colour TVs only 30 % because LCD panels (70 % of a
# TV's cost, monopolised abroad) were not made locally.
CODES = ["P", "C", "K", "S", "L", "T", "F", "W", "A", "V"]
NAMES = {
    "P": ("液晶面板", "LCD panels"),
    "C": ("电子元器件", "electronic components"),
    "K": ("压缩机和电机", "compressors and motors"),
    "S": ("钢材", "steel"),
    "L": ("塑料制品", "plastics"),
    "T": ("彩电", "colour TVs"),
    "F": ("冰箱", "refrigerators"),
    "W": ("洗衣机", "washing machines"),
    "A": ("空调", "air conditioners"),
    "V": ("服务", "services"),
}
# national requirements a_ij (row i supplies column j); the city's local share of each link
NEED = {
    "T": {"P": 0.49, "C": 0.07, "L": 0.06, "S": 0.03, "V": 0.05},
    "F": {"K": 0.20, "S": 0.15, "L": 0.12, "C": 0.05, "V": 0.08},
    "W": {"K": 0.15, "S": 0.12, "L": 0.15, "C": 0.06, "V": 0.07},
    "A": {"K": 0.25, "S": 0.10, "L": 0.08, "C": 0.08, "V": 0.06},
    "K": {"S": 0.30, "C": 0.10, "V": 0.05},
    "C": {"C": 0.20, "V": 0.05},
    "S": {"S": 0.30, "V": 0.05},
    "L": {"L": 0.10, "V": 0.05},
    "V": {"V": 0.20},
    "P": {"C": 0.30, "P": 0.05, "L": 0.05, "S": 0.02, "V": 0.10},
}
LOCAL = {
    "T": {"P": 0.0, "C": 1.0, "L": 1.0, "S": 1.0, "V": 1.0},  # 0.21 / 0.70 = 30 %
    "F": {"K": 0.8, "S": 0.4, "L": 0.75, "C": 0.4, "V": 0.75},  # 0.39 / 0.60 = 65 %
    "W": {"K": 0.8, "S": 0.4, "L": 0.6, "C": 0.4, "V": 0.6},  # 0.324 / 0.55 = 58.9 %
    "A": {"K": 0.9, "S": 0.4, "L": 0.75, "C": 0.4, "V": 0.7},  # 0.399 / 0.57 = 70 %
    "K": {"S": 0.4, "C": 0.4, "V": 0.8},
    "C": {"C": 0.3, "V": 0.8},
    "S": {"S": 0.3, "V": 0.8},
    "L": {"L": 0.6, "V": 0.8},
    "V": {"V": 0.8},
}
CITY_X = {"T": 300, "F": 400, "W": 300, "A": 500, "K": 300, "C": 100, "S": 150, "L": 150, "V": 1000}
NATION_X = {"P": 1000, "T": 5000, "F": 4000, "W": 3000, "A": 5000, "K": 4000, "C": 6000}
NATION_X |= {"S": 8000, "L": 5000, "V": 40000}
NATION_IMPORTS = {"P": 1500.0}  # 60 % of panels used in China are imported (μ = 0.6)


def need_matrix() -> np.ndarray:
    a = np.zeros((len(CODES), len(CODES)))
    for j, col in NEED.items():
        for i, v in col.items():
            a[CODES.index(i), CODES.index(j)] = v
    return a


def sectors(codes: list[str]) -> pd.DataFrame:
    idx = pd.Index(codes, name=INDUSTRY)
    return pd.DataFrame(
        {
            "name": [NAMES[c][0] for c in codes],
            "name_zh": [NAMES[c][0] for c in codes],
            "name_en": [NAMES[c][1] for c in codes],
        },
        index=idx,
    )


def nation() -> IOTable:
    """Competitive national table with the same technology; panels largely imported."""
    a = need_matrix()
    x = np.array([float(NATION_X[c]) for c in CODES])
    Z = a * x
    m = np.array([NATION_IMPORTS.get(c, 0.0) for c in CODES])
    idx = pd.Index(CODES, name=INDUSTRY)
    household = x - Z.sum(axis=1) + m
    assert (household >= 0).all()
    return IOTable(
        sectors=sectors(CODES),
        Z=pd.DataFrame(Z, index=idx, columns=idx),
        final_demand=pd.DataFrame({"household_consumption": household, "imports": -m}, index=idx),
        value_added=pd.DataFrame(
            [x - Z.sum(axis=0)], index=pd.Index(["operating_surplus"]), columns=idx
        ),
        meta=TableMeta(region="China", year=2008, unit="亿元", table_id="appliance-nation"),
    )


def hefei() -> IOTable:
    """City table (non-competitive) built by hand: local flows, imports, panels absent."""
    codes = [c for c in CODES if c != "P"]
    idx = pd.Index(codes, name=INDUSTRY)
    a = need_matrix()
    x = np.array([float(CITY_X[c]) for c in codes])
    pos = [CODES.index(c) for c in codes]
    share = np.zeros((len(codes), len(codes)))
    for j, col in LOCAL.items():
        for i, v in col.items():
            if i != "P":
                share[codes.index(i), codes.index(j)] = v
    need = a[np.ix_(pos, pos)] * x
    Z = need * share
    M = need - Z
    panels = a[CODES.index("P"), pos] * x
    fd = x - Z.sum(axis=1)
    assert (fd > 0).all()
    va = x - need.sum(axis=0) - panels
    return IOTable(
        sectors=sectors(codes),
        Z=pd.DataFrame(Z, index=idx, columns=idx),
        final_demand=pd.DataFrame({FINAL_DEMAND_COLUMN: fd}, index=idx),
        value_added=pd.DataFrame([va], index=pd.Index(["operating_surplus"]), columns=idx),
        imports=pd.DataFrame(M, index=idx.copy(), columns=idx),
        other_inputs=pd.DataFrame([panels], index=pd.Index([f"{ABSENT_PREFIX}P"]), columns=idx),
        meta=TableMeta(
            region="合肥 (constructed)", year=2008, unit="亿元", table_type="noncompetitive"
        ),
    )


def test_hefei_local_supporting_rates() -> None:
    city, parent = hefei(), nation()
    rate = {
        c: diagnose_gaps(city, c, parent=parent).summary["local_supporting_rate"] for c in "TFWA"
    }
    assert rate["T"] == pytest.approx(0.30, abs=1e-12)
    assert rate["F"] == pytest.approx(0.65, abs=1e-12)
    assert rate["W"] == pytest.approx(0.324 / 0.55, abs=1e-12)
    assert rate["A"] == pytest.approx(0.70, abs=1e-12)
    assert all(0.58 <= rate[c] <= 0.70 for c in "FWA")


def test_hefei_tv_panel_is_a_break_point_to_fill() -> None:
    d = diagnose_gaps(hefei(), "彩电", parent=nation())
    links = d.links
    assert links.index[0] == "P"  # the largest need comes first
    panel = links.loc["P"]
    assert panel["cost_share"] == pytest.approx(0.70)
    assert panel["local_share"] == 0.0 and panel["local_output"] == 0.0
    assert panel["import_share"] == pytest.approx(1500 / 2500)
    assert (panel["gap_class"], panel["gap_class_zh"]) == ("break", "断点")
    assert (panel["action"], panel["action_zh"]) == ("fill", "补链")
    assert bool(panel["choke_flag"])  # import-dependent even nationally, reported beside
    others = links.drop(index="P")
    assert set(others["gap_class"]) == {"sound"}
    # key links: P (70 %) and C (10 %) reach 80 %; C is local, P is not
    assert links.index[links["is_key"]].tolist() == ["P", "C"]
    assert d.summary["key_links"] == 2 and d.summary["chain_completeness"] == 0.5
    assert d.summary["n_break"] == 1 and d.summary["n_sound"] == 4


#: The thresholds the toy cases were written for (before the observed-share defaults).
TOY = GapThresholds(break_share=0.10, sound_share=0.50, large_lq=1e9, large_output_share=1.0)


def test_hefei_fridge_weak_links() -> None:
    d = diagnose_gaps(hefei(), "F", parent=nation(), thresholds=TOY)
    cls = d.links["gap_class"].to_dict()
    assert cls == {"K": "sound", "S": "weak", "L": "sound", "V": "sound", "C": "weak"}
    assert set(d.links.loc[["S", "C"], "action_zh"]) == {"强链"}
    assert d.summary["chain_completeness"] == 1.0


def brute_output(city: IOTable, A: np.ndarray, f: np.ndarray) -> np.ndarray:
    return np.linalg.inv(np.eye(A.shape[0]) - A) @ f


def test_fill_values_equal_brute_force_reinversion() -> None:
    city, parent = hefei(), nation()
    t = GapThresholds(
        fill_target=0.6, break_share=0.10, sound_share=0.50, large_lq=1e9, large_output_share=1.0
    )
    d = diagnose_gaps(city, "F", parent=parent, thresholds=t)
    codes = list(city.codes)
    x = city.x
    f = city.final_demand.to_numpy().sum(axis=1)
    A = city.a
    need = (city.z + city.imports.to_numpy()) / x
    va = city.value_added.to_numpy().sum(axis=0) / x
    for s in ["K", "S", "L", "C", "V"]:
        i = codes.index(s)
        A2 = A.copy()
        A2[i] = np.maximum(A[i], 0.6 * need[i])
        x2 = brute_output(city, A2, f)
        assert d.links.loc[s, "fill_output_gain"] == pytest.approx((x2 - x).sum(), rel=1e-10)
        assert d.links.loc[s, "fill_value_added_gain"] == pytest.approx(va @ (x2 - x), rel=1e-10)
    # joint fill of every 补链/强链 link (S and C): one rank-2 update
    A3 = A.copy()
    for s in ["S", "C"]:
        i = codes.index(s)
        A3[i] = np.maximum(A[i], 0.6 * need[i])
    x3 = brute_output(city, A3, f)
    assert d.summary["joint_fill_output_gain"] == pytest.approx((x3 - x).sum(), rel=1e-10)
    assert d.summary["joint_fill_value_added_gain"] == pytest.approx(va @ (x3 - x), rel=1e-10)


def test_new_sector_fill_equals_bordered_reinversion() -> None:
    """Filling the panel link adds a panel sector: bordered matrix, fresh inverse."""
    city, parent = hefei(), nation()
    d = diagnose_gaps(city, "T", parent=parent)
    codes = list(city.codes)
    n = len(codes)
    x = city.x
    f = city.final_demand.to_numpy().sum(axis=1)
    need = (city.z + city.imports.to_numpy()) / x
    a_nat = parent.a
    tot = (need * x).sum(axis=1)
    # the city's local share of each product (products nobody buys: 0)
    avg_local = np.divide(city.z.sum(axis=1), tot, out=np.zeros(n), where=tot > 0)
    ip = CODES.index("P")
    rows = [CODES.index(c) for c in codes]
    A = np.zeros((n + 1, n + 1))
    A[:n, :n] = city.a
    A[n, :n] = 0.5 * a_nat[ip, rows]  # panels sold to local buyers at the fill target
    A[:n, n] = a_nat[rows, ip] * avg_local  # the panel maker's own local purchases
    A[n, n] = 0.5 * a_nat[ip, ip]
    x2 = brute_output(city, A, np.concatenate([f, [0.0]]))
    gain = (x2[:n] - x).sum() + x2[n]
    assert x2[n] == pytest.approx(0.5 * 0.49 * 300 / (1 - 0.5 * 0.05), rel=0.2)
    assert d.links.loc["P", "fill_output_gain"] == pytest.approx(gain, rel=1e-10)
    va_city = city.value_added.to_numpy().sum(axis=0) / x
    va_p = parent.value_added.to_numpy()[0, ip] / parent.x[ip]
    expected_va = va_city @ (x2[:n] - x) + va_p * x2[n]
    assert d.links.loc["P", "fill_value_added_gain"] == pytest.approx(expected_va, rel=1e-10)
    assert d.summary["joint_fill_output_gain"] == pytest.approx(gain, rel=1e-10)


def test_calc_fill_gains_matches_sherman_morrison_on_textbook() -> None:
    t = miller_blair_2x2()
    delta = np.array([[0.0, 0.05], [0.02, 0.0]])  # row 1 (sector 1) and row 2 (sector 2)
    gains = calc_fill_gains(t.l, t.x, delta)
    f = t.total_final_demand.to_numpy()
    for s in range(2):
        A2 = t.a.copy()
        A2[s] += delta[s]
        np.testing.assert_allclose(
            gains[:, s], np.linalg.solve(np.eye(2) - A2, f) - t.x, rtol=1e-12
        )


def test_downstream_extension() -> None:
    # components sell to panel makers nationally (0.30 * 1000 / 6000 = 5 %); Hefei has none
    d = diagnose_gaps(hefei(), "C", parent=nation())
    ds = d.downstream
    assert ds.loc["P", "sales_share"] == pytest.approx(0.05)
    assert ds.loc["P", "presence"] == 0.0
    assert (ds.loc["P", "action"], ds.loc["P", "action_zh"]) == ("extend", "延链")
    assert d.summary["extension_opportunities"] == int((ds["action"] == "extend").sum())
    assert ds.loc["T", "action"] == "none"  # (300/100)/(5000/6000) = 3.6 ≥ 0.5


def test_key_links() -> None:
    assert calc_key_links(np.array([0.2, 0.2, 0.2, 0.2, 0.2]), 0.8).tolist() == [True] * 4 + [False]
    assert calc_key_links(np.array([0.0, 1.0]), 0.8).tolist() == [False, True]


def test_without_parent_and_errors() -> None:
    city = hefei()
    d = diagnose_gaps(city, "T")
    assert d.links["import_share"].isna().all()
    assert np.isnan(d.links.loc["P", "fill_output_gain"])  # needs the panel maker's technology
    assert d.downstream.empty
    assert d.links.loc["P", "gap_class"] == "break"
    assert "no parent table" in d.summary["import_share_source"]
    with pytest.raises(InputDataError, match="unknown sector"):
        diagnose_gaps(city, "panel factory")
    with pytest.raises(ScenarioError, match="break_share must not exceed"):
        GapThresholds(break_share=0.6, sound_share=0.5)
    with pytest.raises(ScenarioError, match="must lie in"):
        GapThresholds(fill_target=1.5)
    competitive = miller_blair_2x2()
    with pytest.raises(InputDataError, match="n x n import block"):
        diagnose_gaps(competitive, "1")


def test_group_candidate() -> None:
    d = diagnose_gaps(hefei(), ["F", "W", "A"], parent=nation())
    x = {"F": 400, "W": 300, "A": 500}
    local = 0.39 * 400 + 0.324 * 300 + 0.399 * 500
    total = 0.60 * 400 + 0.55 * 300 + 0.57 * 500
    assert d.summary["local_supporting_rate"] == pytest.approx(local / total)
    assert d.summary["city_output"] == sum(x.values())


def test_cli_gaps(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from chainmap.cli.main import main
    from chainmap.io.readers import write_native

    city_dir = write_native(hefei(), tmp_path / "hefei")
    nation_dir = write_native(nation(), tmp_path / "nation")
    out = tmp_path / "out"
    argv = ["gaps", str(city_dir), "彩电", "--parent", str(nation_dir), "--no-png", "-o", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "local supporting rate 30.0%" in printed and "1 break" in printed
    names = sorted(p.name for p in out.iterdir())
    assert names == ["gaps_T.json", "gaps_T.svg", "gaps_T_downstream.csv", "gaps_T_links.csv"]
    links = pd.read_csv(out / "gaps_T_links.csv", dtype={"supplier": str})
    panel = links.set_index("supplier").loc["P"]
    assert (panel["gap_class"], panel["action_zh"]) == ("break", "补链")
    svg = (out / "gaps_T.svg").read_text(encoding="utf-8")
    assert "断点 · 补链" in svg and 'data-class="break"' in svg
    assert main(["gaps", str(city_dir), "no such sector", "-o", str(out)]) == 2
    assert "unknown sector" in capsys.readouterr().err


@pytest.mark.realdata
def test_hangzhou_2023_electronics() -> None:
    """National 2020 table + Hangzhou 2023 above-scale output → city table → gaps of division 39."""
    from conftest import ROOT, need_data

    from chainmap.city.citydata import (
        codes_for_source,
        map_to_parent,
        read_city_data,
        read_concordance,
    )
    from chainmap.city.regional import regionalize
    from chainmap.io.readers import read_table
    from chainmap.io.validate import validate_table

    parent = read_table(need_data("china-nbs/china_2020_153.csv"))
    seeds = ROOT / "io_tables" / "seeds" / "hangzhou_above_scale_industrial_output.csv"
    conc = read_concordance(ROOT / "io_tables" / "concordances" / "gbt4754_to_cn153.csv")
    raw = read_city_data(seeds, value_column="y2023", key_column="industry_zh", unit="亿元")
    city = regionalize(parent, map_to_parent(raw, conc, parent, unreported="zero"))
    validate_table(city, source="hangzhou")

    # identities of the city table, row and column
    x = city.x
    cols = city.z.sum(0) + city.imports.to_numpy().sum(0) + city.value_added.to_numpy().sum(0)
    cols = cols + city.other_inputs.to_numpy().sum(0)
    np.testing.assert_allclose(cols, x, rtol=1e-12)
    np.testing.assert_allclose(city.z.sum(1) + city.final_demand.to_numpy().sum(1), x, rtol=1e-12)
    # city outputs equal the inputs: every reported division (亿元 → 万元), split by parent output
    out = pd.Series(0.0, index=parent.codes)
    out[city.codes] = x
    for name, value in raw.values.dropna().items():
        targets = codes_for_source(conc, str(name))
        assert out[targets].sum() == pytest.approx(value * 1e4, rel=1e-12), name
        shares = parent.output[targets] / parent.output[targets].sum()
        np.testing.assert_allclose(out[targets] / out[targets].sum(), shares, rtol=1e-12)
    # filled and absent sectors are recorded
    services = [f"{i:03d}" for i in [*range(1, 6), *range(103, 154)]]
    filled = [n for n in city.meta.notes if n.startswith("filled sectors (parent_share")]
    assert len(filled) == 1 and filled[0].endswith(": " + ", ".join(services))
    absent = [n for n in city.meta.notes if n.startswith("absent sectors")]
    assert absent == [
        "absent sectors (zero city output, 4; their products are imported): 006, 007, 008, 011"
    ]
    assert list(city.other_inputs.index) == [f"imported:{c}" for c in ["006", "007", "008", "011"]]

    group = codes_for_source(conc, "计算机、通信和其他电子设备制造业")
    assert group == ["090", "091", "092", "093", "094", "095"]
    d = diagnose_gaps(city, group, parent=parent)
    links = d.links
    # local supporting rate from the city table directly
    pos = city.codes.get_indexer(group)
    need = city.z[:, pos].sum() + city.imports.to_numpy()[:, pos].sum()
    need += city.other_inputs.to_numpy()[:, pos].sum()
    assert d.summary["local_supporting_rate"] == pytest.approx(city.z[:, pos].sum() / need)
    assert d.summary["city_output"] == pytest.approx(3319.4e4)
    assert links["cost_share"].sum() == pytest.approx(1.0)
    assert (links["local_share"] <= 1.0 + 1e-12).all()
    # electronic components: the largest link, 45 % imported nationally in 2020 → choke point
    assert links.index[0] == "094"
    assert links.loc["094", "import_share"] == pytest.approx(0.447236, abs=1e-6)
    assert links.loc["094", "gap_class"] == "choke"
    assert d.summary["key_links"] == int(links["is_key"].sum()) > 0
    assert 0.0 <= d.summary["chain_completeness"] <= 1.0
