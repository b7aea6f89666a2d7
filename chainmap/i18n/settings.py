"""Comparisons, solver statuses, settings, thresholds, source phrases, the parameter appendix."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "cmp.part_scores": ("：得分与五项准则", ": score and the five criteria"),
    "cmp.part_chain": ("：产业链、带动与稳健性", ": chain, multiplier and robustness"),
    "cmp.recommendation": (
        "结论：推荐{names}。这是在预算、数量上限和补链成本约束下总体评价最高的组合，"
        "不是逐项最优：表中有的未入选产业单项得分或可补链价值更高，各自未入选的原因见执行摘要。",
        "Verdict: {names} are recommended: the portfolio with the best overall value within "
        "the budget, the count limits and the cost of filling, not the best on every column; "
        "some industries not chosen score higher on a single measure, and the executive "
        "summary says why each was left out.",
    ),
    "note.city_source_province": (
        "按{parent}表的技术结构和{province} {year} 年实测本地供给率（缩放到城市）推算",
        "estimated from the {parent} table's technology and {province}'s observed {year} "
        "local shares, scaled to the city",
    ),
    "note.city_source_learned": (
        "按{parent}表的技术结构和学习模型的本地供给率推算",
        "estimated from the {parent} table's technology and the learned local-share model",
    ),
    "note.city_source_lq": (
        "由{parent}表按区位熵方法（{method}）推算",
        "regionalised from the {parent} table by location quotients ({method})",
    ),
    "status.optimal": ("最优", "optimal"),
    "fill_rule.parent_share": (
        "按城市在已覆盖部门中占上级表的份额补齐",
        "at the city's share of the parent in the covered sectors",
    ),
    "fill_rule.parent_structure": (
        "按上级表的产出结构补齐到给定的城市总量",
        "in the parent's output structure, scaled to a stated city total",
    ),
    "fill_rule.zero": ("视为城市没有这些部门（全部外购）", "taken as absent (all bought outside)"),
    "fill_rule.exclude": (
        "视为城市没有这些部门，区位熵只在已覆盖部门中计算",
        "taken as absent, location quotients over the covered sectors only",
    ),
    "normalisation.minmax": ("最小–最大", "min–max"),
    "normalisation.zscore": ("标准分数（z 值）", "z-score"),
    "normalisation.rank": ("名次", "rank"),
    "weighting.manual": ("人工设定", "set by hand"),
    "weighting.entropy": ("熵权法", "entropy method"),
    "weighting.ahp": ("层次分析法", "analytic hierarchy process"),
    "threshold.min_cost_share": (
        "成本占比低于 {v} 的投入为次要环节",
        "inputs below {v} of cost are minor links",
    ),
    "threshold.break_share": (
        "本地供给率低于 {v} 为断点",
        "a local share below {v} is a break point",
    ),
    "threshold.sound_share": (
        "本地供给率低于 {v} 为弱点，不低于为健全",
        "a local share below {v} is a weak point, at or above it sound",
    ),
    "threshold.choke_cost_share": (
        "成本占比不低于 {v}",
        "cost share at least {v}",
    ),
    "threshold.choke_import_share": (
        "且全国进口依赖度不低于 {v} 为堵点",
        "and national import dependence at least {v} make a choke point",
    ),
    "threshold.key_share": (
        "关键环节覆盖 {v} 的中间投入需求",
        "key links cover {v} of the intermediate needs",
    ),
    "threshold.fill_target": (
        "补链后本地供给率按 {v} 测算",
        "filling is valued with the local share raised to {v}",
    ),
    "threshold.extension_sales_share": (
        "下游部门购买本产业全国产出 {v} 以上",
        "downstream buyers taking at least {v} of the industry's national output",
    ),
    "threshold.extension_presence": (
        "且在本市的相对规模低于全国的 {v} 为延链机会",
        "and below {v} of their national relative size in the city are extension openings",
    ),
    "threshold.large_lq": (
        "本地区位熵不低于 {v}",
        "a supplier with a city location quotient of at least {v}",
    ),
    "threshold.large_output_share": (
        "或产值不低于全市产出 {v} 的供应部门视为本地具备，最多判为弱点",
        "or at least {v} of city output counts as present and is at worst a weak point",
    ),
    "phrase.prov_shares": (
        "省级投入产出表的本地供给率（{x} 个产品，按同比例使用假设）",
        "provincial local shares ({x} products, proportionality assumption)",
    ),
    "phrase.city_output": ("城市分行业产出（城市统计）", "city output by sector (city data)"),
    "phrase.prov_scaling": (
        "省级本地供给率向城市的缩放（学习模型）",
        "scaling of the provincial shares to the city (learned model)",
    ),
    "phrase.learned_shares": ("本地供给率（学习模型）", "local shares (learned share model)"),
    "phrase.lq_shares": ("本地供给率（{x} 区位熵法）", "local shares ({x} location quotients)"),
    "phrase.technology": ("技术结构（{x} 的直接消耗系数）", "technology (coefficients of {x})"),
    "phrase.filled": ("按补齐规则补齐的部门", "sectors filled by the fill rule"),
    "appendix.parameters": (
        "模型参数（最后一列为情景文件中的写法，供复现与修改情景使用）",
        "Model parameters (the last column as written in a scenario file, for reproduction)",
    ),
    "param.weight_draws": (
        "稳健性分析中准则权重的随机抽样次数",
        "Weight draws in the robustness analysis",
    ),
    "param.concentration": (
        "权重抽样的集中度（越大越接近设定权重）",
        "Concentration of the weight draws (higher = closer to the set weights)",
    ),
    "appendix.param_name": ("参数", "Parameter"),
    "appendix.param_key": ("情景文件中的写法", "As written in the scenario file"),
    "appendix.built_in": (
        "程序默认值，情景文件中不可改",
        "built-in default, not set in the scenario",
    ),
    "pname.city.fill": ("城市数据未覆盖部门的补齐规则", "Fill rule for sectors without city data"),
    "pname.criteria.normalisation": ("指标归一化方法", "Normalisation of the indicators"),
    "pname.criteria.weighting": ("准则赋权方法", "Weighting of the criteria"),
    "pname.gaps.min_cost_share": (
        "次要环节的成本占比上限",
        "Cost share below which a link is minor",
    ),
    "pname.gaps.break_share": ("断点的本地供给率上限", "Local share below which a link breaks"),
    "pname.gaps.sound_share": ("弱点的本地供给率上限", "Local share below which a link is weak"),
    "pname.gaps.choke_cost_share": ("堵点的成本占比下限", "Cost share of a choke point, at least"),
    "pname.gaps.choke_import_share": (
        "堵点的全国进口依赖度下限",
        "National import dependence of a choke point, at least",
    ),
    "pname.gaps.key_share": ("关键环节覆盖的需求比例", "Share of needs the key links cover"),
    "pname.gaps.fill_target": ("补链后的本地供给率", "Local share after filling"),
    "pname.gaps.extension_sales_share": (
        "延链：下游购买比例下限",
        "Extension: buyer's share of national output, at least",
    ),
    "pname.gaps.extension_presence": (
        "延链：本市相对规模上限",
        "Extension: buyer's relative size in the city, below",
    ),
    "pname.gaps.large_lq": ("本地具备：区位熵下限", "Present locally: location quotient, at least"),
    "pname.gaps.large_output_share": (
        "本地具备：占全市产出比例下限",
        "Present locally: share of city output, at least",
    ),
    "pname.robustness.weight_draws": ("权重抽样次数", "Weight draws"),
    "pname.robustness.concentration": ("权重抽样集中度", "Concentration of the weight draws"),
    "pdesc.city.fill": (
        "城市数据未报告的部门如何推算",
        "How sectors the city data omit are estimated",
    ),
    "pdesc.criteria.normalisation": (
        "各项指标合成准则得分前如何换算到同一尺度",
        "How indicators are put on one scale before they form a criterion score",
    ),
    "pdesc.criteria.weighting": (
        "五项准则的权重如何确定",
        "How the five criterion weights are set",
    ),
    "appendix.param_value": ("取值", "Value"),
    "appendix.param_meaning": ("含义", "Meaning"),
    "status.feasible": ("可行（未证明最优）", "feasible (optimality not proven)"),
    "status.infeasible": ("无可行解", "infeasible"),
    "status.unbounded": ("无界", "unbounded"),
    "status.not_solved": ("未求得解", "not solved"),
    "cmp.role_fill": ("补链供应部门", "Supplier filled"),
    "cmp.group_overview": ("概况", "Overview"),
    "cmp.group_criteria": ("五项准则得分（0–1）", "Criterion scores (0–1)"),
    "cmp.group_indicators": ("产业基础与关联", "Base and linkages"),
    "cmp.group_impacts": (
        "乘数（每单位最终需求带动的全部效应）",
        "Multipliers (total effect per unit of final demand)",
    ),
    "cmp.group_chain": ("产业链缺口", "Chain gaps"),
    "cmp.verdict_best_chosen": (
        "结论：本方案在所列候选中选定 {chosen}；其中 {best} 综合得分最高，建议优先。",
        "Verdict: among these candidates the scenario chooses {chosen}; {best} scores "
        "highest and comes first.",
    ),
    "cmp.verdict_best_not_chosen": (
        "结论：本方案在所列候选中选定 {chosen}；综合得分最高的 {best}（全部产业中第 {rank} 名）"
        "未入选，因为优选模型在预算内以产业链补链价值和组合整体取舍，原因见完整报告的执行摘要。",
        "Verdict: among these candidates the scenario chooses {chosen}; {best}, the "
        "highest-scored (rank {rank} of all industries), is not chosen because the selection "
        "weighs chain value and the portfolio as a whole within the budget (reasons in the "
        "full report's executive summary).",
    ),
    "cmp.verdict_none": (
        "结论：所列候选均未被本方案选中；若只在其中取一个，综合得分最高的是 {best}"
        "（全部产业中第 {rank} 名）。",
        "Verdict: the scenario chooses none of these candidates; if one of them must be "
        "taken, {best} scores highest (rank {rank} of all industries).",
    ),
    "cmp.units_note": (
        "金额单位：{unit}；份额与增长率为百分比；得分为 0–1；排名为全部产业中的名次（1 = 最高）；"
        "补链增加值增量为上限（进口替代，不计产能与时间约束）。绿色底为本方案选定的产业。",
        "Money in {unit}; shares and growth in percent; scores 0–1; rank among all "
        "industries (1 = highest); value-added gains from filling are upper bounds (import "
        "substitution without capacity or time limits). Green: chosen by the scenario.",
    ),
    "cmp.scenario_n": ("方案 {n}", "Scenario {n}"),
    "cmp.vs": (" 与 ", " vs "),
    "cmp.row_scenario": ("情景文件", "Scenario"),
    "cmp.row_status": ("求解结果", "Outcome"),
    "cmp.row_links": ("补链环节（供应部门 → 主导产业）", "Links filled (supplier → leading)"),
    "cmp.decided_title": ("各方案的决定", "What each scenario decides"),
    "cmp.fills_for": ("补链对象", "Filled for"),
    "cmp.feasible": ("有可行方案（{status}）", "Feasible ({status})"),
    "cmp.infeasible": (
        "不可行：无满足全部约束的方案（{status}）",
        "INFEASIBLE: no portfolio meets every constraint ({status})",
    ),
    "cmp.infeasible_banner": (
        "方案 {n}（{name}）不可行：没有同时满足全部约束的产业组合，"
        "下表中该方案无选定产业。{message}",
        "Scenario {n} ({name}) is infeasible: no portfolio meets every constraint, so it "
        "chooses nothing below; {message}.",
    ),
    "cmp.conflicts": (
        "放宽其中任一约束即可求解：{names}",
        "relaxing any one of these restores a solution: {names}",
    ),
    "cmp.min_budget": (
        "满足其他约束的最低成本为 {least}（设定预算 {budget}）",
        "the least cost meeting the other constraints is {least} (budget {budget})",
    ),
    "cmp.scenario_note": (
        "下表列出任一方案选定的主导、潜在主导产业和补链供应部门；得分与排名按各方案自己的设定计算，"
        "排名为全部产业中的名次（1 = 最高）。",
        "Every industry either scenario chooses as leading or potential, or fills as a "
        "supplier; scores and ranks follow each scenario's own settings (rank among all "
        "industries, 1 = highest).",
    ),
    "report.scenario_comparison_title": ("方案对比", "Comparison of scenarios"),
    "report.infeasible_scenario": ("无可行方案", "infeasible"),
}
