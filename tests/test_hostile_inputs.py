"""Hostile inputs get a Chinese message, never a traceback: facts JSON nested 2,000 deep or with a 5,000-digit number,
GBK/UTF-16 files, figures beyond a plausible bound, agency names and notes with invisible, bidi or look-alike characters
or a million characters, library messages ("Bad CRC-32"), upload names over 255 bytes, random bytes to every command."""
from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from report.agency import same_agency
from report.errors import FactsError, describe
from report.facts import COUNT_MAX, blank_facts, facts_from_dict
from report.format import cell_label

AGENCY = "测试县民政局"


def _facts_dict(**changes) -> dict:
    data = json.loads(blank_facts(AGENCY, 2024).to_json())
    data.update(changes)
    return data


def _validate(tmp_path, capsys, data: bytes | str) -> tuple[int, str]:
    path = tmp_path / "facts.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def test_json_nested_2000_deep_is_refused_with_exit_2(tmp_path, capsys):
    code, err = _validate(tmp_path, capsys, '{"agency": "局", "year": 2024, "notes": ' + "[" * 2000 + "]" * 2000 + "}")
    assert code == 2 and "嵌套过深" in err and "2,001 层" in err


def test_a_5000_digit_number_is_refused_naming_the_cell(tmp_path, capsys):
    data = _facts_dict()
    data["t3"]["r1"][0] = 0
    text = json.dumps(data).replace('"r1": [0', '"r1": [' + "9" * 5000, 1)
    code, err = _validate(tmp_path, capsys, text)
    assert code == 2 and "数值过大" in err and "r1.c1" in err and len(err) < 600  # not printed whole


@pytest.mark.parametrize("encoding, said", [("gbk", "GBK"), ("gb18030", "GBK"), ("utf-16", "UTF-16"),
                                            ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")])
def test_encodings_are_named_in_chinese(tmp_path, capsys, encoding, said):
    text = json.dumps(_facts_dict(notes={"一": ["开展培训3次"]}), ensure_ascii=False)
    code, err = _validate(tmp_path, capsys, text.encode(encoding))
    assert code == 2 and said in err and "请另存为 UTF-8" in err


def test_json_syntax_errors_are_said_in_chinese(tmp_path, capsys):
    code, err = _validate(tmp_path, capsys, '{"agency": "局", "year": }')
    assert code == 2 and "第 1 行" in err and "缺少值" in err and "Expecting" not in err


@pytest.mark.parametrize("cell, value", [("t3.r1.c1", 10**400), ("t4.c1", COUNT_MAX + 1), ("t3.r5.c7", 1e30),
                                         ("t2.licensing", 10**400), ("t2.regulations.made", 1e30)])
def test_figures_beyond_a_plausible_bound_are_errors_naming_the_cell(cell, value):
    data = _facts_dict()
    if cell.startswith("t3"):
        _, row, col = cell.split(".")
        data["t3"][row][int(col[1:]) - 1] = value
    elif cell.startswith("t4"):
        data["t4"][int(cell[4:]) - 1] = value
    elif cell == "t2.licensing":
        data["t2"]["licensing"] = value
    else:
        data["t2"]["regulations"]["made"] = value
    with pytest.raises(FactsError) as e:
        facts_from_dict(data)
    text = str(e.value)
    assert "数值过大" in text and "10,000,000" in text and len(text) < 400
    assert cell.split(".", 1)[1] in text or cell_label(cell) in text, text


def test_a_count_of_ten_million_is_still_a_figure():
    data = _facts_dict()
    data["t2"]["licensing"] = COUNT_MAX
    assert facts_from_dict(data).t2.licensing == COUNT_MAX


@pytest.mark.parametrize("fee", ["1e30", 1e30, "100000001", 10**400])
def test_a_fee_beyond_ten_million_wan_is_refused(fee):
    data = _facts_dict()
    data["t2"]["fees_wan"] = fee
    with pytest.raises(FactsError, match="fees_wan.*金额过大|金额过大"):
        facts_from_dict(data)


def test_a_fee_of_ten_million_wan_is_kept():
    data = _facts_dict()
    data["t2"]["fees_wan"] = "10000000"
    assert facts_from_dict(data).t2.fees_wan == Decimal(10_000_000)


@pytest.mark.parametrize("name, reason", [
    ("\u200b\u200b\u200b", "看不见的字符"), ("\u200b \ufeff\u2060", "看不见的字符"),
    ("局理管督监场市县某\u202e", "文字方向"), ("某县\u2067民政局\u2069", "文字方向"), ("某县\u200f民政局", "文字方向"),
    ("某" * 1_000_000, "过长"),
])
def test_agency_names_that_cannot_be_shown_as_typed_are_refused_with_the_reason(name, reason):
    with pytest.raises(FactsError, match=reason):
        facts_from_dict(_facts_dict(agency=name))


def test_agency_names_are_nfkc_without_zero_width_characters():
    facts = facts_from_dict(_facts_dict(agency="ＡＢ\u200b县\u200d民政局(本级)"))
    assert facts.agency == "AB县民政局（本级）"


def test_notes_are_cleaned_and_bounded():
    facts = facts_from_dict(_facts_dict(notes={"一": ["开展\u200b培训\u202e3次，①线上②线下"]}))
    assert facts.notes["一"] == ["开展培训3次，①线上②线下"]  # Chinese punctuation and ① kept as written
    with pytest.raises(FactsError, match="第一部分第1条要点过长"):
        facts_from_dict(_facts_dict(notes={"一": ["字" * 1_000_000]}))
    with pytest.raises(FactsError, match="第五部分的正文过长"):
        facts_from_dict(_facts_dict(sections={"五": "字" * 1_000_000}))


@pytest.mark.parametrize("typed", ["青溪县\u200b市场监督管理局", "青溪县市场\u200d监督管理局\ufeff", "青溪县市场监督管理局\u200e",
                                   "青溪县市场监督管理局(本级)", "青溪县市场监督管理局"])
def test_zero_width_characters_do_not_break_matching_with_last_year(typed):
    assert same_agency(typed, ["青溪县市场监督管理局（本级）", "青溪县人民政府"]) == ["青溪县市场监督管理局（本级）"]


def test_library_messages_are_wrapped_in_chinese(tmp_path):
    assert describe(zipfile.BadZipFile("Bad CRC-32 for file 'word/document.xml'")) == "压缩文件已损坏（校验值不符）"
    assert describe(OSError(36, "File name too long")) == "文件名过长"
    assert all(ord(ch) > 127 or ch in " ()" for ch in describe(ValueError("x")).replace("（", "").replace("）", ""))


def _bad_crc_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>" + "内容" * 200 + "</w:document>")
    data = bytearray(buf.getvalue())
    at = data.find("内容".encode("utf-8"))
    data[at:at + 3] = "错误".encode("utf-8")[:3]  # the stored bytes no longer match their CRC
    return bytes(data)


def _bad_crc_zip(tmp_path) -> bytes:
    """A zip whose stored report no longer matches its CRC, and a .docx inside whose part does not either."""
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("报告.docx", _bad_crc_docx(tmp_path))
        zf.writestr("报告.txt", "一、总体情况\n" + "本年度收到申请。" * 50)
    data = bytearray(bundle.getvalue())
    at = data.find("本年度".encode("utf-8"))
    data[at:at + 3] = "上年度".encode("utf-8")[:3]
    return bytes(data)


def test_a_zip_with_a_bad_crc_is_refused_in_chinese_by_check(tmp_path, capsys):
    path = tmp_path / "reports.zip"
    path.write_bytes(_bad_crc_zip(tmp_path))
    code = main(["check", str(path), "--out", str(tmp_path / "out.json")])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) if (tmp_path / "out.json").exists() else {}
    said = json.dumps(out, ensure_ascii=False) + captured.err + captured.out
    assert "CRC" not in said and "校验值不符" in said, said


def test_upload_names_over_255_bytes_are_shortened_with_a_hash():
    from chains.retrieval.index import MAX_NAME_BYTES, _safe_filename

    long_a, long_b = "甲" * 120 + "年度报告.txt", "甲" * 119 + "乙年度报告.txt"
    a, b = _safe_filename(long_a), _safe_filename(long_b)
    assert len(a.encode("utf-8")) <= MAX_NAME_BYTES and a.endswith(".txt") and a != b
    assert _safe_filename("短名.txt") == "短名.txt"


def test_an_upload_with_a_long_name_is_indexed(tmp_path):
    from chains.retrieval.index import CorpusIndex
    from settings import BUNDLED_CORPUS_DIR, Settings

    folder = tmp_path / "corpus"
    folder.mkdir()
    idx = CorpusIndex(Settings(NIANBAO_DATA_DIR=str(tmp_path / "data"), NIANBAO_CORPUS_DIR=str(folder)))
    data = (BUNDLED_CORPUS_DIR / "qingxi-gov-2023.txt").read_bytes()
    stats = idx.add_file(data, "青溪县人民政府" * 30 + "2023年政府信息公开工作年度报告.txt")
    assert stats.added == 1
    [stored] = list((tmp_path / "data" / "uploads").iterdir())
    assert len(stored.name.encode("utf-8")) <= 255


COMMANDS = (["validate", "{f}"], ["validate", "{f}", "--json"], ["render", "{f}", "--out", "{o}.md"],
            ["parse", "{f}"], ["parse", "{f}", "--json", "--validate"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda t: t.encode("utf-8")),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                                   lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c, max_size=4),
                                   max_leaves=20).map(lambda v: json.dumps({"agency": "局", "year": 2024, "t2": v})
                                                      .encode("utf-8"))),
       command=st.sampled_from(COMMANDS), suffix=st.sampled_from([".json", ".txt", ".docx", ".pdf", ".html"]))
def test_random_input_to_every_command_gives_chinese_or_a_result_never_a_traceback(tmp_path, capsys, data, command,
                                                                                   suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    argv = [a.format(f=path, o=tmp_path / "out") for a in command]
    code = main(argv)
    captured = capsys.readouterr()
    assert code in (0, 1, 2) and "Traceback" not in captured.err
    if code == 2:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in captured.err), captured.err


_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
_BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 10), st.sampled_from(_INVISIBLE + _BIDI)), max_size=6))
def test_generated_names_are_cleaned_or_refused_with_a_reason(cuts):
    name = "青溪县市场监督管理局"
    for at, ch in cuts:
        name = name[:at] + ch + name[at:]
    try:
        facts = facts_from_dict(_facts_dict(agency=name))
    except FactsError as e:
        assert any(ch in name for ch in _BIDI) and "文字方向" in str(e)
        return
    assert facts.agency == "青溪县市场监督管理局"
    assert same_agency(name, ["青溪县市场监督管理局", "青溪县人民政府"]) == ["青溪县市场监督管理局"]
