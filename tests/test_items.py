"""Item explanations of 预算 narratives: growth against a base named by its label, the
heading amount, the item against its table row, and the wording of its reason."""

from __future__ import annotations

from auditlint.checks.base import CheckContext, run_rules
from auditlint.extract import build_graph
from auditlint.packs import load_packs
from auditlint.readers.text import parse_text

ITEM = ("{n}. “一般公共服务支出（类）{k}（款）{x}（项）”{head}万元，主要用于{x}。2024年当年预算执行数为"
        "{prev}万元，2025年预算安排{cur}万元，比2024年预算执行数{word}{rate}。主要原因是：{reason}。\n")


def _item(n: int = 1, k: str = "财政事务", x: str = "行政运行", head: str = "110.00",
          prev: str = "100.00", cur: str = "110.00", word: str = "增加", rate: str = "10.00%",
          reason: str = "") -> str:
    return ITEM.format(n=n, k=k, x=x, head=head, prev=prev, cur=cur, word=word, rate=rate,
                       reason=reason or f"{x}经费{'增加' if word == '增加' else '减少'}")


def _findings(text: str) -> list[tuple[str, str]]:
    doc = parse_text(text, "t.txt")
    graph = build_graph(doc, load_packs())
    found = run_rules(CheckContext(document=doc, graph=graph, path="t.txt"))
    return sorted((f.code, f.severity) for f in found if f.severity != "info")


def test_a_consistent_item_gives_nothing() -> None:
    assert _findings(_item()) == []
    assert _findings(_item(head="90.00", cur="90.00", word="减少", rate="10.00%")) == []


def test_growth_against_the_amount_its_base_names() -> None:
    assert _findings(_item(rate="11.00%")) == [("AL202", "error")]


def test_a_rate_over_the_current_amount_says_so() -> None:
    # 10.00 / 110.00 = 9.09%: the change over the current figure, not over the base 100.00
    doc = parse_text(_item(rate="9.09%"), "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()),
                                   path="t.txt"))
    assert [f.code for f in found] == ["AL202"]
    assert "is the change over the current figure" in found[0].message
    doc = parse_text(_item(rate="11.00%"), "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()),
                                   path="t.txt"))
    assert "current figure" not in found[0].message


def test_a_decrease_written_as_an_increase() -> None:
    found = _findings(_item(head="90.00", cur="90.00", rate="10.00%", reason="行政运行经费减少"))
    assert ("AL202", "error") in found


def test_a_rate_from_nothing_is_a_warning() -> None:
    assert _findings(_item(prev="0.00", rate="100.00%")) == [("AL202", "warning")]


def test_flat_against_two_different_amounts() -> None:
    text = _item(word="持平", rate="", reason="行政运行经费不变")
    assert [c for c, _ in _findings(text)] == ["AL202"]
    assert _findings(_item(prev="110.00", word="持平", rate="", reason="行政运行经费不变")) == []


def test_the_heading_amount_against_the_amount_for_the_same_year() -> None:
    assert ("AL401", "error") in _findings(_item(head="112.00"))


def test_the_item_against_its_row_in_the_general_budget_table() -> None:
    table = ("2025年部门一般公共预算支出功能分类预算表\n单位：元\n功能分类科目名称 合计 基本支出 项目支出\n"
             "201 一般公共服务支出 1,100,000 1,100,000 0\n201 06 财政事务 1,100,000 1,100,000 0\n"
             "201 06 01 行政运行 1,100,000 1,100,000 0\n")
    assert _findings(_item() + table) == []
    wrong = _item(head="111.00", cur="111.00", rate="11.00%") + table
    assert [c for c, _ in _findings(wrong)] == ["AL403"]


def test_a_table_whose_unit_was_not_found_is_not_read_in_the_items() -> None:
    # rows with no unit line (a PDF's unit printed inside the frame, missed): 110.00万元 is
    # not judged against a 110.00 of unknown unit (no AL403), nor called a name the tables
    # lack; the table's figures still add up on their own
    table = ("2025年部门一般公共预算支出功能分类预算表\n功能分类科目名称 合计 基本支出 项目支出\n"
             "201 一般公共服务支出 110.00 110.00 0\n201 06 财政事务 110.00 110.00 0\n"
             "201 06 01 行政运行 110.00 110.00 0\n")
    assert _findings(_item() + table) == []


def test_a_reason_that_says_the_opposite_of_the_change() -> None:
    found = _findings(_item(head="90.00", cur="90.00", word="减少", reason="行政运行经费增加"))
    assert found == [("AL601", "warning")]


def test_a_reason_copied_from_another_item() -> None:
    first = _item(n=1, x="行政运行")
    second = _item(n=2, x="机关服务", reason="行政运行经费增加")
    assert _findings(first + second) == [("AL602", "warning")]
    assert _findings(first + _item(n=2, x="机关服务")) == []


def test_a_change_against_a_base_stated_in_the_comparison() -> None:
    text = "2025年支出预算 1,250.00 万元，比 2024 年年初预算数 1,000.00 万元增加 {c} 万元，增长 {r}%。\n"
    assert _findings(text.format(c="250.00", r="25.00")) == []
    assert [c for c, _ in _findings(text.format(c="205.00", r="25.00"))] == ["AL103"]
    assert [c for c, _ in _findings(text.format(c="250.00", r="20.00"))] == ["AL202"]


def test_an_explanation_copied_word_for_word_from_another_list_item() -> None:
    items = ("1．一般公共预算财政拨款收入100.00万元，本单位为新成立单位，上年无一般公共预算财政拨款收入。\n"
             "2．政府性基金预算财政拨款收入0万元，本单位为新成立单位，上年无上级补助收入。\n"
             "3．上级补助收入0万元，本单位为新成立单位，上年无上级补助收入。\n")
    assert _findings(items) == [("AL602", "warning")]
    fixed = items.replace("2．政府性基金预算财政拨款收入0万元，本单位为新成立单位，上年无上级补助收入",
                          "2．政府性基金预算财政拨款收入0万元，本单位为新成立单位，上年无政府性基金预算财政拨款收入")
    assert _findings(fixed) == []


FINAL_TABLE = ("一般公共预算财政拨款支出决算表\n单位：万元\n"
               "科目编码 科目名称 本年支出合计 基本支出 项目支出\n"
               "221 住房保障支出 290.00 290.00 0.00\n22102 住房改革支出 290.00 290.00 0.00\n"
               "2210201 住房公积金 {x} {x} 0.00\n2210203 购房补贴 {y} {y} 0.00\n")
FINAL_ITEM = ("1、住房保障支出（类）{k}（款）{name}（项）。主要用于：在职人员{name}支出。年初预算为"
              "200.00万元，支出决算为{amount}万元。决算数小于预算数的主要原因：人员减少。\n")


def _final(amount: str = "189.50", k: str = "住房改革支出", name: str = "住房公积金",
           table_name: str = "住房公积金") -> list[tuple[str, str]]:
    table = FINAL_TABLE.format(x="189.50", y="100.50").replace("住房公积金", table_name)
    return _findings(FINAL_ITEM.format(k=k, name=name, amount=amount) + table)


def test_a_final_account_item_is_its_outturn_against_its_table_row() -> None:
    # no amount after the name: the item's 支出决算 is the one compared with its 项's row
    assert _final() == []
    assert [c for c, _ in _final(amount="198.50")] == ["AL401"]


def test_a_final_account_item_naming_another_kuan() -> None:
    assert _final(k="住房保障支出") == [("AL603", "warning")]


def test_a_table_name_cut_by_the_reader_is_not_another_name() -> None:
    # the row's name lost its end to the next line: the same 项, not a misnamed item
    assert _final(name="住房公积金缴存支出", table_name="住房公积金缴存") == []


def test_an_item_does_not_run_on_past_a_table_into_the_next_paragraph() -> None:
    # the item's heading amount against its own 2026 amount (AL401), even when a paragraph
    # with another 2026 amount follows the tables after it
    from auditlint.checks.base import CheckContext, run_rules
    from auditlint.extract import build_graph
    from auditlint.packs import load_packs
    from auditlint.readers.text import parse_text

    text = (
        "3、住房保障支出（221类）住房改革支出（02款）购房补贴（03项）90万元。主要用于：发放购房"
        "补贴。2025年当年预算执行数为80.00万元，2026年预算安排70.00万元，比2025年预算执行数减少"
        "12.50%。主要原因是：支出减少。\n"
        "单位“三公”经费预算表\n单位：万元\n“三公”经费预算数\n公务用车购置及运行费\n"
        "合计 因公出国(境)费 公务接待费\n小计 购置费 运行费\n"
        "10.00 2.00 1.00 7.00 3.00 4.00\n"
        "2026年“三公”经费预算数为10.00万元。\n"
    )
    doc = parse_text(text, "t.txt")
    found = run_rules(CheckContext(document=doc, graph=build_graph(doc, load_packs()),
                                   path="t.txt"))
    assert [(f.code, f.line) for f in found if f.code == "AL401"] == [("AL401", 1)]


def test_an_item_naming_its_xiang_by_a_shorter_name_is_its_row() -> None:
    # 2080505's name is 机关事业单位基本养老保险缴费支出; the text calls it by a shorter name
    # (`short_names` of rules/classification.toml) and is still that row's figure
    table = ("一般公共预算支出预算表\n单位：万元\n科目代码 功能科目名称 金额\n合 计 300.00\n"
             "208 社会保障和就业支出 300.00\n20805 行政事业单位离退休 300.00\n"
             "2080505 机关事业单位基本养老保险缴费支出 300.00\n")
    item = ("1．行政事业单位离退休（款）机关事业单位基本养老保险费（项）支出{v}万元，"
            "主要用于缴费。\n")
    assert _findings(table + item.format(v="300.00")) == []
    assert _findings(table + item.format(v="301.00")) == [("AL401", "error")]
