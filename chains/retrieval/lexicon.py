"""Which section a query is about: cue words per narrative section (data), scored into a section prior."""
from __future__ import annotations

from report import format as fmt

# Cue words staff use when they ask about a section, with a weight (3 = names the section, 2 = a topic of it,
# 1 = a hint). Written from the format's description of each section (docs: shared/spec §2), grouped by topic.
# Matched as substrings, longest first, each character of the query used once.
SECTION_CUES: dict[str, dict[str, float]] = {
    "一": {
        # the section itself
        "总体情况": 3, "总体": 2, "概况": 2, "整体": 1, "开头": 1, "全年": 0.5,
        # 主动公开: what was published, how it was explained
        "主动公开": 2, "公开内容": 1, "公开信息": 1, "发布信息": 1, "信息条数": 2, "多少条": 2, "条信息": 2,
        "政策文件": 1.5, "规范性文件": 1.5, "政策解读": 1.5, "解读": 1, "图解": 1.5,
        "回应关切": 2, "回应": 1, "舆情": 1.5, "新闻发布会": 2, "发布会": 2, "新闻发言人": 2, "发言人": 2,
        "吹风会": 2, "在线访谈": 2, "访谈": 1, "重点领域": 2,
        "财政预决算": 2, "预决算": 2, "决策公开": 2, "重大决策": 2, "决策": 1, "征求意见": 1.5, "预公开": 2,
        "听证": 1, "公众参与": 1.5, "执行公开": 2, "管理公开": 2, "服务公开": 2, "结果公开": 1,
        "办事指南": 1, "政务服务": 1, "执法信息": 1.5, "执法公示": 2, "执法结果": 1.5,
        "双随机": 2, "行政处罚": 1, "行政许可": 1, "抽检": 1, "公示": 1,
        # 依申请公开
        "依申请公开": 2, "依申请": 2, "申请": 1, "受理": 1, "办理": 0.5, "答复": 1, "办结": 1.5, "补正": 1.5,
        "延期": 1, "法定期限": 1.5, "申请人": 1.5, "予以公开": 2, "部分公开": 2, "不予公开": 2,
        "结转": 1.5, "行政复议": 1.5, "复议": 1, "行政诉讼": 1.5, "诉讼": 1, "纠错": 1,
        # 政府信息管理
        "政府信息管理": 3, "信息管理": 2, "属性认定": 2, "源头认定": 2, "保密审查": 2, "发布审核": 2, "审签": 1.5,
        "标准目录": 2, "公开目录": 2, "目录": 1, "公开指南": 2, "指南": 1, "文件清理": 2, "清理": 1,
        "动态更新": 2, "历史信息": 1, "撤回": 1, "更正": 1, "个人信息": 1, "脱敏": 1.5,
        "档案": 1, "归档": 1.5, "台账": 0.5,
        # 平台建设
        "平台建设": 3, "门户网站": 2, "网站": 1, "公开专栏": 2, "专栏": 1, "栏目": 1,
        "专区": 1.5, "政务新媒体": 2, "新媒体": 2, "公众号": 2, "微信": 1, "微博": 1, "抖音": 1, "视频号": 1,
        "短视频": 1, "客户端": 1, "政府公报": 2, "公报": 1.5, "公开栏": 1.5, "查阅点": 2, "查阅": 1,
        "热线": 1, "留言": 1, "政民互动": 2, "互动": 1, "便民服务": 1, "集约化": 1.5,
        # 监督保障 (for governments also 考核、社会评议、责任追究)
        "监督保障": 3, "领导小组": 1.5, "专题研究": 1.5, "培训": 1.5,
        "考核": 1.5, "绩效": 1, "社会评议": 2, "评议": 1.5, "责任追究": 2, "督查": 1, "通报": 1,
        "第三方评估": 1.5, "工作机制": 1, "人员配备": 1,
    },
    "五": {
        # the section itself
        "存在的问题": 3, "存在问题": 3, "主要问题": 3, "问题": 2, "改进情况": 3,
        # shortcomings, as staff describe them
        "不足": 2.5, "短板": 2.5, "弱项": 2, "薄弱": 2, "差距": 2, "欠缺": 2, "缺乏": 1.5, "滞后": 2,
        "有待": 2, "偏少": 1.5, "偏弱": 1.5, "较少": 1, "单一": 2, "困难": 1.5, "难以": 1.5, "不会": 1,
        "太多": 1, "太少": 1,
        "不够": 2, "不到位": 2, "不及时": 2, "不全面": 2, "不规范": 2, "不充分": 2, "不平衡": 2, "不均衡": 2,
        "不完善": 2, "不健全": 2, "不明显": 2, "不突出": 2, "不严": 2, "不细": 2, "不深": 2, "不实": 1.5,
        "不准": 1.5, "不全": 1.5, "不强": 1.5, "不高": 1.5, "不多": 1.5, "不好": 1.5, "不力": 2, "不畅": 2,
        "不佳": 2, "不便": 2, "不方便": 2,
        # what will be / was done about them
        "整改": 2.5, "改进": 2.5, "改进措施": 3, "对策": 2, "原因": 1, "措施": 1.5, "举措": 1,
        "下一步": 2.5, "接下来": 2, "今后": 2, "明年": 2, "下一年": 2, "来年": 2, "打算": 2, "计划": 1,
        "方向": 1, "将进一步": 2, "进一步": 1, "怎么改": 1.5, "怎么办": 1,
        "提升": 0.5, "加强": 0.5, "完善": 0.5,
        # last year's problems
        "上年": 1, "去年": 1, "上一年": 1, "上年度": 1, "所提问题": 3, "问题清单": 2, "逐项": 1.5, "逐条": 1.5,
        "回头看": 2, "报告中": 0.5,
    },
    "六": {
        # the section itself
        "其他需要报告": 3, "其他事项": 3, "其他需": 2, "需要报告": 2, "其他": 1.5, "另外": 1, "补充": 1,
        # 信息处理费 (国办函〔2020〕109号)
        "信息处理费": 3, "处理费": 3, "收费": 2, "收取": 2, "费用": 2, "缴费": 2, "减免": 2,
        "收了": 1.5,
        # 人大代表建议和政协提案办理结果公开
        "人大代表": 3, "代表建议": 3, "政协": 3, "提案": 3, "建议提案": 3, "人大": 2, "委员": 1.5, "议案": 2,
        "办理结果": 1, "办结率": 1.5, "满意率": 1.5,
        # 落实上级年度政务公开工作要点
        "工作要点": 3, "要点": 2, "落实情况": 1.5, "上级部署": 2, "部署": 1, "任务": 0.5,
        "任务分工": 2,
        # 政务公开工作创新情况
        "创新": 3, "亮点": 2.5, "特色": 2, "经验": 1.5, "做法": 1, "探索": 1.5, "首创": 2, "首次": 1,
        "试点": 1, "开放日": 2, "政府开放": 2, "参观": 1.5,
    },
}
SMOOTHING = 0.25  # added to every section's score so that one weak cue does not decide alone
# Sections 五 and 六 say something of a kind (a shortcoming, a fee, a proposal, an innovation) about topics that 一 also
# covers; when a query has words of such a kind, its topic words count for less.
INTENT_SECTIONS: tuple[str, ...] = ("五", "六")
TOPIC_SECTION = "一"
TOPIC_DISCOUNT = 0.5


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
    if any(scores[n] > 0 for n in INTENT_SECTIONS):
        scores[TOPIC_SECTION] *= TOPIC_DISCOUNT
    total = sum(scores.values()) + SMOOTHING * len(scores)
    return {num: (s + SMOOTHING) / total for num, s in scores.items()}
