"""The 政府收支分类科目 pack (rules/classification.toml) and the checks built on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract.disclosure.classification import _NAMED_CODE, _Names, _parent
from auditlint.packs import load_pack, load_packs
from auditlint.pipeline import check_file

PACK = load_packs().classification()


def test_the_pack_says_where_its_names_come_from() -> None:
    assert "政府收支分类科目" in PACK.source and "财政部" in PACK.source


def test_codes_are_function_or_economic_codes_of_their_scheme() -> None:
    assert all(c[0] == "2" and len(c) in (3, 5, 7) for c in PACK.function)
    assert all(c[0] in "35" and len(c) in (3, 5) for c in PACK.economic)


def test_every_listed_code_has_its_parents_listed() -> None:
    codes = {**PACK.function, **PACK.economic}
    for code in codes:
        if len(code) > 3:
            assert code[:-2] in codes, code


def test_no_two_siblings_share_a_name() -> None:
    names = Counter((_parent(c), n) for c, n in {**PACK.function, **PACK.economic}.items())
    assert [k for k, n in names.items() if n > 1] == []


def test_renamings_name_listed_codes_in_order() -> None:
    for r in PACK.renamed:
        assert r.code in PACK.function or r.code in PACK.economic
        assert r.until < r.since and r.name != PACK.function.get(r.code)


def test_a_name_is_judged_by_its_code_siblings_and_year() -> None:
    names = _Names(PACK)
    assert names.judge("2101101", "行政单位医疗", 2025) is None
    twin = names.judge("2101101", "事业单位医疗", 2025)
    assert twin is not None and (twin.check, twin.word) == ("code_name", "2101102")
    # a name of another 款's 项 is no sibling's: not judged
    assert names.judge("2101101", "住房公积金", 2025) is None
    old = names.judge("210", "医疗卫生与计划生育支出", 2024)
    assert old is not None and old.check == "earlier_name" and old.other == "卫生健康支出"
    assert names.judge("210", "医疗卫生与计划生育支出", 2018) is None
    assert names.judge("210", "医疗卫生与计划生育支出", None) is None


def _report(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return [f.code for f in check_file(path, load_packs()).findings]


TABLE = """某某局2025年部门预算
2025年一般公共预算基本支出经济分类预算表
单位：万元
经济分类科目编码 经济分类科目名称 合计
302 商品和服务支出 5.00
3029901 课题调研费 5.00
"""


def test_a_provinces_own_code_is_added_by_a_pack(tmp_path: Path) -> None:
    """A local code is not judged until a pack names it; then its name is."""
    wrong = TABLE + "3029902 课题调研费 0.00\n"
    assert "AL607" not in _report(tmp_path, wrong)
    extra = tmp_path / "local.toml"
    extra.write_text('[classification.economic]\n"3029901" = "课题调研费"\n'
                     '"3029902" = "专家咨询费"\n', encoding="utf-8")
    load_pack(extra)  # a valid pack
    packs = load_packs([extra])
    path = tmp_path / "r2.txt"
    path.write_text(wrong, encoding="utf-8")
    codes = [f.code for f in check_file(path, packs).findings]
    assert codes.count("AL607") == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="（）()、0123456789 行政运行单位离退休事务支出", max_size=80))
def test_named_codes_in_any_text_never_crash(text: str) -> None:
    names = _Names(PACK)
    for m in _NAMED_CODE.finditer(text):
        names.judge(m.group(2), m.group(1), 2025)
