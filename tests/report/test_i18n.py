from __future__ import annotations

import re
import string

import pytest

from chainmap import i18n
from chainmap.i18n import LANGUAGES, STRINGS, keys, t

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_key_has_both_languages_non_empty() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key


#: Labels that name the *other* language in its own script (the language toggle).
TOGGLES = {"web.language"}


def test_chinese_texts_are_chinese_and_english_texts_are_not() -> None:
    for key, texts in STRINGS.items():
        if key in TOGGLES:
            assert CJK.search(texts["en"]) and not CJK.search(texts["zh"]), key
            continue
        assert CJK.search(texts["zh"]), f"{key}: zh text has no Chinese: {texts['zh']!r}"
        assert not CJK.search(texts["en"]), f"{key}: en text has Chinese: {texts['en']!r}"


def test_placeholders_match_between_languages() -> None:
    fmt = string.Formatter()
    for key, texts in STRINGS.items():
        fields = [{f for _, f, _, _ in fmt.parse(texts[lang]) if f} for lang in LANGUAGES]
        assert fields[0] == fields[1], key


def test_unknown_key_raises_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match=r"section\.nonexistent"):
        t("section.nonexistent", "zh")


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        t("gap.break", "fr")


@pytest.mark.parametrize(
    ("key", "zh", "en"),
    [
        ("criterion.driving_effect", "带动效应", "Driving effect"),
        ("criterion.base", "经济与产业基础", "Economic and industrial base"),
        ("criterion.stage", "产业发展阶段", "Development stage"),
        ("criterion.market", "市场规模", "Market size"),
        ("criterion.policy", "政策支持方向", "Policy support"),
        ("gap.choke", "堵点", "Choke point"),
        ("action.extend", "延链", "Extend"),
        ("role.potential", "潜在主导", "Potential leading"),
    ],
)
def test_source_report_terms(key: str, zh: str, en: str) -> None:
    assert t(key, "zh") == zh
    assert t(key, "en") == en


def test_groups_required_by_the_report_are_complete() -> None:
    assert [t(k) for k in keys("stage.")] == [
        "萌芽期",
        "过热期",
        "验证放量期",
        "稳健增长期",
        "成熟期",
        "衰退期",
    ]
    assert [t(k) for k in keys("role.")] == ["主导", "潜在主导", "辅助", "基础"]
    assert [t(k) for k in keys("gap.")] == ["断点", "弱点", "堵点", "健全"]
    assert [t(k) for k in keys("action.")] == ["补链", "强链", "延链"]
    assert len(keys("key_class.")) == 4
    assert [k.split(".")[1] for k in keys("section.")][:9] == [
        "summary",
        "quadrant",
        "criteria",
        "chain_map",
        "comparison",
        "robustness",
        "alternatives",
        "notes",
        "provenance",
    ]


def test_units_are_filled_from_arguments() -> None:
    assert t("measure.output", "zh", unit="万元") == "总产出（万元）"
    assert t("measure.output", "en") == "Gross output ({unit})"
    with pytest.raises(KeyError):
        t("measure.output", "en", currency="CNY")


def test_measure_labels_cover_the_analyze_columns() -> None:
    from chainmap.analysis.summary import REQUIRED_COLUMNS

    for col in REQUIRED_COLUMNS:
        if col in ("code", "name"):
            continue
        assert f"measure.{col}" in STRINGS, col


def test_module_has_no_second_string_table() -> None:
    # The one table is STRINGS; keys() and t() read it.
    assert i18n.keys() == list(STRINGS)


def test_label_areas_merge_into_one_table_without_clashes() -> None:
    from collections import Counter

    from chainmap.i18n import _AREAS

    counts = Counter(k for area in _AREAS for k in area.LABELS)
    assert not [k for k, n in counts.items() if n > 1]
    assert sum(counts.values()) == len(i18n.STRINGS)
    # every area is a module of the package, and base modules stay free of pipeline stages
    assert all(area.__name__.startswith("chainmap.i18n.") for area in _AREAS)
    assert t("place.浙江", "en") == "Zhejiang"


def test_a_key_defined_in_two_areas_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    one = SimpleNamespace(__name__="a", LABELS={"x.y": ("甲", "a")})
    two = SimpleNamespace(__name__="b", LABELS={"x.y": ("乙", "b")})
    monkeypatch.setattr(i18n, "_AREAS", (one, two))
    with pytest.raises(RuntimeError, match=r"defined twice \(b\): x.y"):
        i18n._merge()
