"""Which section a query is about: cue words per narrative section (data), scored into a section prior."""
from __future__ import annotations

from report import format as fmt

# Cue words staff use when they ask about a section, with a weight (3 = names the section outright, 1 = hints).
# Matched as substrings, longest first, each character of the query used once.
SECTION_CUES: dict[str, dict[str, float]] = {
    "一": {
        "总体情况": 3, "总体": 2, "概况": 2, "整体": 1, "开头": 1, "全年": 0.5,
        "主动公开": 2, "依申请公开": 2, "依申请": 2, "申请": 1, "办结": 1.5, "答复": 1, "受理": 1, "予以公开": 2,
        "部分公开": 2, "不予公开": 2, "结转": 1.5, "申请人": 1.5,
        "政府信息管理": 3, "信息管理": 2, "平台建设": 3, "监督保障": 3, "保密审查": 2, "属性认定": 2, "发布审核": 2,
        "公开专栏": 2, "专栏": 1, "门户网站": 2, "网站": 1, "栏目": 1, "政务新媒体": 2, "新媒体": 2, "公众号": 2,
        "微信": 1, "微博": 1, "抖音": 1, "短视频": 1, "政策解读": 1.5, "解读": 1, "新闻发布会": 2, "发布会": 2,
        "发布": 0.5, "公开信息": 1, "发布信息": 1, "信息条数": 2, "多少条": 2, "条信息": 2, "公开目录": 2,
        "公开指南": 2, "政府公报": 2, "规范性文件": 1.5, "文件清理": 2, "清理": 1, "培训": 1.5, "考核": 1.5,
        "绩效": 1, "责任追究": 2, "社会评议": 2, "领导小组": 1.5, "专题研究": 1.5, "双随机": 2, "执法信息": 1.5,
        "行政处罚": 1, "行政许可": 1, "行政复议": 1.5, "复议": 1, "行政诉讼": 1.5, "诉讼": 1, "财政预决算": 2,
        "预决算": 2, "重点领域": 2, "政民互动": 2, "互动": 1, "留言": 1, "热线": 1, "意见征集": 1.5, "档案": 1,
        "归档": 1.5, "台账": 0.5, "公开栏": 1.5, "便民服务": 1, "抽检": 1, "公示": 1,
        # the "五公开" of 主动公开 (决策、执行、管理、服务、结果)
        "决策公开": 2, "重大决策": 2, "决策": 1, "征求意见": 1.5, "预公开": 2, "听证": 1, "执行公开": 2,
        "管理公开": 2, "服务公开": 2, "结果公开": 1, "办事指南": 1, "政务服务": 1,
    },
    "五": {
        "存在的问题": 3, "存在问题": 3, "主要问题": 3, "问题": 2, "不足": 2.5, "短板": 2.5, "薄弱": 2, "差距": 2,
        "弱项": 2, "不够": 2, "不到位": 2, "不及时": 2, "不全面": 2, "不规范": 2, "不高": 1.5, "不强": 1.5,
        "不深": 1.5, "单一": 2, "欠缺": 2, "滞后": 2, "有待": 2, "偏少": 1.5, "偏弱": 1.5, "缺乏": 1.5,
        "整改": 2.5, "改进": 2.5, "改进措施": 3, "下一步": 2.5, "今后": 2, "明年": 2, "下一年": 2, "来年": 2,
        "打算": 2, "计划": 1, "将进一步": 2, "进一步": 1, "努力方向": 2, "提升": 0.5, "加强": 0.5, "完善": 0.5,
        "上年": 1, "去年": 1, "上一年": 1, "上年度": 1, "所提问题": 3, "报告中": 0.5, "举措": 1, "措施": 1.5,
        # how staff describe a shortcoming
        "不方便": 2, "不便": 2, "不好": 1.5, "太多": 1, "太少": 1, "较少": 1, "困难": 1.5, "难以": 1.5, "不会": 1,
        "怎么办": 1, "怎么改": 1.5, "意见较多": 1.5,
    },
    "六": {
        "其他需要报告": 3, "其他事项": 3, "其他需": 2, "需要报告": 2, "其他": 1.5, "另外": 1, "补充": 1,
        "信息处理费": 3, "处理费": 3, "收费": 2, "收取": 2, "费用": 2, "缴费": 2, "收了": 1.5,
        "人大代表": 3, "代表建议": 3, "政协": 3, "提案": 3, "建议提案": 3, "人大": 2, "委员": 1.5, "议案": 2,
        "工作要点": 3, "要点": 2, "落实情况": 1.5, "上级部署": 2, "任务分工": 2,
        "创新": 3, "亮点": 2.5, "特色": 2, "经验": 1.5, "做法": 1, "首创": 2, "开放日": 2, "政府开放": 2,
    },
}
SMOOTHING = 0.5  # added to every section's score so that one weak cue does not decide alone


def _cue_list() -> list[tuple[str, str, float]]:
    cues = [(cue, num, w) for num, table in SECTION_CUES.items() for cue, w in table.items()]
    return sorted(cues, key=lambda c: -len(c[0]))


_CUES = _cue_list()


def cue_scores(query: str) -> dict[str, float]:
    """Summed cue weights per narrative section found in the query (longest cues first, no overlaps)."""
    scores = {num: 0.0 for num in fmt.NARRATIVE_SECTIONS}
    used = [False] * len(query)
    for cue, num, weight in _CUES:
        start = query.find(cue)
        while start >= 0:
            if not any(used[start:start + len(cue)]):
                scores[num] += weight
                used[start:start + len(cue)] = [True] * len(cue)
            start = query.find(cue, start + 1)
    return scores


def section_prior(query: str) -> dict[str, float]:
    """A distribution over the narrative sections (一, 五, 六) from the query's cue words; uniform without cues."""
    scores = cue_scores(query)
    total = sum(scores.values()) + SMOOTHING * len(scores)
    return {num: (s + SMOOTHING) / total for num, s in scores.items()}
