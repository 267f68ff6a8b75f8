"""Year-on-year comparison (report/compare.py): the change rules Y1/Y2 at their thresholds, every cell with both
years, the repeat shares, and the bundled corpus's consecutive years raising at most one cross-year warning."""
from __future__ import annotations

from decimal import Decimal

import pytest

from report import format as fmt
from report.compare import CHANGE_RULE_BY_KEY, CROSS_YEAR_RULES, compare, compare_cells, section_repeats
from report.parser import parse_file
from report.parser.check import validate_parsed
from report.rules.registry import RULE_BY_KEY
from settings import BUNDLED_CORPUS_DIR
from report.validator import validate
from validator_helpers import findings, make_data, make_facts


def _received(now: int, last: int):
    """Facts whose 本年新收 总计 is `now`, with last year's at `last` (the rest of Table 三 left as given)."""
    data = make_data()
    data["t3"]["r1"] = [now, 0, 0, 0, 0, 0, now]
    data["previous"] = {"t3": {"r1": [last, 0, 0, 0, 0, 0, last]}}
    return make_facts(**{k: v for k, v in data.items() if k in ("t3", "previous")})


@pytest.mark.parametrize("now, last, fires", [
    (60, 12, True), (60, 13, False),  # five times or more
    (20, 0, True), (19, 0, False),  # this year's floor: small counts move a lot
    (100, 20, True), (5, 1, False),
])
def test_y1_applications_five_times_last_year(now, last, fires):
    found = findings(_received(now, last), "Y1", fill=False)
    assert bool(found) == fires
    if fires:
        assert found[0].cells == ["t3.r1.c7"] and found[0].severity == "warning"
        assert found[0].message.startswith("表三 第一行 总计 为") and (found[0].expected, found[0].actual) == (last, now)


@pytest.mark.parametrize("now, last, fires", [(40, 100, True), (50, 100, False), (0, 20, True), (0, 19, False)])
def test_y2_decisions_down_by_more_than_half(now, last, fires):
    facts = make_facts(t2={"penalty": now, "licensing": 3}, previous={"t2": {"penalty": last}})  # t2 filled in
    found = findings(facts, "Y2")
    assert [f.cells for f in found] == ([["t2.penalty"]] if fires else [])


def test_change_rules_need_last_years_figure():
    assert findings(make_facts(t2={"penalty": 0}, previous={"t2": {"licensing": 5}}), "Y2") == []  # penalty not given
    assert findings(make_facts(t2={"penalty": 0}), "Y2") == []


def test_change_rules_are_registry_rules_with_thresholds_in_their_titles():
    for key, rule in CHANGE_RULE_BY_KEY.items():
        assert RULE_BY_KEY[key].title == rule.title and RULE_BY_KEY[key].severity == "warning"
        assert str(rule.floor) in rule.title
    assert set(CHANGE_RULE_BY_KEY) <= set(CROSS_YEAR_RULES)


def test_every_cell_with_last_year_this_year_and_the_change():
    facts = make_facts(t2={"fees_wan": "1.5", "licensing": 7},
                       previous={"t2": {"fees_wan": "1.25"}, "t3": {"r25": [1, 0, 0, 0, 0, 0, 1]}})
    cells = {c.key: c for c in compare_cells(facts)}
    assert list(cells) == list(fmt.ALL_CELL_KEYS)
    assert cells["t2.fees_wan"].change == Decimal("0.25")
    assert (cells["t2.licensing"].last, cells["t2.licensing"].now, cells["t2.licensing"].change) == (None, 7, None)
    assert (cells["t3.r25.c7"].last, cells["t3.r25.c7"].change) == (1, 0)
    assert cells["t3.r13.c7"].position == "表三 第(四)1行 总计"


def test_section_repeats_and_compare_collects_the_cross_year_findings():
    text = ("本机关认真贯彻落实政府信息公开条例，全面推进决策、执行、管理、服务、结果公开，取得明显成效。"
            "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息，持续优化政府网站专栏。"
            "健全依申请公开办理机制，规范登记、审核、答复各环节，按时答复率保持百分之百。")  # long enough for P8
    facts = make_facts(sections={"一": text, "五": "本年新写的问题与改进措施，与上年完全不同，内容具体。"},
                       previous={"sections": {"一": text, "五": "上年的问题"}, "t3": {"r25": [2, 0, 0, 0, 0, 0, 2]}})
    assert section_repeats(facts)["一"] == 1.0 and section_repeats(facts)["五"] < 0.5
    keys = sorted(f.key for f in compare(facts, validate(facts).findings).findings)
    assert keys == ["P1", "P1", "P8"]  # r2 自然人 and 总计 are 1 against last year's 2; section 一 repeated


def _corpus_pairs():
    reports = [parse_file(p) for p in sorted(BUNDLED_CORPUS_DIR.glob("*.txt"))]
    return [(r, p) for r in reports for p in reports if p.agency == r.agency and p.year == r.year - 1]


def test_bundled_corpus_consecutive_years_raise_at_most_one_cross_year_warning():
    pairs = _corpus_pairs()
    assert len(pairs) == 6
    for report, last in pairs:
        validation, _ = validate_parsed(report, previous=last)
        cross = [f for f in validation.findings if f.key in CROSS_YEAR_RULES]
        assert len(cross) <= 1, (report.source, [f.message for f in cross])
        assert not validation.errors
