"""Build the sector concordance CSVs shipped in ``io_tables/concordances/``.

Run ``python -m chainmap.io.concordance_build DATA_DIR OUTDIR`` (``DATA_DIR`` holds
``china-provinces/`` and ``china-nbs/``); the output is shipped, and a test checks that
regenerating it reproduces the shipped files byte for byte.

* ``provincial_sectors.csv`` — the sector list of every provincial table year
  (read from the Zhejiang workbook of each year; all provinces of a year share it).
* ``provincial_to_2017.csv`` — each year's sectors → the 2017 42 sectors, by content
  (name and classification notes), many-to-many where a sector was split or merged.
  2012 is matched by name, not position (its codes 22–36 differ from 2017's).
* ``provincial_common.csv`` — each year's sectors → a common scheme: the connected
  components of the year→2017 links over 1997–2017 (``common``, 33 groups) and over
  2002–2017 (``common_2002``, 38 groups), so that every sector of every year falls
  wholly into one common sector and series can be aggregated without splitting.
* ``nbs42_2017_to_153.csv`` — the 2017 42 sectors → the 153 sectors of
  ``china_2020_153.csv``, from ``chainmap/data/nbs_sectors_to_42.csv`` (official 2017
  42↔149 concordance by name, plus four manual rows), checked against the 153 names.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers.provincial import read_provincial_table

#: The workbook of each year whose sector list is used (all provinces share it).
FILES: dict[int, str] = {
    1997: "1997/浙江97.xls",
    2002: "2002/11浙江.xls",
    2007: "2007/11浙江.xls",
    2012: "2012/11浙江.xls",
    2017: "2017/11-浙江.xls",
}
#: The official 2017 42↔149/153 concordance shipped with the package.
SECTORS_TO_42 = Path(__file__).resolve().parents[1] / "data" / "nbs_sectors_to_42.csv"
#: The files written by :func:`build`.
OUTPUTS: tuple[str, ...] = (
    "provincial_sectors.csv",
    "provincial_to_2017.csv",
    "provincial_common.csv",
    "nbs42_2017_to_153.csv",
)

_SAME = {f"{k:02d}": [f"{k:02d}"] for k in range(1, 16)}
_MOVED_0207 = {
    "16": ["16", "17", "23"],
    "17": ["18"],
    "18": ["19"],
    "19": ["20"],
    "20": ["21"],
    "21": ["22"],
    "22": ["22"],
    "23": ["24"],
    "24": ["25"],
    "25": ["26"],
    "26": ["27"],
    "27": ["29"],
    "28": ["29"],
    "29": ["31"],
    "30": ["28"],
    "31": ["30"],
    "32": ["32"],
    "33": ["33"],
}
#: year → {code: [2017 codes]}, every code of the year listed.
LINKS: dict[int, dict[str, list[str]]] = {
    2017: {f"{k:02d}": [f"{k:02d}"] for k in range(1, 43)},
    2012: {
        **{f"{k:02d}": [f"{k:02d}"] for k in range(1, 22)},
        "22": ["22"],
        "23": ["22"],
        **{f"{k:02d}": [f"{k - 1:02d}"] for k in range(24, 36)},
        "36": ["35", "36"],
        **{f"{k:02d}": [f"{k:02d}"] for k in range(37, 43)},
    },
    2007: {
        **_SAME,
        **_MOVED_0207,
        **{f"{k:02d}": [f"{k:02d}"] for k in range(34, 43)},
    },
    2002: {
        **_SAME,
        **_MOVED_0207,
        "34": ["34"],
        "35": ["34"],
        "36": ["35"],
        "37": ["36"],
        "38": ["37", "38"],
        "39": ["39"],
        "40": ["40"],
        "41": ["41"],
        "42": ["42"],
    },
    1997: {
        **_SAME,
        "16": ["16", "17"],
        "17": ["18"],
        "18": ["19"],
        "19": ["20"],
        "20": ["21"],
        "21": ["23"],
        "22": ["22"],
        "23": ["24"],
        "24": ["25"],
        "25": ["26"],
        "26": ["27"],
        "27": ["29"],
        "28": ["29", "31"],
        "29": ["28"],
        "30": ["30"],
        "31": ["29"],
        "32": ["32"],
        "33": ["33"],
        "34": ["30", "34", "37", "38"],
        "35": ["40", "41"],
        "36": ["39", "41"],
        "37": ["35", "36"],
        "38": ["42"],
    },
}


def _components(years: list[int], names17: dict[str, str]) -> dict[str, str]:
    """Union-find over 2017 codes linked through any year's sector → common id."""
    parent = {c: c for c in names17}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for y in years:
        for targets in LINKS[y].values():
            for t in targets[1:]:
                a, b = find(targets[0]), find(t)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    roots = sorted({find(c) for c in names17})
    return {c: f"C{roots.index(find(c)) + 1:02d}" for c in names17}


def _check(ok: bool, msg: str, source: str) -> None:
    if not ok:
        raise InputDataError([Issue(msg, source)], source)


def build(data_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Write the concordance CSVs (:data:`OUTPUTS`) into ``out_dir``; returns their paths.

    Raises
    ------
    InputDataError
        A workbook's sector codes or the 153 codes differ from what the links expect.
    """
    data, out = Path(data_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    prov = data / "china-provinces"
    tables = {y: read_provincial_table(prov / f) for y, f in FILES.items()}
    names = {y: dict(zip(t.codes, t.names, strict=True)) for y, t in tables.items()}
    pd.DataFrame(
        [(y, c, n) for y in FILES for c, n in names[y].items()],
        columns=["year", "code", "name_zh"],
    ).to_csv(out / "provincial_sectors.csv", index=False)
    _write_links_to_2017(out, names)
    _write_common(out, names)
    _write_42_to_153(out, data, names[2017])
    return [out / name for name in OUTPUTS]


def _write_links_to_2017(out: Path, names: dict[int, dict[str, str]]) -> None:
    """provincial_to_2017.csv: each year's sectors → 2017 sectors, with the link kind."""
    n17 = names[2017]
    rows = []
    for y in FILES:
        _check(set(LINKS[y]) == set(names[y]), f"sector codes of {y} differ", FILES[y])
        for c, targets in LINKS[y].items():
            back = [cc for cc, tt in LINKS[y].items() if set(tt) & set(targets)]
            kind = (
                "one-to-one"
                if len(targets) == 1 and len(back) == 1
                else "many-to-one"
                if len(targets) == 1
                else "one-to-many"
            )
            rows += [(y, c, names[y][c], t, n17[t], kind) for t in targets]
    pd.DataFrame(
        rows, columns=["year", "code", "name_zh", "code_2017", "name_zh_2017", "kind"]
    ).to_csv(out / "provincial_to_2017.csv", index=False)


def _write_common(out: Path, names: dict[int, dict[str, str]]) -> None:
    """provincial_common.csv: each year's sectors → the common groups (1997– and 2002–)."""
    n17 = names[2017]
    comp_all = _components(list(FILES), n17)
    comp_02 = _components([2002, 2007, 2012, 2017], n17)

    def label(comp: dict[str, str]) -> dict[str, str]:
        groups: dict[str, list[str]] = {}
        for c, g in comp.items():
            groups.setdefault(g, []).append(n17[c])
        return {g: "+".join(v) for g, v in groups.items()}

    lab_all, lab_02 = label(comp_all), label(comp_02)
    common = []
    for y in FILES:
        for c, targets in LINKS[y].items():
            g = comp_all[targets[0]]
            g2 = comp_02[targets[0]] if y != 1997 else ""
            common.append((y, c, names[y][c], g, lab_all[g], g2, lab_02.get(g2, "")))
    pd.DataFrame(
        common,
        columns=[
            "year",
            "code",
            "name_zh",
            "common",
            "common_name",
            "common_2002",
            "common_2002_name",
        ],
    ).to_csv(out / "provincial_common.csv", index=False)


def _write_42_to_153(out: Path, data: Path, n17: dict[str, str]) -> None:
    """nbs42_2017_to_153.csv, checked against the 153 codes and the 2017 42 names."""
    m = pd.read_csv(SECTORS_TO_42, dtype=str)
    m = m[m.scheme == "nbs-153"]
    src153 = data / "china-nbs" / "china_2020_153.csv"
    t153 = pd.read_csv(src153, dtype=str, usecols=[0, 2])
    t153 = t153[t153.iloc[:, 0].str.fullmatch(r"\d{3}")]
    _check(list(t153.iloc[:, 0]) == list(m.code), "153 codes differ", str(src153))
    c42 = m.rename(columns={"code": "code_153", "name_zh": "name_zh_153"})
    c42 = c42[["code_42", "name_zh_42", "code_153", "name_zh_153", "basis"]]
    _check(set(c42.code_42) == set(n17), "42 codes differ", str(SECTORS_TO_42))
    _check(
        all(
            n17[c].replace("的", "") == nm.replace("的", "")
            for c, nm in zip(c42.code_42, c42.name_zh_42, strict=True)
        ),
        "42 sector names differ from the 2017 workbook",
        str(SECTORS_TO_42),
    )
    c42.sort_values(["code_42", "code_153"]).to_csv(out / "nbs42_2017_to_153.csv", index=False)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m chainmap.io.concordance_build DATA_DIR OUTDIR``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        sys.stderr.write("usage: python -m chainmap.io.concordance_build DATA_DIR OUTDIR\n")
        return 2
    for path in build(args[0], args[1]):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
