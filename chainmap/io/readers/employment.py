"""The NBS national employment series: employed persons by sector and year.

``china-nbs/china_employment_1990_2018.csv`` under the data directory (its README):
columns ``Code, Description, DescriptionInChinese`` then one column per year
(``1990`` … ``2018``); rows ``TOT`` (all employed persons), the GB/T 4754 sections
``A`` … ``T`` and their divisions (``A01``, ``C27``, ...), in 10,000 persons (万人).

The reader checks that every cell is a non-negative number, that codes are unique,
and that each section equals the sum of its divisions and ``TOT`` the sum of the
sections, to the rounding of the published figures (half a unit per term): a file
that fails is not the series the concordance was built for.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import Cells, check_total, coded_lines, header_cells, read_csv_rows
from chainmap.io.registry import data_dir as env_data_dir

#: Where the series lives, relative to the data directory.
EMPLOYMENT_PATH = "china-nbs/china_employment_1990_2018.csv"
#: Unit of the published figures.
EMPLOYMENT_UNIT = "万人"
#: Persons in one unit of the published figures.
PERSONS_PER_UNIT = 1e4
_NAME_COLUMNS = ("Code", "Description", "DescriptionInChinese")


@dataclass(frozen=True)
class EmploymentSeries:
    """Employed persons by sector code (rows) and year (columns), in 万人.

    ``names`` has columns ``name_zh`` and ``name_en`` by code; ``source`` is the file
    and ``sha256`` its bytes' hash.
    """

    persons: pd.DataFrame
    names: pd.DataFrame
    source: str
    sha256: str
    unit: str = EMPLOYMENT_UNIT

    @property
    def years(self) -> list[int]:
        """The years of the series, oldest first."""
        return [int(y) for y in self.persons.columns]

    def year(self, year: int) -> pd.Series:
        """Employed persons of one year by code, in 万人.

        Raises
        ------
        InputDataError
            When the series has no column for ``year``.
        """
        if year not in self.persons.columns:
            msg = f"no column {year}; the series covers {self.years[0]}–{self.years[-1]}"
            raise InputDataError([Issue(msg, self.source, column=str(year))], self.source)
        return self.persons[year].rename(f"employment_{year}")


def find_employment_file(data_dir: str | Path | None = None) -> Path | None:
    """The employment series under ``data_dir`` (default ``CHAINMAP_DATA_DIR``), or None."""
    base = Path(data_dir) if data_dir is not None else env_data_dir()
    if base is None or not (base / EMPLOYMENT_PATH).is_file():
        return None
    return base / EMPLOYMENT_PATH


def _open(path: Path, what: str) -> tuple[list[list[str]], list[str]]:
    """The rows of a CSV and its stripped header; a missing file is an input error."""
    if not path.is_file():
        raise InputDataError([Issue(f"no such file ({what})", str(path))], str(path))
    rows = read_csv_rows(path)
    return rows, header_cells(rows)


def _parent_code(code: str) -> str | None:
    """The aggregate a code adds into: a division's section, a section's ``TOT``."""
    if re.fullmatch(r"[A-Z]\d{2}", code):
        return code[0]
    if re.fullmatch(r"[A-Z]", code):
        return "TOT"
    return None


def read_employment_csv(path: str | Path) -> EmploymentSeries:
    """Read the NBS employment series (layout in the module docstring).

    Parameters
    ----------
    path : the CSV file.

    Returns
    -------
    EmploymentSeries
        Persons in 万人 by code and year (int columns).

    Raises
    ------
    InputDataError
        Every problem together: missing file, wrong header, a code that is neither
        ``TOT``, a section letter nor a division, duplicate codes, a cell that is not a
        non-negative number, a section that differs from the sum of its divisions.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> _ = p.write_text(
    ...     "Code,Description,DescriptionInChinese,2017,2018\\n"
    ...     "TOT,Total,全国总计,10,12\\nA,Farming,农业,4,5\\nA01,Crops,农业,4,5\\n"
    ...     "C,Making,制造业,6,7\\nC01,Food,食品,2,3\\nC02,Cars,汽车,4,4\\n", encoding="utf-8")
    >>> s = read_employment_csv(p)
    >>> s.years, s.year(2018).to_dict()["C02"], s.names.loc["C01", "name_zh"]
    ([2017, 2018], 4.0, '食品')
    """
    path = Path(path)
    src = str(path)
    rows, header = _open(path, "the NBS employment series")
    cells = Cells(src)
    if tuple(header[:3]) != _NAME_COLUMNS:
        cells.add(f"header starts {header[:3]}, expected {list(_NAME_COLUMNS)}", "line 1")
        raise InputDataError(cells.issues, src)
    years: list[int] = []
    for name in header[3:]:
        if re.fullmatch(r"(19|20)\d{2}", name):
            years.append(int(name))
        else:
            cells.add(f"column {name!r} is not a year (YYYY)", "line 1", name)
    if not years:
        cells.add("no year columns after DescriptionInChinese", "line 1")
    values: dict[str, list[float]] = {}
    names: dict[str, tuple[str, str]] = {}
    places: dict[str, str] = {}
    for code, row, place in coded_lines(rows, len(header)):
        if code != "TOT" and _parent_code(code) is None:
            cells.add(f"code {code!r} is neither TOT, a section (A) nor a division (A01)", place)
            continue
        if code in values:
            cells.add(f"duplicate code {code!r} (first at {places[code]})", place)
            continue
        numbers = [cells.number(row[3 + k], place, str(y)) for k, y in enumerate(years)]
        for y, v in zip(years, numbers, strict=True):
            if v < 0:
                cells.add(f"negative employment {v:g}", place, str(y))
        values[code] = numbers
        names[code] = (row[2].strip(), row[1].strip())
        places[code] = place
    if "TOT" not in values:
        cells.add("missing row 'TOT' (all employed persons)")
    if not cells.issues:
        _check_sums(cells, values, places, years)
    if cells.issues:
        raise InputDataError(cells.issues, src)
    codes = list(values)
    persons = pd.DataFrame(
        [values[c] for c in codes],
        index=pd.Index(codes, name="code", dtype=object),
        columns=pd.Index(years, name="year"),
        dtype=float,
    )
    frame = pd.DataFrame(
        [names[c] for c in codes], index=persons.index, columns=["name_zh", "name_en"], dtype=object
    )
    return EmploymentSeries(persons, frame, src, hashlib.sha256(path.read_bytes()).hexdigest())


def _check_sums(
    cells: Cells, values: dict[str, list[float]], places: dict[str, str], years: list[int]
) -> None:
    """Each section = Σ its divisions, TOT = Σ sections, to half a unit per term."""
    children: dict[str, list[str]] = {}
    for code in values:
        parent = _parent_code(code)
        if parent is not None:
            children.setdefault(parent, []).append(code)
    for parent, kids in children.items():
        if parent not in values:
            cells.add(f"rows {kids} have no aggregate row {parent!r}", places[kids[0]])
            continue
        for k, y in enumerate(years):
            check_total(
                cells,
                values[parent][k],
                [values[c][k] for c in kids],
                formula=f"the sum of {kids[0]}…{kids[-1]}",
                row=places[parent],
                column=str(y),
                rel_tol=1e-9,
                abs_tol=0.5 * len(kids) + 0.5,
            )


def read_employment_concordance(path: str | Path) -> pd.DataFrame:
    """Read a concordance from employment codes to table sectors.

    A CSV with columns ``source_code, source_name, target_code, target_name``, one row
    per (source, target) pair: a source split among several sectors has several rows,
    several sources pooled into one sector (``B06`` and ``B07`` → ``011``) share a target.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_code``, ``target_code`` (str, codes as written), plus the names;
        ``attrs["source"]`` is the path.

    Raises
    ------
    InputDataError
        Missing file or column, empty codes, a repeated (source, target) pair.
    """
    path = Path(path)
    src = str(path)
    rows, header = _open(path, "employment concordance")
    need = ["source_code", "source_name", "target_code", "target_name"]
    cells = Cells(src)
    missing = [c for c in need if c not in header]
    if missing:
        cells.add(f"missing columns {missing}; the header is {header}", "line 1")
        raise InputDataError(cells.issues, src)
    at = {c: header.index(c) for c in need}
    records: list[tuple[str, str, str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    for _code, row, place in coded_lines(rows, len(header)):
        rec = tuple(row[at[c]].strip() for c in need)
        source, _, target, _ = rec
        if not source or not target:
            cells.add("empty source_code or target_code", place)
            continue
        if (source, target) in seen:
            cells.add(f"pair {source} → {target} repeated (first at {seen[source, target]})", place)
            continue
        seen[source, target] = place
        records.append((rec[0], rec[1], rec[2], rec[3]))
    if cells.issues:
        raise InputDataError(cells.issues, src)
    out = pd.DataFrame(records, columns=need, dtype=object)
    out.attrs["source"] = src
    return out
