"""End-to-end scenario runs: every shipped scenario, invariants, determinism, CLI."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
from conftest import ROOT, need_data

from chainmap.city.stages import stage_eligibility
from chainmap.cli.main import main
from chainmap.errors import ScenarioError
from chainmap.scenario.catalog import list_scenarios
from chainmap.scenario.compare import compare_industries, compare_selections
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import ScenarioResult, run_scenario
from chainmap.scenario.schema import load_scenario
from chainmap.select.result import SelectionStatus

SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.stem != "base")
FAST = ["robustness.weight_draws=100", "selection.alternatives=2"]


def _run(name: str, *extra: str) -> ScenarioResult:
    return run_scenario(load_scenario(ROOT / "scenarios" / f"{name}.yaml", [*FAST, *extra]))


@pytest.fixture(scope="module")
def demo() -> ScenarioResult:
    return _run("illustrative_demo")


def check_invariants(result: ScenarioResult) -> None:
    """Every constraint of the scenario holds in the chosen portfolio."""
    sc = result.scenario
    sel = result.selection
    assert sel.status in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE)
    budget = sc.get("selection.budget")
    if budget is not None:
        assert sel.usage["cost_total"] <= budget + 1e-6
    lo, hi = sc.get("selection.n_leading")
    assert lo <= len(sel.leading) <= hi
    plo, phi = sc.get("selection.n_potential")
    assert plo <= len(sel.potential) <= phi
    inputs = result.selection_inputs
    chosen = set(sel.leading) | set(sel.potential)
    assert set(inputs.must_include) <= chosen
    assert not set(inputs.exclude) & chosen
    stages = result.criteria.indicators["stage"]
    strict = bool(sc.get("selection.strict_stages"))
    for code in sel.leading:
        assert stage_eligibility(stages[code], strict=strict).can_lead, code
    for code in sel.potential:
        assert stage_eligibility(stages[code], strict=True).can_be_potential, code
    covers = bool(sc.get("selection.leading_covers_links"))
    for link in sel.links:
        assert link.industry in sel.leading  # links count for leading chains only
        # covered by a fill, or (leading_covers_links) by the supplier itself leading
        assert link.supplier in (sel.filled if link.by == "fill" else sel.leading)
        assert covers or link.by == "fill"
    if covers:
        assert not set(sel.filled) & set(sel.leading)
    # a filled supplier serves at least one chosen chain
    suppliers = {link.supplier for link in sel.links}
    assert set(sel.filled) <= suppliers
    # selected industries are candidates (the city data report them)
    assert chosen <= set(inputs.candidates)
    # roles agree with the decision
    roles = result.criteria.roles["role"]
    assert set(roles[roles == "leading"].index) == set(sel.leading)
    assert set(roles[roles == "potential"].index) == set(sel.potential)


def test_illustrative_demo_runs_offline(demo: ScenarioResult) -> None:
    check_invariants(demo)
    assert demo.illustrative
    assert demo.group_effect["sectors"] == list(demo.selection.leading)
    # exact joint extraction differs from the additive sum by the recorded interaction
    ge = demo.group_effect
    assert ge["full"] == pytest.approx(ge["additive_full"] + ge["interaction_full"])
    assert any("shortlist" in note for note in demo.notes)


def test_same_scenario_twice_gives_identical_files(demo: ScenarioResult, tmp_path: Path) -> None:
    first = write_results(demo, tmp_path / "a")
    again = _run("illustrative_demo")
    second = write_results(again, tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert different == ["timings.json"]
    doc = json.loads((first / "result.json").read_text(encoding="utf-8"))
    prov = doc["provenance"]
    assert prov["chainmap_version"]
    assert prov["scenario"]["overrides"][-1]["source"].startswith("--set")
    assert all(len(h) == 64 for h in prov["input_sha256"].values() if h)
    assert doc["selection"]["leading"] == list(demo.selection.leading)


def test_results_refuse_overwrite(demo: ScenarioResult, tmp_path: Path) -> None:
    out = write_results(demo, tmp_path / "r")
    with pytest.raises(Exception, match="exists"):
        write_results(demo, out)
    write_results(demo, out, force=True)
    assert (out / "result.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_interrupted_results_leave_nothing(
    demo: ScenarioResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainmap.scenario.results as results

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(results, "_links_frame", boom)
    with pytest.raises(RuntimeError):
        write_results(demo, tmp_path / "r")
    assert list(tmp_path.iterdir()) == []


def test_compare_industries_and_selections(demo: ScenarioResult) -> None:
    codes = [*list(demo.selection.leading)[:2], "01"]
    frame = compare_industries(demo, codes)
    assert list(frame.index) == codes
    assert frame.loc[codes[0], "selected"] == "leading"
    assert frame.loc[codes[0], "score"] == pytest.approx(demo.criteria.score[codes[0]])
    assert frame["local_supporting_rate"].between(0, 1).all()
    with pytest.raises(Exception, match="closest"):
        compare_industries(demo, ["no such industry"])
    other = _run("illustrative_demo", "selection.n_leading=[1, 1]")
    both = compare_selections(demo, other)
    picked = set(demo.selection.leading) | set(other.selection.leading)
    assert picked <= set(both.index)


def test_infeasible_scenario_is_a_status(tmp_path: Path) -> None:
    result = _run("illustrative_demo", "selection.budget=0.5")
    assert result.selection.status == SelectionStatus.INFEASIBLE
    assert result.infeasibility is not None
    assert "budget" in result.infeasibility.message
    out = write_results(result, tmp_path / "r")
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["infeasibility"]["feasible"] is False


def test_unknown_code_names_key_and_file() -> None:
    with pytest.raises(ScenarioError, match=r"illustrative_demo.yaml.*selection.require.*'99'"):
        _run("illustrative_demo", "selection.require=['99']")


def test_list_scenarios() -> None:
    frame = list_scenarios(ROOT / "scenarios")
    assert set(frame["scenario"]) >= {p.stem for p in SCENARIOS}
    row = frame.set_index("scenario").loc["hangzhou_2023"]
    assert row["extends"] == "base"
    assert frame.set_index("scenario").loc["illustrative_demo", "data"] == "ok"


def test_cli_run_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    scenario = str(ROOT / "scenarios" / "illustrative_demo.yaml")
    assert (
        main(["run", scenario, "-o", str(out), *[arg for s in FAST for arg in ("--set", s)]]) == 0
    )
    text = capsys.readouterr().out
    assert "leading" in text and str(out) in text
    assert main(["run", scenario, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists" in err
    assert main(["run", scenario, "-o", str(tmp_path / "x"), "--set", "selection.nope=1"]) == 2
    assert "unknown key 'selection.nope'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.realdata
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_runs_on_real_data(path: Path) -> None:
    need_data("china-nbs/china_2020_153.csv")
    result = run_scenario(load_scenario(path, FAST))
    check_invariants(result)
    assert result.city.n >= 40
    assert len(result.alternatives) <= 2


@pytest.mark.realdata
def test_hefei_panel_is_a_break_point() -> None:
    need_data("china-nbs/china_2020_153.csv")
    result = _run("hefei_style_appliances", "robustness.weight_draws=0")
    links = result.gaps["093"].links
    panel = links.loc["094"]
    assert panel["gap_class"] == "break" and panel["action"] == "fill"
    assert bool(panel["choke_flag"])
    assert panel["cost_share"] == links["cost_share"].max()


@pytest.mark.realdata
def test_leading_supplier_covers_its_links_on_hangzhou() -> None:
    # Hangzhou with electronic components (094) required among the leading industries: it
    # is filled for the computer and telecom chains by default; with
    # selection.leading_covers_links the leading 094 covers those links itself, is not
    # also filled, and the links say so. (Since the gap thresholds come from observed
    # shares, no shipped scenario leads a supplier of its own chains unprompted.)
    need_data("china-nbs/china_2020_153.csv")
    quiet = (
        "robustness.weight_draws=0",
        "selection.alternatives=0",
        'selection.require=["094"]',
    )
    default = _run("hangzhou_2023", *quiet)
    covers = _run("hangzhou_2023", *quiet, "selection.leading_covers_links=true")
    for result in (default, covers):
        check_invariants(result)
    assert {link.by for link in default.selection.links} == {"fill"}
    by_lead = [link for link in covers.selection.links if link.by == "leading"]
    assert by_lead and all(link.supplier in covers.selection.leading for link in by_lead)
    assert not set(covers.selection.filled) & set(covers.selection.leading)
    assert covers.scenario.get("selection.leading_covers_links") is True
