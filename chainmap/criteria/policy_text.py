"""Policy support from plan documents: counts of each sector's keywords in the text.

The scenario key ``policy_documents:`` names a folder of ``.txt`` or ``.docx`` plan
documents (a city's 十四五 plan, industry plans...). :func:`read_policy_documents` reads
them, :func:`load_keywords` reads the editable keyword list shipped with chainmap
(``io_tables/policy_keywords.csv``, one row per sector code and keyword), and
:func:`score_policy_support` counts keyword mentions per sector and turns them into the
0–1 policy-support intensity. Values a scenario author types (``policy:``) override the
computed ones through :func:`apply_overrides`, which records where each value came from.

Reading the documents is :mod:`chainmap.criteria.policy_documents`, the keyword list
:mod:`chainmap.criteria.policy_keywords`; their names are re-exported here.

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

import logging
import math
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

from chainmap.criteria.policy_documents import (
    DOCUMENT_SUFFIXES,
    Document,
    normalise_text,
    read_policy_documents,
)
from chainmap.criteria.policy_keywords import (
    DEFAULT_KEYWORDS,
    GENERIC_WORDS,
    KeywordList,
    load_keywords,
)
from chainmap.errors import InputDataError, Issue, ScenarioError, is_finite_number

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

#: A token "keyword + suffix" counts as the keyword (软件产业, 汽车行业, 电池厂...).
KEYWORD_SUFFIXES: tuple[str, ...] = (
    "产业", "行业", "业", "企业", "工业", "产品", "制造", "厂", "公司", "园",
)  # fmt: skip


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
    return list(tokenizer.cut(normalise_text(text), HMM=False))


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
        if not (is_finite_number(value) and 0.0 <= value <= 1.0):
            msg = f"policy.{code}: with policy_documents the value must be in [0, 1], got {value!r}"
            raise ScenarioError(msg)
        out.loc[code, "policy_support"] = float(value)
        out.loc[code, "source"] = "manual"
    return out
