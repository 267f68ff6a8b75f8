"""Writes the labelled set's own reports (run once; the .txt files are committed): five years of one fictional
agency, 青溪县交通运输局 2021–2025, in the 2021 format, with defects planted as real reports have them. The labels
are in ../check_labels.json. Usage: python tests/data/check/make_reports.py"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
AGENCY = "青溪县交通运输局"
COLS = 6
ROWS = [
    ("三、本年度办理结果（一）予以公开", "open"), ("三、本年度办理结果（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("（三）不予公开1.属于国家秘密", ""), ("（三）不予公开2.其他法律行政法规禁止公开", ""), ("（三）不予公开3.危及“三安全一稳定”", ""),
    ("（三）不予公开4.保护第三方合法权益", "third"), ("（三）不予公开5.属于三类内部事务信息", ""),
    ("（三）不予公开6.属于四类过程性信息", ""), ("（三）不予公开7.属于行政执法案卷", ""), ("（三）不予公开8.属于行政查询事项", ""),
    ("（四）无法提供1.本机关不掌握相关政府信息", "none"), ("（四）无法提供2.没有现成信息需要另行制作", ""),
    ("（四）无法提供3.补正后申请内容仍不明确", ""), ("（五）不予处理1.信访举报投诉类申请", "petition"), ("（五）不予处理2.重复申请", ""),
    ("（五）不予处理3.要求提供公开出版物", ""), ("（五）不予处理4.无正当理由大量反复申请", ""),
    ("（五）不予处理5.要求行政机关确认或重新出具已获取信息", ""),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "lapsed"),
    ("（六）其他处理2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ""), ("（六）其他处理3.其他", ""),
]
# Per year: figures (applications by 自然人 and 商业企业 only), the words of 五, and the planted defects.
MORE = {2021: '政府信息管理方面，对二〇一八年以来印发的文件开展清理，逐件标注有效、失效或废止，并在专栏同步更新；平台建设方面，政务微信公众号“青溪交通”全年推送信息三百余条，开设路况播报和春运出行提示两个固定栏目。监督保障方面，局党组会议两次专题研究政务公开工作，将其纳入股室年度目标考核。', 2022: '政府信息管理方面，建立公开前保密审查和个人信息去标识化双审制度，全年审查拟公开信息一千余条，未发生泄密和侵犯个人隐私事件。平台建设方面，在政务服务大厅交通窗口设置电子查阅屏，提供办事指南和审批结果查询。监督保障方面，聘请五名社会监督员，每半年召开一次座谈会听取意见。', 2023: '平台建设方面，完成政务新媒体账号清理整合，关停长期不更新的账号两个，保留的账号统一由办公室审核发布。政府信息管理方面，对涉企行政处罚信息实行公示期满自动撤下，并与信用修复结果联动。监督保障方面，组织全局业务培训三次，邀请县政务公开办同志授课，参训一百二十人次。', 2024: '监督保障方面，制定政务公开工作责任清单，明确各股室、站所的公开事项和责任人，年底逐项考核。平台建设方面，专栏新增智能检索和无障碍浏览功能，方便老年人和视障群众查阅。政府信息管理方面，对公开的重大建设项目信息设立专门台账，确保从立项到竣工全过程信息完整可查。', 2025: '政府信息管理方面，编制本局政府信息公开事项标准目录，涵盖公路建设、道路运输、水路运输等八个领域一百零六项。平台建设方面，推动政务新媒体与县融媒体中心合作，重要政策同步在县电视台播出解读节目。监督保障方面，将群众对公开工作的评价纳入股室考核，年内开展满意度调查一次。'}
WORK = {2021: '年内完成本局政府信息公开专栏的集约化迁移，将原有九个栏目整合为六个，新增“农村公路建设”专题，集中发布农村公路新建改建项目的立项、招标和验收信息，全年发布相关信息八十余条；同时修订依申请公开工作规程，明确登记、拟办、会签、答复各环节的时限。', 2022: '围绕客运班线调整和城乡公交一体化改造，提前公开线路调整方案并开展网上意见征集，收到群众意见二百余条，采纳合理建议三十余条；在十四个乡镇客运站设置公开查阅点，方便群众现场查询运价、班次和投诉渠道。', 2023: '本年重点做好道路运输证照电子化改革的公开工作，发布办事指南和常见问题解答，全年办理的行政许可中电子证照占比明显提高；针对货车司机关心的超限检测站执法问题，公开执法流程、处罚裁量基准和申诉渠道。', 2024: '结合交通安全隐患排查整治专项行动，按月公开排查整治进展和典型案例，开设“交通安全曝光台”专栏；对县域内在建的三条干线公路，实行建设进度、资金使用和质量检测结果“三公开”，群众可扫码查看。', 2025: '推进“高效办成一件事”交通运输领域改革，将道路货物运输经营许可与车辆营运证核发合并办理，公开合并后的办事指南；组织开展政务公开开放日活动两次，邀请群众代表走进治超站和公交调度中心。'}
YEARS = {
    2021: dict(received=(18, 4), carried=(1, 0), open=(9, 2), partial=(2, 1), third=(1, 0), none=(4, 1),
               petition=(1, 0), lapsed=(1, 0), licensing=3120, penalty=412, coercion=16, made=9, repealed=2, valid=431,
               fee="2650.4100", review=(0, 0, 1, 0), text_received=25,
               five="一是部分股室对主动公开范围把握不准，公开的执法信息要素不全；二是政策解读以文字为主，形式单一。"
                    "2022年，我局将制定执法信息公开要素清单，逐项核对后发布；同时尝试以图表、短视频等形式解读交通运输政策。"),
    2022: dict(received=(21, 5), carried=(0, 0), open=(12, 3), partial=(2, 1), third=(0, 0), none=(4, 0),
               petition=(1, 1), lapsed=(0, 0), licensing=2860, penalty=455, coercion=21, made=11, repealed=4, valid=438,
               fee="3125.311082", review=(1, 0, 0, 0),
               five="对上年问题的改进：已制定执法信息公开要素清单，执法公示信息要素齐全率达到百分之百。本年存在的问题："
                    "一是农村公路建设项目信息公开不够及时；二是依申请公开答复文书格式不统一。下一步，将建立农村公路项目"
                    "信息按月报送机制，并统一答复文书模板。"),
    2023: dict(received=(25, 6), carried=(2, 0), open=(14, 4), partial=(3, 1), third=(1, 0), none=(3, 1),
               petition=(2, 0), lapsed=(1, 0), licensing=10690, penalty=398, coercion=14, made=12, repealed=5, valid=445,
               fee="2980.0500", review=(0, 1, 0, 0),
               five="一是网约车、货运等新业态监管信息公开不够系统；二是公开专栏部分栏目更新滞后，个别栏目长期无内容。"
                    "改进措施：梳理新业态监管事项清单并分类公开，对长期无内容的栏目进行整合，建立栏目更新责任表，"
                    "每季度检查一次。"),
    2024: dict(received=(23, 4), carried=(1, 0), open=(13, 3), partial=(2, 0), third=(1, 0), none=(4, 1),
               petition=(1, 0), lapsed=(0, 0), licensing=4460, penalty=421, coercion=19, made=30, repealed=5, valid=470,
               fee="3310.2000", review=(1, 0, 0, 0), text_valid=393,
               five="一是交通建设工程招投标信息与公共资源交易平台衔接不够；二是政务新媒体互动回应不够及时。2025年将"
                    "推动招投标信息与交易平台数据同步，建立留言办理登记和回访制度，一般留言在五个工作日内回复。"),
    2025: dict(received=(19, 5), carried=(0, 0), open=(11, 3), partial=(2, 1), third=(0, 0), none=(3, 0),
               petition=(1, 0), lapsed=(1, 0), licensing=3980, penalty=436, coercion=17, made=8, repealed=6, valid=472,
               fee="3090.0000", review=(0, 0, 0, 1), heading_four="四、政府信息公开行政法复议、行政诉讼情况",
               five="一是公开内容的可读性仍需提高，部分通知公告专业术语较多；二是基层站所信息员业务能力参差不齐。"
                    "改进措施：对面向群众的公告增加通俗说明，组织基层站所信息员集中培训两次，开展一次业务测试。"),
}


def _cols(pair: tuple[int, int]) -> list[int]:
    return [pair[0], pair[1], 0, 0, 0, 0]


def _row(label: str, values: list[int]) -> str:
    return "\t".join([label, *map(str, values), str(sum(values))])


def _t3(d: dict, carried: list[int]) -> tuple[list[str], dict]:
    results = {name: _cols(d.get(name, (0, 0))) if name else [0] * COLS for _, name in ROWS}
    handled = [sum(results[name][c] for _, name in ROWS) for c in range(COLS)]
    received = _cols(d["received"])
    out = [received[c] + carried[c] - handled[c] for c in range(COLS)]
    assert min(out) >= 0, (d, out)
    lines = [_row("一、本年新收政府信息公开申请数量", received), _row("二、上年结转政府信息公开申请数量", carried)]
    lines += [_row(label, results[name]) for label, name in ROWS]
    lines += [_row("三、本年度办理结果（七）总计", handled), _row("四、结转下年度继续办理", out)]
    figures = {"received": sum(received), "carried": sum(carried), "handled": sum(handled), "out": sum(out),
               "open": sum(results["open"]), "partial": sum(results["partial"]), "out_cols": out}
    return lines, figures


def report(year: int, d: dict, carried: list[int]) -> tuple[str, list[int]]:
    """The text of one year's report, and what it carries over to the next year (by column)."""
    t3, f = _t3(d, carried)
    d = {**d, "work": WORK[year], "more": MORE[year]}
    kept, fixed, other, pending = d["review"]
    review = [kept, fixed, other, pending, kept + fixed + other + pending]
    t4 = review + [0] * 10
    received = d.get("text_received", f["received"])
    valid = d.get("text_valid", d["valid"])
    return "\n".join([
        f"{AGENCY}{year}年政府信息公开工作年度报告", "",
        f"本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号规定的格式编制，统计期限为{year}年1月1日至"
        f"{year}年12月31日。", "",
        "一、总体情况", "",
        f"{year}年，我局围绕交通运输重点工作推进政务公开。{d['work']}",
        d["more"],
        f"全年办理行政许可{d['licensing']}件，作出行政处罚决定"
        f"{d['penalty']}件，采取行政强制措施{d['coercion']}件，相关结果信息均在本局专栏公开。",
        f"本年度制发行政规范性文件{d['made']}件，废止{d['repealed']}件，截至年底现行有效行政规范性文件{valid}件。",
        f"本年度新收政府信息公开申请{received}件，上年结转{f['carried']}件；办结{f['handled']}件，其中予以公开"
        f"{f['open']}件、部分公开{f['partial']}件；结转下年度{f['out']}件。", "",
        "二、主动公开政府信息情况", "",
        "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t0\t0\t0",
        f"行政规范性文件\t{d['made']}\t{d['repealed']}\t{d['valid']}",
        "第二十条第（五）项", "信息内容\t本年处理决定数量", f"行政许可\t{d['licensing']}",
        "第二十条第（六）项", "信息内容\t本年处理决定数量", f"行政处罚\t{d['penalty']}", f"行政强制\t{d['coercion']}",
        "第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", f"行政事业性收费\t{d['fee']}", "",
        "三、收到和处理政府信息公开申请情况", "",
        "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计", *t3, "",
        d.get("heading_four", "四、政府信息公开行政复议、行政诉讼情况"), "",
        "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), "\t".join(map(str, t4)), "",
        "五、存在的主要问题及改进情况", "", d["five"], "",
        "六、其他需要报告的事项", "", "本年度未收取信息处理费。", "",
        AGENCY, f"{year + 1}年1月20日", ""]), f["out_cols"]


def main() -> None:
    """Write the five reports beside this script."""
    carried = [1, 0, 0, 0, 0, 0]
    for year, d in YEARS.items():
        text, carried = report(year, d, carried)
        (HERE / f"qingxi-jtj-{year}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
