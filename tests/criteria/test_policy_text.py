"""Tests of policy support from plan documents (short texts written for the tests)."""

from __future__ import annotations

import csv
import hashlib
import math
import random
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from chainmap.criteria import policy_text as pt
from chainmap.errors import DataWarning, InputDataError, ScenarioError

#: A fake 十四五 plan paragraph: 新能源汽车 ×3, 集成电路 ×2, 软件 ×1, no other keyword.
PLAN = (
    "第三章 构建现代产业体系。"
    "坚持把发展经济的着力点放在实体经济上，做强做优新能源汽车、集成电路和软件三大领域。"
    "到二〇二五年，新能源汽车年产量力争突破五十万辆，形成完整的充电设施链条；"
    "集成电路重点突破设计与封测环节，打造特色工艺生产线。"
    "推动新能源汽车与城市交通深度融合，鼓励龙头企业开放应用场景，"
    "培育一批具有国际竞争力的创新型企业，营造公平竞争的营商环境。"
)
EXPECTED = {"079": 3, "094": 2, "128": 1}

_DOCX_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body>{body}</w:body></w:document>"
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _para(*runs: str) -> str:
    inner = "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs)
    return f"<w:p>{inner}</w:p>"


def make_docx(path: Path, body: str) -> Path:
    """A minimal .docx made with the standard library."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", _DOCX_XML.format(body=body))
    return path


@pytest.fixture(scope="module")
def keywords() -> pt.KeywordList:
    return pt.load_keywords()


@pytest.fixture()
def plan_dir(tmp_path: Path) -> Path:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    return tmp_path


def codes_153() -> list[str]:
    return [f"{i:03d}" for i in range(1, 154)]


# --------------------------------------------------------------------------- counting


def test_exact_counts(plan_dir: Path, keywords: pt.KeywordList) -> None:
    docs = pt.read_policy_documents(plan_dir)
    out = pt.score_policy_support(docs, keywords, codes_153())
    found = out.loc[out["mentions"] > 0, "mentions"].to_dict()
    assert found == EXPECTED
    n_chars = sum(1 for ch in PLAN if not ch.isspace())
    assert docs[0].n_chars == n_chars
    assert out.loc["079", "per_10k_chars"] == pytest.approx(10_000 * 3 / n_chars)
    assert out.loc["079", "matched"] == "新能源汽车 3"
    assert out.loc["079", "policy_support"] == 1.0


def test_formula(plan_dir: Path, keywords: pt.KeywordList) -> None:
    out = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    expected = out["per_10k_chars"].map(math.log1p)
    pd.testing.assert_series_equal(out["intensity"], expected, check_names=False)
    top = expected.max()
    pd.testing.assert_series_equal(out["policy_support"], expected / top, check_names=False)


def test_normalisation_bounds(plan_dir: Path, keywords: pt.KeywordList) -> None:
    out = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    assert out["policy_support"].between(0.0, 1.0).all()
    assert out["policy_support"].max() == 1.0
    assert (out.loc[out["mentions"] == 0, "policy_support"] == 0.0).all()
    assert out.index.tolist() == codes_153()


def test_no_mention_scores_zero(keywords: pt.KeywordList) -> None:
    doc = pt.Document("a.txt", "今天天气很好，我们去公园散步吧。"[:7], "", "utf-8")
    out = pt.score_policy_support([doc], keywords, codes_153())
    assert out["mentions"].sum() == 0
    assert (out["policy_support"] == 0.0).all()
    assert not out["policy_support"].isna().any()


def test_token_not_substring() -> None:
    kw = pt.KeywordList("t", {"132": ("保险",), "131": ("基金",), "079": ("汽车",)})
    doc = pt.Document("a.txt", "保险丝，基金会，汽车站。保险，汽车厂。", "", "utf-8")
    out = pt.score_policy_support([doc], kw, ["132", "131", "079"])
    assert out["mentions"].to_dict() == {"132": 1, "131": 0, "079": 1}


def test_compound_keyword_wins(keywords: pt.KeywordList) -> None:
    doc = pt.Document("a.txt", "发展集成电路设计产业和信息技术服务业。", "", "utf-8")
    out = pt.score_policy_support([doc], keywords, codes_153())
    assert out.loc[out["mentions"] > 0, "mentions"].to_dict() == {"129": 2}


def test_fullwidth_is_normalised(keywords: pt.KeywordList) -> None:
    doc = pt.Document("a.txt", "建设５Ｇ基站。", "", "utf-8")
    out = pt.score_policy_support([doc], keywords, codes_153())
    assert out.loc["125", "mentions"] == 1


def test_sectors_without_keywords_and_42_scheme() -> None:
    kw42 = pt.load_keywords(scheme="nbs-42")
    assert len(kw42.by_code) == 42
    doc = pt.Document("a.txt", PLAN, "", "utf-8")
    out = pt.score_policy_support([doc], kw42, ["18", "20", "31", "99"])
    assert out["mentions"].to_dict() == {"18": 3, "20": 2, "31": 1, "99": 0}
    assert out.loc["99", "n_keywords"] == 0


def test_determinism(plan_dir: Path, keywords: pt.KeywordList) -> None:
    make_docx(plan_dir / "b.docx", _para("新能源", "汽车") + _para("软件"))
    first = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    pt._tokenizer.cache_clear()
    pt._base_tokenizer.cache_clear()
    second = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs["provenance"] == second.attrs["provenance"]


def test_provenance(plan_dir: Path, keywords: pt.KeywordList) -> None:
    out = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    prov = out.attrs["provenance"]
    digest = hashlib.sha256((plan_dir / "plan.txt").read_bytes()).hexdigest()
    assert prov["documents"] == [
        {"file": "plan.txt", "sha256": digest, "encoding": "utf-8", "characters": 175}
    ]
    assert prov["keywords_sha256"] == hashlib.sha256(pt.DEFAULT_KEYWORDS.read_bytes()).hexdigest()
    assert prov["keywords_scheme"] == "nbs-153"
    assert str(prov["tokenizer"]).startswith("jieba ")


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf_16_le"),
    ],
)
def test_encodings_decode(tmp_path: Path, encoding: str, label: str) -> None:
    (tmp_path / "plan.txt").write_bytes(PLAN.encode(encoding))
    [doc] = pt.read_policy_documents(tmp_path)
    assert doc.text == PLAN
    assert doc.encoding == label


def test_docx_reads(tmp_path: Path, keywords: pt.KeywordList) -> None:
    table = f"<w:tbl><w:tr><w:tc>{_para('集成电路')}</w:tc></w:tr></w:tbl>"
    body = _para("做强", "新能源", "汽车") + table + _para("软件", "<w:tab/>")
    make_docx(tmp_path / "plan.docx", body.replace("<w:t><w:tab/></w:t>", "<w:tab/>"))
    [doc] = pt.read_policy_documents(tmp_path)
    assert doc.encoding == "docx"
    assert doc.text == "做强新能源汽车\n集成电路\n软件\t"
    out = pt.score_policy_support([doc], keywords, ["079", "094", "128"])
    assert out["mentions"].to_dict() == {"079": 1, "094": 1, "128": 1}


def test_files_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "C.docx"):
        if name.endswith(".docx"):
            make_docx(tmp_path / name, _para("软件"))
        else:
            (tmp_path / name).write_text("软件", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"lock")
    assert [d.name for d in pt.read_policy_documents(tmp_path)] == ["C.docx", "a.txt", "b.txt"]


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"plain text"])
def test_broken_docx(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "plan.docx").write_bytes(content)
    with pytest.raises(InputDataError, match=r"plan\.docx: not a valid Word \.docx") as err:
        pt.read_policy_documents(tmp_path)
    assert "save it again" in str(err.value)
    assert "\n" not in str(err.value)


def test_docx_without_document_xml(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "plan.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    with pytest.raises(InputDataError, match=r"no word/document\.xml"):
        pt.read_policy_documents(tmp_path)


def test_damaged_document_xml(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "plan.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(InputDataError, match=r"damaged word/document\.xml"):
        pt.read_policy_documents(tmp_path)


def test_undecodable_text(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(random.Random(0).randbytes(3000))
    with pytest.raises(InputDataError, match=r"scan\.txt: cannot decode") as err:
        pt.read_policy_documents(tmp_path)
    assert "UTF-8" in str(err.value)
    assert "\n" not in str(err.value)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match=r"no \.txt or \.docx file") as err:
        pt.read_policy_documents(tmp_path)
    assert str(tmp_path) in str(err.value)


def test_folder_without_txt_or_docx(tmp_path: Path) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputDataError, match=r"found plan\.pdf"):
        pt.read_policy_documents(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="folder not found"):
        pt.read_policy_documents(tmp_path / "nope")


def test_other_files_skipped_with_warning(plan_dir: Path) -> None:
    (plan_dir / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.warns(DataWarning, match="skipped old.doc"):
        docs = pt.read_policy_documents(plan_dir)
    assert [d.name for d in docs] == ["plan.txt"]


def test_no_text_at_all(tmp_path: Path, keywords: pt.KeywordList) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    docs = pt.read_policy_documents(tmp_path)
    with pytest.raises(InputDataError, match=r"no text in empty\.txt"):
        pt.score_policy_support(docs, keywords, codes_153())


# --------------------------------------------------------------------------- overrides


def test_override(plan_dir: Path, keywords: pt.KeywordList) -> None:
    scores = pt.score_policy_support(pt.read_policy_documents(plan_dir), keywords, codes_153())
    out = pt.apply_overrides(scores, {"001": 0.7, "079": 0.2})
    assert out.loc["001", "policy_support"] == 0.7
    assert out.loc["079", "policy_support"] == 0.2
    assert out.loc["079", "policy_support_text"] == 1.0
    assert out.loc[["001", "079"], "source"].tolist() == ["manual", "manual"]
    assert (out.drop(index=["001", "079"])["source"] == "text").all()
    assert scores.loc["079", "policy_support"] == 1.0  # input unchanged
    assert "source" not in scores.columns


@pytest.mark.parametrize(
    ("manual", "match"),
    [
        ({"999": 0.5}, "not a sector code"),
        ({"079": 1.5}, r"in \[0, 1\]"),
        ({"079": True}, "got True"),
    ],
)
def test_override_rejects(manual: dict[str, float], match: str) -> None:
    scores = pd.DataFrame({"policy_support": [1.0]}, index=["079"])
    with pytest.raises(ScenarioError, match=match):
        pt.apply_overrides(scores, manual)


# --------------------------------------------------------------------------- keywords


def test_shipped_keyword_file() -> None:
    kw = pt.load_keywords()
    assert sorted(kw.by_code) == codes_153()
    assert all(3 <= len(words) <= 10 for words in kw.by_code.values())
    for scheme in ("nbs-153", "nbs-42"):
        words = [w for ws in pt.load_keywords(scheme=scheme).by_code.values() for w in ws]
        assert len(words) == len(set(words)), f"keyword in two sectors of {scheme}"
        assert not set(words) & pt.GENERIC_WORDS


def test_shipped_codes_match_official_list() -> None:
    official = Path("/work/shared/data/china-nbs/china_2020_153.csv")
    if not official.exists():
        pytest.skip("official 153-sector table not available")
    with official.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    names = {r[0]: r[2] for r in rows[1:] if r[0][:1].isdigit()}
    with pt.DEFAULT_KEYWORDS.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    shipped = {r["code"]: r["name_zh"] for r in csv.DictReader(lines) if r["scheme"] == "nbs-153"}
    assert shipped == names


def test_generic_keyword_refused(tmp_path: Path) -> None:
    path = tmp_path / "kw.csv"
    path.write_text(
        "# comment\nscheme,code,keyword\nnbs-153,087,电池\nnbs-153,087,产业\n", encoding="utf-8"
    )
    with pytest.raises(InputDataError, match=r"line 4.*'产业' is too generic"):
        pt.load_keywords(path)


def test_keyword_file_problems(tmp_path: Path) -> None:
    path = tmp_path / "kw.csv"
    path.write_text("scheme,code,keyword\nnbs-153,087,电池\nnbs-153,087,电池\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="repeated"):
        pt.load_keywords(path)
    path.write_text("scheme,code,word\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="needs the columns"):
        pt.load_keywords(path)
    path.write_text("scheme,code,keyword\nnbs-153,087,电池\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no keyword rows for scheme 'nbs-149'"):
        pt.load_keywords(path, scheme="nbs-149")
    kw = pt.load_keywords(path)
    assert kw.by_code == {"087": ("电池",)}
    assert kw.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
