"""Issue 13, item 4: scenario errors name the file and the dotted key; assumptions recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainmap.errors import ScenarioError
from chainmap.scenario.schema import assumption_notes, load_scenario

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("table: illustrative-42\n" + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("selection:\n  n_leading: [3, 2]\n", "selection.n_leading"),
        ("selection:\n  budget: -5\n", "selection.budget"),
        ("regionalization:\n  delta: 5\n", "regionalization.delta"),
        ("regionalization:\n  method: xyz\n", "regionalization.method"),
        ("robustness:\n  weight_draws: -10\n", "robustness.weight_draws"),
        ("repair: [guess]\n", "repair"),
    ],
)
def test_errors_name_file_and_dotted_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(path) in str(err.value) and f"'{key}'" in str(err.value)


def test_override_errors_name_the_override(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"--set selection.budget: key 'selection.budget'"):
        load_scenario(write(tmp_path, ""), ["selection.budget=-1"])


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "selection:\n  budget: 5\nselection:\n  budget: 6\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml.*'selection' given twice"):
        load_scenario(path)


def test_empty_scenario_is_an_error(tmp_path: Path) -> None:
    for text in ("", "# only a comment\n", "{}\n"):
        path = tmp_path / "e.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError, match=r"e\.yaml: the scenario file is empty"):
            load_scenario(path)


def test_weight_normalisation_and_partial_sets_recorded(tmp_path: Path) -> None:
    full = "criteria:\n  weights: {driving_effect: 1, industrial_base: 1, development_stage: 1, "
    full += "market_size: 1, policy_support: 0.5}\n"
    notes = assumption_notes(load_scenario(write(tmp_path, full)))
    assert any("sum to 4.5; normalised" in n for n in notes)
    partial = assumption_notes(
        load_scenario(write(tmp_path, "criteria:\n  weights: {driving_effect: 0.5}\n"))
    )
    assert any("sets driving_effect=0.5; the others keep their defaults" in n for n in partial)
    assert assumption_notes(load_scenario(ROOT / "scenarios/illustrative_demo.yaml")) == []


def test_scenario_city_data_must_state_its_unit(tmp_path: Path) -> None:
    from chainmap.errors import InputDataError
    from chainmap.scenario.runner import run_scenario

    city = tmp_path / "city.csv"
    city.write_text("code,value\n01,5\n", encoding="utf-8")
    path = write(tmp_path, f"city:\n  data: {city}\n")
    with pytest.raises(InputDataError, match="unit of the city figures is not stated"):
        run_scenario(load_scenario(path))


def test_zero_output_error_says_how_to_repair_in_a_scenario(tmp_path: Path) -> None:
    import shutil

    from chainmap.errors import InputDataError
    from chainmap.scenario.runner import run_scenario

    table = tmp_path / "t"
    shutil.copytree(ROOT / "io_tables/examples/miller_blair_2x2", table)
    z = table / "Z.csv"
    lines = z.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "z.yaml"
    path.write_text(f"table: {table}\nmarket: {{tables: []}}\n", encoding="utf-8")
    fd = table / "final_demand.csv"
    text = fd.read_text(encoding="utf-8").splitlines()
    # make sector 2 produce nothing: its row of Z and final demand zero
    z.write_text("\n".join([lines[0], lines[1], ",".join([*lines[2].split(",")[:1], "0", "0"])]))
    fd.write_text("\n".join([text[0], text[1], "2,0.0,0.0"]))
    with pytest.raises(InputDataError, match=r"add `repair: \[drop_zero_output\]`"):
        run_scenario(load_scenario(path))
