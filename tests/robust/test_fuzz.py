"""Issue 13, item 7: fuzzing every reader — a clean ChainmapError or a valid result, never
another exception. Derandomised (same cases every run), no deadline, a few thousand cases."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainmap.errors import ChainmapError

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
CELL = st.one_of(
    st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["", "nan", "inf", "1e308", "x", "代码", '"', ",", "\n"]),
    st.text(max_size=6),
)
CSV_TEXT = st.lists(st.lists(CELL, min_size=0, max_size=5), max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows)
)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])
BLOB = st.one_of(st.binary(max_size=300), st.tuples(CSV_TEXT, ENCODING).map(lambda t: _encode(*t)))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _mutate(data: bytes, cut: int, flip: int) -> bytes:
    if not data:
        return data
    data = data[: max(1, len(data) * cut // 100)]
    k = flip % len(data)
    return data[:k] + bytes([data[k] ^ 0x5A]) + data[k + 1 :]


def _read(path: Path) -> None:
    from chainmap.io.readers import read_table

    with contextlib.suppress(ChainmapError):
        read_table(str(path))


@FUZZ
@given(
    name=st.sampled_from(["Z.csv", "final_demand.csv", "value_added.csv", "meta.csv"]), blob=BLOB
)
def test_fuzz_csv_folder(tmp_path: Path, name: str, blob: bytes) -> None:
    folder = tmp_path / "t"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "io_tables/examples/miller_blair_2x2", folder)
    (folder / name).write_bytes(blob)
    _read(folder)


@FUZZ
@given(
    blob=BLOB,
    header=st.sampled_from(
        ["Code,Description,DescriptionInChinese,", "iotables_row,", "Code,Description,HFCE,"]
    ),
)
def test_fuzz_csv_layouts(tmp_path: Path, blob: bytes, header: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(header.encode() + b"\n" + blob)
    _read(path)


@pytest.fixture(scope="module")
def xlsx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from chainmap.io.examples import miller_blair_2x2
    from chainmap.io.readers import write_native

    path = write_native(miller_blair_2x2(), tmp_path_factory.mktemp("x") / "t.xlsx")
    return path.read_bytes()


@FUZZ
@given(cut=st.integers(0, 100), flip=st.integers(0, 10**6))
def test_fuzz_xlsx(tmp_path: Path, xlsx_bytes: bytes, cut: int, flip: int) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(_mutate(xlsx_bytes, cut, flip))
    _read(path)


YAML = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=5)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(
                    [
                        "selection",
                        "n_leading",
                        "budget",
                        "city",
                        "unit",
                        "table",
                        "regionalization",
                        "delta",
                        "method",
                        "repair",
                        "extends",
                    ]
                ),
                inner,
                max_size=3,
            ),
        ),
        max_leaves=8,
    ).map(lambda v: __import__("yaml").safe_dump(v, allow_unicode=True).encode("utf-8")),
)


@FUZZ
@given(blob=YAML)
def test_fuzz_scenario_yaml(tmp_path: Path, blob: bytes) -> None:
    from chainmap.scenario.schema import load_scenario

    path = tmp_path / "s.yaml"
    path.write_bytes(blob)
    with contextlib.suppress(ChainmapError):
        load_scenario(path)


@FUZZ
@given(blob=BLOB, unit=st.sampled_from(["", "亿元", "万元"]))
def test_fuzz_city_csv(tmp_path: Path, blob: bytes, unit: str) -> None:
    from chainmap.city.citydata import complete_city_output, read_city_data
    from chainmap.io.examples import miller_blair_2x2

    path = tmp_path / "c.csv"
    path.write_bytes(b"code,value\n" + blob)
    try:
        data = read_city_data(path, unit=unit or "currency units", require_unit=True)
        complete_city_output(data, miller_blair_2x2())
    except ChainmapError:
        pass


@settings(FUZZ, max_examples=40)
@given(
    name=st.sampled_from(
        [
            "result.json",
            "measures.csv",
            "criteria.csv",
            "alternatives.csv",
            "sectors.csv",
            "robustness.csv",
            "manifest.json",
        ]
    ),
    cut=st.integers(0, 100),
    flip=st.integers(0, 10**6),
    garbage=st.booleans(),
)
def test_fuzz_result_folder(
    result_dir: Path, tmp_path: Path, name: str, cut: int, flip: int, garbage: bool
) -> None:
    from chainmap.report.write import write_report
    from chainmap.scenario.results import write_manifest

    folder = tmp_path / "r"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(result_dir, folder)
    target = folder / name
    if not target.exists():
        return
    target.write_bytes(_mutate(target.read_bytes(), cut, flip))
    if garbage and name != "manifest.json":
        write_manifest(folder)  # damaged, but consistently
    with contextlib.suppress(ChainmapError):
        write_report(folder, formats=("md",))


@settings(FUZZ, max_examples=100)
@given(
    cut=st.integers(0, 100), flip=st.integers(0, 10**6), suffix=st.sampled_from([".xlsx", ".xls"])
)
def test_fuzz_provincial_workbook(
    tmp_path: Path, xlsx_bytes: bytes, cut: int, flip: int, suffix: str
) -> None:
    """Damaged workbooks through the provincial reader (as read_table reaches it)."""
    from chainmap.io.readers import READERS, unreadable_as_input_error

    path = tmp_path / f"p{suffix}"
    path.write_bytes(_mutate(xlsx_bytes, cut, flip))
    with contextlib.suppress(ChainmapError), unreadable_as_input_error(path, "a workbook"):
        READERS["provincial_workbook"](path)
