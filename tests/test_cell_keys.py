"""Cell keys are parsed in one place (report/format.py): positions, labels, totals, reading and writing facts data."""
from __future__ import annotations

import pytest

from report import format as fmt
from report.facts import Facts


@pytest.mark.parametrize("key, position", [
    ("t3.r1.c7", "表三 第一行 总计"),
    ("t3.r2.c1", "表三 第二行 自然人"),
    ("t3.r3.c2", "表三 第(一)行 商业企业"),
    ("t3.r5.c1", "表三 第(三)1行 自然人"),
    ("t3.r13.c7", "表三 第(四)1行 总计"),
    ("t3.r23.c6", "表三 第(六)3行 其他"),
    ("t3.r24.c7", "表三 第(七)行 总计"),
    ("t3.r25.c5", "表三 第四行 法律服务机构"),
    ("t4.c5", "表四 行政复议 总计"),
    ("t4.c6", "表四 未经复议直接起诉 结果维持"),
    ("t4.c14", "表四 复议后起诉 尚未审结"),
    ("t2.normative_docs.valid", "表二 行政规范性文件 现行有效件数"),
    ("t2.licensing", "表二 行政许可 本年处理决定数量"),
])
def test_position_is_the_official_short_name_of_the_cell(key, position):
    assert fmt.cell_position(key) == position
    assert fmt.cell_ref(key).position == position


def test_every_cell_has_a_distinct_position_and_label():
    refs = [fmt.cell_ref(k) for k in fmt.ALL_CELL_KEYS]
    assert len({r.position for r in refs}) == len(refs) == 200
    assert len({r.label for r in refs}) == 200


@pytest.mark.parametrize("key", ["t3.r26.c1", "t3.r1.c8", "t4.c16", "t2.nothing", "t3.r1", "x", ""])
def test_a_key_of_no_cell_gets_a_chinese_error_naming_it(key):
    with pytest.raises(fmt.CellKeyError, match="单元格键"):
        fmt.cell_ref(key)
    assert not fmt.is_cell_key(key)
    assert fmt.cell_position(key) == key


def test_totals_are_c7_r24_and_the_table_four_group_totals():
    totals = {k for k in fmt.ALL_CELL_KEYS if fmt.cell_ref(k).is_total}
    assert len(totals) == 25 + 6 + 3  # the c7 column, the r24 row without its c7, Table 四 c5/c10/c15
    assert {"t3.r1.c7", "t3.r24.c1", "t4.c10"} <= totals
    assert not fmt.is_total_cell("t3.r1.c1") and not fmt.is_total_cell("t2.licensing")


def test_set_in_then_cell_reads_the_same_value_for_every_key():
    data = Facts(agency="某局", year=2024).model_dump(mode="json")
    for n, key in enumerate(fmt.ALL_CELL_KEYS):
        fmt.cell_ref(key).set_in(data, str(n) if key == "t2.fees_wan" else n)
    facts = Facts.model_validate(data)
    for n, key in enumerate(fmt.ALL_CELL_KEYS):
        assert str(facts.cell(key)) == str(n)
        assert str(fmt.cell_ref(key).get_in(data)) == str(n)
