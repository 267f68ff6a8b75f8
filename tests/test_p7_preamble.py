"""P7 also reads a parsed report's front matter, where the format notice is usually cited."""
from conftest import REPORTS, shared_file
from report.parser import parse_file, parse_text
from report.parser.check import validate_parsed

BODY = ("\n一、总体情况\n本年度依法公开政府信息，各项工作有序推进，公开质量持续提升。\n五、存在的主要问题及改进情况\n"
        "信息更新不够及时，将加强审核。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n")


def _p7(text: str) -> list[str]:
    validation, _ = validate_parsed(parse_text(text))
    return [f.message for f in validation.findings if f.key == "P7"]


def test_wrong_notice_in_preamble_is_reported_and_kept_apart_from_sections():
    report = parse_text("测试县审计局2024年政府信息公开工作年度报告\n根据国办政务公开办函〔2021〕30号要求编制本报告。" + BODY)
    assert "国办政务公开办函" in report.preamble and "国办政务公开办函" not in report.sections["一"]
    messages = _p7(report.preamble + BODY)
    assert len(messages) == 1 and messages[0].startswith("前言引用")


def test_right_notice_in_preamble_stays_quiet():
    assert _p7("测试县审计局2024年政府信息公开工作年度报告\n根据国办公开办函〔2021〕30号要求编制本报告。" + BODY) == []


def test_shenshan_wrong_notice_name_found_in_front_matter():
    report = parse_file(shared_file(REPORTS / "2024_shenshan.txt"))
    validation, _ = validate_parsed(report)
    assert any(f.key == "P7" and "国办政务公开办函" in f.message for f in validation.findings)
