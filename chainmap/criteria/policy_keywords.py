"""The editable keyword list of policy support: keywords per sector code and scheme.

The shipped list (``io_tables/policy_keywords.csv``) has one row per scheme, sector code
and keyword; :func:`load_keywords` reads one scheme of it and refuses keywords too
generic to stand for one sector (:data:`GENERIC_WORDS`).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from chainmap.criteria.policy_documents import RESAVE_TXT, normalise_text
from chainmap.errors import InputDataError, Issue
from chainmap.io.registry import PROJECT_ROOT

#: Keyword file shipped with chainmap (moves to ``chainmap/data/`` with this module).
#: The shipped, editable keyword list (found like the registry: from PROJECT_ROOT).
DEFAULT_KEYWORDS: Path = PROJECT_ROOT / "io_tables" / "policy_keywords.csv"

#: Words too generic to stand for one sector; :func:`load_keywords` refuses them.
GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "服务",
        "服务业",
        "产业",
        "行业",
        "发展",
        "建设",
        "经济",
        "企业",
        "工业",
        "制造",
        "制造业",
        "产品",
        "项目",
        "创新",
        "科技",
        "技术",
        "数字",
        "数字经济",
        "智能",
        "智慧",
        "智能制造",
        "绿色",
        "现代",
        "高端",
        "新兴",
        "新兴产业",
        "战略性新兴产业",
        "高新技术",
        "高新技术产业",
        "设备",
        "装备",
        "材料",
        "新材料",
        "能源",
        "新能源",
        "平台",
        "基地",
        "园区",
        "中心",
        "市场",
        "体系",
        "其他",
        "加工",
        "生产",
        "供应",
        "网络",
        "信息",
        "数据",
        "产业链",
        "集群",
        "龙头",
        "重点",
        "领域",
    }
)

_KEYWORD_COLUMNS = ("scheme", "code", "keyword")


@dataclass(frozen=True)
class KeywordList:
    """Keywords per sector code for one classification scheme.

    Parameters
    ----------
    scheme : str
        Classification, e.g. ``"nbs-153"`` or ``"nbs-42"``.
    by_code : dict of str to tuple of str
        Keywords of each sector code, in file order.
    source : str
        File the list came from ("" when built in memory).
    sha256 : str
        SHA-256 of that file ("" when built in memory).
    """

    scheme: str
    by_code: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""

    def words(self) -> tuple[str, ...]:
        """All distinct keywords, sorted."""
        return tuple(sorted({w for ws in self.by_code.values() for w in ws}))


def load_keywords(path: str | Path | None = None, scheme: str = "nbs-153") -> KeywordList:
    """Read the keywords of one classification scheme from a keyword CSV.

    The file has the columns ``scheme, code, keyword`` (others, such as ``name_zh``,
    ``origin`` and ``child_code`` in the shipped file, are informative); lines starting
    with ``#`` are comments. Keywords are NFKC-normalised. Codes are read as text, so
    ``087`` keeps its leading zero.

    Parameters
    ----------
    path : str or Path, optional
        Keyword file; the shipped ``policy_keywords.csv`` by default.
    scheme : str
        Rows to keep: ``"nbs-153"`` (153-sector tables) or ``"nbs-42"`` (42-sector).

    Returns
    -------
    KeywordList

    Raises
    ------
    InputDataError
        Missing columns, an empty or generic keyword (see :data:`GENERIC_WORDS`), a
        keyword with spaces, a repeated (scheme, code, keyword) row, or no row of
        ``scheme``; every problem is listed with its line number.

    Examples
    --------
    >>> kw = load_keywords(scheme="nbs-153")
    >>> kw.by_code["087"][:4]
    ('电池', '锂电', '锂电池', '锂离子电池')
    >>> len(kw.by_code)
    153
    """
    file = Path(path) if path is not None else DEFAULT_KEYWORDS
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise InputDataError([Issue(f"cannot read keyword file: {err}", file=str(file))]) from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"keyword file is not UTF-8; {RESAVE_TXT}"
        raise InputDataError([Issue(msg, file=str(file))]) from err
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    lines = [(n, line) for n, line in lines if line.strip()]
    reader = csv.reader([line for _, line in lines])
    rows = list(reader)
    if not rows or not set(_KEYWORD_COLUMNS) <= {c.strip() for c in rows[0]}:
        msg = f"keyword file needs the columns {', '.join(_KEYWORD_COLUMNS)}"
        raise InputDataError([Issue(msg, file=str(file))])
    header = [c.strip() for c in rows[0]]
    col = {name: header.index(name) for name in _KEYWORD_COLUMNS}
    issues: list[Issue] = []
    by_code: dict[str, list[str]] = {}
    schemes: set[str] = set()
    for (lineno, _), row in zip(lines[1:], rows[1:], strict=True):
        cells = [c.strip() for c in row] + [""] * len(header)
        row_scheme, code = cells[col["scheme"]], cells[col["code"]]
        word = normalise_text(cells[col["keyword"]])
        schemes.add(row_scheme)
        if row_scheme != scheme:
            continue
        problem = _keyword_problem(word, code)
        if problem is None and word in by_code.get(code, []):
            problem = f"keyword {word!r} repeated for sector {code}"
        if problem is not None:
            issues.append(Issue(problem, file=str(file), row=f"line {lineno}"))
            continue
        by_code.setdefault(code, []).append(word)
    if not by_code and not issues:
        found = ", ".join(sorted(schemes))
        msg = f"no keyword rows for scheme {scheme!r} (schemes in file: {found})"
        issues.append(Issue(msg, file=str(file)))
    if issues:
        raise InputDataError(issues)
    digest = hashlib.sha256(raw).hexdigest()
    return KeywordList(scheme, {c: tuple(ws) for c, ws in by_code.items()}, str(file), digest)


def _keyword_problem(word: str, code: str) -> str | None:
    if not code:
        return "empty sector code"
    if not word:
        return f"empty keyword for sector {code}"
    if any(ch.isspace() for ch in word):
        return f"keyword {word!r} contains a space (jieba tokens have none)"
    if word in GENERIC_WORDS:
        return f"keyword {word!r} is too generic to stand for one sector (sector {code})"
    return None
