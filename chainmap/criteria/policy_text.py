"""Policy support from plan documents: counts of each sector's keywords in the text.

The scenario key ``policy_documents:`` names a folder of ``.txt`` or ``.docx`` plan
documents (a city's 十四五 plan, industry plans...). :func:`read_policy_documents` reads
them, :func:`load_keywords` reads the editable keyword list shipped with chainmap
(``io_tables/policy_keywords.csv``, one row per sector code and keyword), and
:func:`score_policy_support` counts keyword mentions per sector and turns them into the
0–1 policy-support intensity. Values a scenario author types (``policy:``) override the
computed ones through :func:`apply_overrides`, which records where each value came from.

Counting rules (see :func:`score_policy_support` for the formula):

* the text is NFKC-normalised (full-width letters and digits become ASCII) and segmented
  with jieba's default dictionary, HMM off, after every keyword has been added to the
  dictionary, so compound keywords (新能源汽车, 信息技术服务) come out as one token;
* a mention is a **token equal to a keyword**, not a substring: in "动力电池和电池材料"
  电池 counts once (动力电池 is its own keyword and token), and a keyword inside a longer
  dictionary word does not count (保险丝 is not 保险, 基金会 not 基金, 汽车站 not
  汽车). This trades a few missed mentions for no false ones; add the
  longer word as a keyword to count it. One exception: a token made of a keyword and one
  of :data:`KEYWORD_SUFFIXES` counts as that keyword (软件产业, 软件园, 汽车行业,
  化工企业, 钢铁工业, 电池厂 are dictionary words, and mentions of their sector);
* keywords are added shortest first with jieba's suggested frequency (just enough to keep
  each one whole), so a longer keyword wins over the shorter keywords it contains
  (集成电路设计, not 集成电路 + 设计). A keyword can still lose to a dictionary word that
  straddles its end (信息技术 + 服务业 beats 信息技术服务 + 业); the shipped list therefore
  also holds the forms plans write (信息技术服务业, 商务服务业, 会展经济);
* a keyword listed for several sectors counts for each of them (the shipped list has
  no such keyword within a scheme).

Everything is deterministic: files in sorted name order, jieba's bundled dictionary, no
randomness; jieba logs only warnings and keeps its dictionary cache in the system
temporary directory.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import math
import tempfile
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd

from chainmap.errors import DataWarning, InputDataError, Issue, ScenarioError
from chainmap.io.registry import PROJECT_ROOT

__all__ = [
    "DEFAULT_KEYWORDS",
    "DOCUMENT_SUFFIXES",
    "GENERIC_WORDS",
    "KEYWORD_SUFFIXES",
    "Document",
    "KeywordList",
    "apply_overrides",
    "count_mentions",
    "load_keywords",
    "policy_provenance",
    "read_policy_documents",
    "score_policy_support",
]

#: Keyword file shipped with chainmap (moves to ``chainmap/data/`` with this module).
#: The shipped, editable keyword list (found like the registry: from PROJECT_ROOT).
DEFAULT_KEYWORDS: Path = PROJECT_ROOT / "io_tables" / "policy_keywords.csv"

#: File types read from a ``policy_documents`` folder.
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".docx")

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

#: A token "keyword + suffix" counts as the keyword (软件产业, 汽车行业, 电池厂...).
KEYWORD_SUFFIXES: tuple[str, ...] = (
    "产业", "行业", "业", "企业", "工业", "产品", "制造", "厂", "公司", "园",
)  # fmt: skip

#: Upper bound on ``word/document.xml`` size, against zip bombs (bytes).
_MAX_DOCX_XML = 200 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings charset-normalizer may choose among (GB18030 is a superset of GBK/GB2312).
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "utf_16_le", "utf_16_be", "big5"]
_KEYWORD_COLUMNS = ("scheme", "code", "keyword")
_RESAVE_TXT = "open it in a text editor and save it again as UTF-8 (记事本: 另存为 → 编码 UTF-8)"
_RESAVE_DOCX = "open it in Word or WPS and save it again as .docx, or save it as UTF-8 .txt"


@dataclass(frozen=True)
class Document:
    """One plan document read from a ``policy_documents`` folder.

    Parameters
    ----------
    name : str
        File name (no folder), the label used in provenance.
    text : str
        Decoded text (``.docx``: paragraphs joined by newlines).
    sha256 : str
        SHA-256 of the file's bytes.
    encoding : str
        Encoding the text was decoded from (``"docx"`` for Word files).
    """

    name: str
    text: str
    sha256: str
    encoding: str

    @property
    def n_chars(self) -> int:
        """Number of non-whitespace characters after NFKC normalisation."""
        return _count_chars(_normalise(self.text))


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


# --------------------------------------------------------------------------- reading


def read_policy_documents(folder: str | Path) -> list[Document]:
    """Read every ``.txt`` and ``.docx`` file of ``folder`` (not recursive), by name.

    ``.txt`` files may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 (with or
    without BOM); the encoding is taken from a BOM, else strict UTF-8, else detected
    with charset-normalizer. ``.docx`` files are read with the standard library (the
    paragraphs of ``word/document.xml``, tables included). Hidden files and Word lock
    files (``~$...``) are skipped; other files are skipped with a :class:`DataWarning`.

    Parameters
    ----------
    folder : str or Path
        The folder named by the scenario key ``policy_documents``.

    Returns
    -------
    list of Document
        One per file, sorted by file name.

    Raises
    ------
    InputDataError
        The folder is missing or holds no ``.txt``/``.docx`` file, or a file cannot be
        decoded or is not a valid ``.docx``: one line naming the file and how to re-save it.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "plan.txt").write_bytes("发展新能源汽车。".encode("gbk"))
    >>> [(doc.name, doc.encoding, doc.n_chars) for doc in read_policy_documents(d)]
    [('plan.txt', 'gb18030', 8)]
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputDataError([Issue("policy_documents: folder not found", file=str(path))])
    files = sorted((p for p in path.iterdir() if p.is_file()), key=lambda p: p.name)
    readable = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES]
    hidden = [p for p in files if p.name.startswith((".", "~$"))]
    skipped = [p.name for p in files if p not in readable and p not in hidden]
    readable = [p for p in readable if p not in hidden]
    if not readable:
        msg = "policy_documents: no .txt or .docx file in the folder"
        if skipped:
            msg += f" (found {', '.join(skipped)}; save them as .docx or UTF-8 .txt)"
        raise InputDataError([Issue(msg, file=str(path))])
    if skipped:
        msg = f"policy_documents: skipped {', '.join(skipped)} in {path} (only .txt and .docx)"
        warnings.warn(msg, DataWarning, stacklevel=2)
    return [_read_one(p) for p in readable]


def _read_one(path: Path) -> Document:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".docx":
        return Document(path.name, _docx_text(data, path), digest, "docx")
    text, encoding = _decode(data, path)
    return Document(path.name, text, digest, encoding)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a text file's bytes; the encoding label is the codec used."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
        if best is not None:
            text = str(best)
            if _looks_like_text(text):
                return text, best.encoding
    msg = f"cannot decode the text (not UTF-8, GBK/GB18030 or UTF-16); {_RESAVE_TXT}"
    raise InputDataError([Issue(msg, file=str(path))])


def _looks_like_text(text: str) -> bool:
    """False for binary data decoded by chance (NULs, control characters, no letters)."""
    if not text.strip():
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"))
    bad -= sum(1 for ch in text if ch in "\t\n\r\f")
    return "\x00" not in text and bad <= 0.01 * len(text)


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraph text of a .docx (``w:t`` runs, ``w:tab`` → tab, ``w:br`` → newline)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCX_XML:
                raise ValueError("word/document.xml is too large")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, OSError) as err:
        reason = {
            zipfile.BadZipFile: "not a zip archive",
            KeyError: "no word/document.xml",
            ElementTree.ParseError: "damaged word/document.xml",
        }.get(type(err), str(err))
        msg = f"not a valid Word .docx file ({reason}); {_RESAVE_DOCX}"
        raise InputDataError([Issue(msg, file=str(path))]) from err
    paragraphs = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


# --------------------------------------------------------------------------- keywords


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
        msg = f"keyword file is not UTF-8; {_RESAVE_TXT}"
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
        word = _normalise(cells[col["keyword"]])
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


# --------------------------------------------------------------------------- counting


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _count_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


@lru_cache(maxsize=1)
def _base_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()  # bundled default dictionary
    tokenizer.tmp_dir = tempfile.gettempdir()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]) -> Any:
    """A jieba tokenizer with ``words`` added (shortest first); cached per keyword list."""
    import jieba

    base = _base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = base.tmp_dir
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in sorted(words, key=lambda w: (len(w), w)):
        tokenizer.add_word(word)  # frequency: jieba's suggest_freq(word)
    return tokenizer


@lru_cache(maxsize=8)
def _token_to_keyword(words: tuple[str, ...]) -> dict[str, str]:
    """Token → keyword it counts for: the keywords themselves, then keyword + suffix."""
    lookup = {w: w for w in words}
    for word in words:
        for suffix in KEYWORD_SUFFIXES:
            lookup.setdefault(word + suffix, word)
    return lookup


def _tokens(text: str, words: tuple[str, ...]) -> list[str]:
    tokenizer = _tokenizer(words)
    return list(tokenizer.cut(_normalise(text), HMM=False))


def count_mentions(documents: Sequence[Document], keywords: KeywordList) -> pd.DataFrame:
    """Keyword mentions per document, long format.

    Parameters
    ----------
    documents : sequence of Document
    keywords : KeywordList

    Returns
    -------
    pandas.DataFrame
        Columns ``document, keyword, count`` for every keyword found at least once,
        sorted by document then keyword (suffixed forms such as 电池厂 count as 电池).

    Examples
    --------
    >>> kw = KeywordList("t", {"079": ("汽车", "新能源汽车")})
    >>> doc = Document("a.txt", "新能源汽车和汽车零件，汽车厂，汽车站。", "", "utf-8")
    >>> count_mentions([doc], kw).values.tolist()  # 汽车厂 counts; 汽车零件, 汽车站 do not
    [['a.txt', '新能源汽车', 1], ['a.txt', '汽车', 1]]
    """
    words = keywords.words()
    lookup = _token_to_keyword(words)
    records: list[tuple[str, str, int]] = []
    for doc in documents:
        found = Counter(lookup[t] for t in _tokens(doc.text, words) if t in lookup)
        records.extend((doc.name, w, n) for w, n in sorted(found.items()))
    return pd.DataFrame(records, columns=["document", "keyword", "count"]).astype(
        {"document": str, "keyword": str, "count": "int64"}
    )


def score_policy_support(
    documents: Sequence[Document], keywords: KeywordList, sectors: Iterable[str]
) -> pd.DataFrame:
    r"""Policy-support intensity of each sector from keyword mentions in plan documents.

    With :math:`m_i` the mentions of sector *i*'s keywords (token matches, summed over
    documents and keywords) and :math:`N` the non-whitespace characters of all documents,

    .. math::

        d_i = 10\,000\, m_i / N, \qquad
        I_i = \ln(1 + d_i), \qquad
        s_i = I_i / \max_j I_j \quad (s_i = 0 \text{ if no sector is mentioned}).

    The log damps the plan's favourite sector (mentioned 50 times it is not 50 times as
    supported as a sector mentioned once) and the division by the maximum puts the scores
    on [0, 1], the scale of hand-typed values; :math:`s_i = 1` for the most mentioned sector.

    Parameters
    ----------
    documents : sequence of Document
        From :func:`read_policy_documents`.
    keywords : KeywordList
        From :func:`load_keywords`, for the classification of ``sectors``.
    sectors : iterable of str
        Sector codes of the table; keywords of other codes are ignored, and codes without
        keywords score 0 (``n_keywords`` = 0 shows them).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` in the order of ``sectors``, with columns ``n_keywords``,
        ``mentions`` (:math:`m_i`), ``per_10k_chars`` (:math:`d_i`), ``intensity``
        (:math:`I_i`), ``policy_support`` (:math:`s_i`) and ``matched`` (keywords found
        with their counts, most frequent first). ``attrs["provenance"]`` holds
        :func:`policy_provenance`.

    Raises
    ------
    InputDataError
        No document, or the documents hold no text at all.

    Examples
    --------
    >>> kw = KeywordList("t", {"079": ("汽车", "新能源汽车"), "128": ("软件",), "001": ("粮食",)})
    >>> doc = Document("plan.txt", "壮大新能源汽车和软件产业，新能源汽车产量翻番。", "", "utf-8")
    >>> out = score_policy_support([doc], kw, ["079", "128", "001"])
    >>> out[["mentions", "policy_support"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
          mentions  policy_support
    code
    079          2           1.000
    128          1           0.898
    001          0           0.000
    """
    codes = [str(c) for c in sectors]
    if not documents:
        raise InputDataError([Issue("policy_documents: no document to score")])
    total_chars = sum(doc.n_chars for doc in documents)
    if total_chars == 0:
        names = ", ".join(doc.name for doc in documents)
        raise InputDataError([Issue(f"policy_documents: no text in {names}")])
    mentions = count_mentions(documents, keywords)
    per_word = mentions.groupby("keyword")["count"].sum().to_dict()
    rows = []
    for code in codes:
        words = keywords.by_code.get(code, ())
        hits = sorted(((w, int(per_word.get(w, 0))) for w in words), key=lambda x: -x[1])
        hits = [(w, n) for w, n in hits if n > 0]
        total = sum(n for _, n in hits)
        density = 10_000.0 * total / total_chars
        matched = ", ".join(f"{w} {n}" for w, n in hits)
        rows.append((code, len(words), total, density, math.log1p(density), matched))
    out = pd.DataFrame(
        rows, columns=["code", "n_keywords", "mentions", "per_10k_chars", "intensity", "matched"]
    ).set_index("code")
    top = float(out["intensity"].max()) if len(out) else 0.0
    out.insert(4, "policy_support", out["intensity"] / top if top > 0 else 0.0)
    out.attrs["provenance"] = policy_provenance(documents, keywords)
    return out


def policy_provenance(documents: Sequence[Document], keywords: KeywordList) -> dict[str, object]:
    """Where the policy scores came from: files with SHA-256 and size, keywords, tokenizer.

    Examples
    --------
    >>> doc = Document("a.txt", "电池", "ab12", "utf-8")
    >>> p = policy_provenance([doc], KeywordList("nbs-153", {"087": ("电池",)}))
    >>> p["documents"], p["characters"], p["keywords_scheme"]
    ([{'file': 'a.txt', 'sha256': 'ab12', 'encoding': 'utf-8', 'characters': 2}], 2, 'nbs-153')
    """
    import jieba

    return {
        "documents": [
            {"file": d.name, "sha256": d.sha256, "encoding": d.encoding, "characters": d.n_chars}
            for d in documents
        ],
        "characters": sum(d.n_chars for d in documents),
        "keywords_file": keywords.source,
        "keywords_sha256": keywords.sha256,
        "keywords_scheme": keywords.scheme,
        "tokenizer": (
            f"jieba {jieba.__version__}, default dictionary, HMM off, "
            "keywords added shortest first with suggested frequency"
        ),
    }


# --------------------------------------------------------------------------- overrides


def apply_overrides(scores: pd.DataFrame, manual: Mapping[str, float]) -> pd.DataFrame:
    """Replace computed policy support with hand-typed values, recording the source.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`score_policy_support` (needs the column ``policy_support``).
    manual : mapping of str to float
        Sector code → value on the same 0–1 scale (the scenario's ``policy:`` entries).

    Returns
    -------
    pandas.DataFrame
        A copy where ``policy_support`` holds the manual value where given, the computed
        one stays in ``policy_support_text``, and ``source`` is ``"manual"`` or ``"text"``.

    Raises
    ------
    ScenarioError
        A code that is not in ``scores`` or a value that is not a number in [0, 1].

    Examples
    --------
    >>> s = pd.DataFrame({"policy_support": [1.0, 0.5]}, index=pd.Index(["079", "128"]))
    >>> apply_overrides(s, {"128": 0.9})
         policy_support  policy_support_text  source
    079             1.0                  1.0    text
    128             0.9                  0.5  manual
    """
    out = scores.copy()
    out["policy_support_text"] = out["policy_support"].astype(float)
    out["source"] = "text"
    for key, value in manual.items():
        code = str(key)
        if code not in out.index:
            raise ScenarioError(f"policy.{code}: not a sector code of the table")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not (number and math.isfinite(float(value)) and 0.0 <= float(value) <= 1.0):
            msg = f"policy.{code}: with policy_documents the value must be in [0, 1], got {value!r}"
            raise ScenarioError(msg)
        out.loc[code, "policy_support"] = float(value)
        out.loc[code, "source"] = "manual"
    return out
