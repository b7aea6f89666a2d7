"""The executive summary (issue 12)."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "section.brief": ("执行摘要", "Executive summary"),
    "section.investment": ("招商清单", "Investment-attraction list"),
    "section.impacts": ("经济影响", "Economic impacts"),
    "section.appendix": ("附录：优化模型与运行记录", "Appendix: optimisation model and run record"),
    "brief.recommendation": ("建议", "Recommendation"),
    "brief.rec_leading": ("重点发展主导产业：{names}。", "Develop as leading industries: {names}."),
    "brief.rec_potential": (
        "培育潜在主导产业：{names}。",
        "Cultivate as potential leading industries: {names}.",
    ),
    "brief.rec_fills": (
        "优先补链招商：{names}（为{served}配套）。",
        "Attract investment first in: {names} (suppliers of {served}).",
    ),
    "brief.rec_no_fills": ("本方案不安排补链。", "No supplier links are filled."),
    "brief.rec_none": (
        "在当前约束下没有可行方案：{message}",
        "No portfolio meets the constraints: {message}",
    ),
    "brief.reasons": ("入选理由", "Why these industries"),
    "brief.reason_line": (
        "{name}：综合得分在全部行业中居第 {rank} 位；得分主要来自{top}；{position}；"
        "本地配套率 {rate}，关键环节 {present}/{total} 个本地已有；"
        "补齐本链 {n} 个断点、弱点和堵点，最多可带来全市产出约 {gain} 亿元、增加值约 {va} 亿元"
        "（上限）；每新增 1 亿元最终需求带来全市产出 {mult} 亿元。",
        "{name}: ranks {rank} of all industries by score; the score comes mostly from {top}; "
        "{position}; local supporting rate {rate}, {present} of {total} key links present "
        "locally; filling its {n} break, weak and choke links would bring at most about "
        "{gain} yi yuan of city output and {va} yi yuan of value added (upper bound); each "
        "extra 1 yi yuan of final demand brings {mult} yi yuan of city output.",
    ),
    "brief.top_part": ("{criterion}（占得分 {share}）", "{criterion} ({share} of the score)"),
    "brief.position": ("属{key_class}，处于{stage}", "a {key_class} sector in {stage}"),
    "brief.not_chosen": (
        "为何未选得分更高的产业",
        "Why higher-scoring industries were not chosen",
    ),
    "brief.nc_filled_sector": (
        "{name}（得分第 {rank} 位）：城市统计未单列该行业，数值按全国结构推算，不作为候选。",
        "{name} (ranked {rank}): the city statistics do not report it; its figures are "
        "estimated from the national structure, so it is not a candidate.",
    ),
    "brief.nc_fill": (
        "{name}（得分第 {rank} 位）：作为{served}的配套环节列入补链招商，而非单列主导产业。",
        "{name} (ranked {rank}): included as a supplier to fill for {served} rather than as "
        "a leading industry.",
    ),
    "brief.nc_links": (
        "{name}（得分第 {rank} 位）：本地可补的产业链环节价值较低（{value}，入选产业平均 {mean}），"
        "在预算与数量上限内组合整体不如所选方案。",
        "{name} (ranked {rank}): its chain offers less to fill locally ({value} against "
        "{mean} for the chosen industries), so within the budget and count limits the "
        "portfolio is better without it.",
    ),
    "brief.nc_other": (
        "{name}（得分第 {rank} 位）：在预算与数量上限内，组合整体不如所选方案。",
        "{name} (ranked {rank}): within the budget and count limits the portfolio is "
        "better without it.",
    ),
    "brief.and_more": ("等 {n} 个行业", " and others, {n} industries in all"),
    "brief.nc_more": (
        "另有 {n} 个得分更高的产业未入选，逐项得分见“候选产业对比”一节。",
        "{n} more higher-scoring industries were not chosen; their scores are in the "
        "side-by-side comparison section.",
    ),
    "brief.nc_none": ("得分更高的产业均已入选。", "No higher-scoring industry was left out."),
    "brief.near_ties": ("接近的备选方案", "Near ties"),
    "brief.near_tie": (
        "以{inn}替换{out}的方案，总体评价仅低 {gap}（低于 {limit} 视为接近）；{why}",
        "Swapping {out} for {inn} scores only {gap} lower (under {limit} counts as a near "
        "tie); {why}",
    ),
    "brief.near_tie_why": (
        "差别在于：{inn}得分{score_dir}，但所带动的补链价值{link_dir}。",
        "the difference: {inn} has a {score_dir} score but {link_dir} chain value to fill.",
    ),
    "brief.near_none": (
        "没有总体评价相差 {limit} 以内的备选方案。",
        "No alternative is within {limit} of the recommendation.",
    ),
    "word.higher": ("更高", "higher"),
    "word.lower": ("更低", "lower"),
    "word.more": ("更多", "more"),
    "word.less": ("更少", "less"),
    "brief.confidence": ("可信度", "Confidence"),
    "brief.confidence_line": (
        "在 {draws} 次随机改变准则权重的测算中，{lines}。",
        "In {draws} runs with randomly varied criterion weights, {lines}.",
    ),
    "brief.conf_item": ("{name}入选 {freq}", "{name} was chosen in {freq}"),
    "brief.confidence_parameters": (
        "在 {n} 种数据与参数情形下重新测算（{families}），主导产业组合有 {k} 种保持不变。",
        "Re-run under {n} data and parameter variants ({families}), the leading set stayed "
        "the same in {k}.",
    ),
    "fam.regionalization": ("区域化方法（含 δ）{n} 种", "{n} regionalisation (method and δ)"),
    "fam.stages": ("发展阶段阈值 {n} 种", "{n} stage thresholds"),
    "fam.policy": ("关闭政策支持 {n} 种", "{n} policy support off"),
    "fam.growth_window": ("市场增长测算区间 {n} 种", "{n} market growth window"),
    "fam.other": ("其他 {n} 种", "{n} other"),
    "brief.confidence_changed": ("组合改变的情形：{items}。", "Where the set changed: {items}."),
    "brief.conf_swap": ("{variant}时，{out}换为{inn}", "{variant}: {out} replaced by {inn}"),
    "brief.conf_unsolved": ("{variant}时没有可行方案", "{variant}: no feasible portfolio"),
    "brief.conf_all_same": (
        "所有情形下主导产业组合都不变。",
        "The leading set is the same in every variant.",
    ),
    "var.policy_off": ("关闭政策支持", "policy support off"),
    "var.growth_window": (
        "市场增长改按 {a}—{b} 年测算",
        "market growth measured {a} → {b}",
    ),
    "var.stages": ("发展阶段阈值调为 {x} 倍", "stage thresholds × {x}"),
    "var.lq_without": (
        "不用{shared}本地供给率、改用 {method}（δ = {d}）",
        "{method} δ = {d} instead of the {shared} shares",
    ),
    "var.lq": ("改用 {method}（δ = {d}）", "{method} δ = {d}"),
    "var.shared_provincial": ("省级表的", "provincial"),
    "var.shared_learned": ("学习模型的", "learned"),
    "var.other": ("另一参数情形", "another variant"),
    "brief.confidence_missing": ("本次运行未做稳健性测算。", "No robustness runs were made."),
    "brief.observed": ("统计数据与假设", "Observed and assumed"),
    "brief.obs_city": (
        "来自统计：{city}{when}规模以上工业产值（{n_cov} 个行业）；"
        "{parent_kind} {pyear} 年投入产出表的技术结构{extra}。",
        "From statistics: {city}'s{when} above-scale industrial output ({n_cov} industries); "
        "the technology of the {parent_kind} {pyear} input-output table{extra}.",
    ),
    "brief.obs_city_illustrative": (
        "示意数据，不是统计：{city}{when}规模以上工业产值（{n_cov} 个行业）由情景作者设定；"
        "来自统计的只有{parent_kind} {pyear} 年投入产出表的技术结构{extra}。",
        "Illustrative, not statistics: {city}'s{when} above-scale industrial output "
        "({n_cov} industries) is set by the scenario author; only the technology of the "
        "{parent_kind} {pyear} input-output table{extra} comes from statistics.",
    ),
    "brief.obs_when": (" {year} 年", " {year}"),
    "brief.obs_filled": (
        "推算或假设：{n_filled} 个农业、建筑与服务业行业按{parent_kind}比例推算；"
        "{absent}{regional}",
        "Estimated or assumed: {n_filled} agriculture, construction and service industries "
        "estimated from {parent_kind} shares; {absent}{regional}",
    ),
    "brief.obs_absent": ("{n} 个行业城市无产出；", "{n} industries with no city output; "),
    "brief.parent_national": ("全国", "national"),
    "brief.obs_province_data": (
        "{province} {year} 年投入产出表的省际调入、调出与进出口（{x} 个产品）",
        "{province}'s {year} input-output table: flows to and from other provinces and "
        "abroad ({x} products)",
    ),
    "brief.reg_province": (
        "城市本地供给率以{province} {year} 年投入产出表的实测省内自给率为基础，"
        "再用学习模型按城市与全省产业规模的差异缩放到城市；同一产品对各购买部门取同一比例；"
        "不是城市调查表。",
        "the city's local shares start from {province}'s observed {year} shares of own supply "
        "and are scaled to the city by the learned model from the city's and the province's "
        "industry sizes; one share per product for every buyer; not a city survey table.",
    ),
    "brief.reg_learned": (
        "城市本地供给率由学习模型推算（以各省投入产出表的实测本地供给率拟合），"
        "同一产品对各购买部门取同一比例；不是城市调查表。",
        "the city's local shares come from the learned model (fitted on the observed local "
        "shares of provincial tables); one share per product for every buyer; not a city "
        "survey table.",
    ),
    "brief.reg_lq": (
        "城市内部投入产出关系由{parent}投入产出表按区位熵方法（{method}{delta}）推算，"
        "不是城市调查表。",
        "the city's input-output flows are estimated from the {parent} table by location "
        "quotients ({method}{delta}); not a city survey table.",
    ),
    "brief.obs_stage": (
        "{n} 个行业的发展阶段无法判断，按“稳健增长期”假设。",
        "{n} industries have no stated or inferable development stage; assumed steady growth.",
    ),
    "brief.obs_policy": (
        "政策支持强度由情景作者设定，不是统计数据。",
        "Policy-support intensities are set by the scenario author, not statistics.",
    ),
    "brief.obs_prices": (
        "价格口径：城市产值为 {year} 年现价，技术系数为{parent_kind} {pyear} 年当年价；"
        "金额单位 {unit}；未做价格平减。",
        "Prices: city output in {year} current prices, technical coefficients in the "
        "{parent_kind} {pyear} current prices; money in {unit}; no deflation applied.",
    ),
    "brief.obs_prices_no_year": (
        "价格口径：城市产值的年份未说明，技术系数为{parent_kind} {pyear} 年当年价；"
        "金额单位 {unit}；未做价格平减。",
        "Prices: the city output's year is not stated; technical coefficients in the "
        "{parent_kind} {pyear} current prices; money in {unit}; no deflation applied.",
    ),
    "brief.obs_backtest": (
        "本方法尚未做样本外回测。",
        "The method has not yet been back-tested out of sample.",
    ),
    "brief.obs_backtest_result": (
        "样本外回测（{provinces} 个省份的省级投入产出表 1997—2017 年，{cases} 个基期—目标期组合，"
        "权重在留出省份之外拟合）：综合得分与其后产出绝对增量的秩相关为 {rho}，"
        "按基期产出规模排序为 {rho_out}；其后增长最多的前 5 个行业中，得分前 5 平均命中 {hits} 个，"
        "产出规模前 5 命中 {hits_out} 个（方括号内为 95% 置信区间）。",
        "Out-of-sample backtest ({provinces} provinces' input-output tables 1997–2017, {cases} "
        "base–target pairs, weights fitted without the held-out province): Spearman correlation "
        "of the score with the later absolute output increase {rho}, against {rho_out} for "
        "ranking by output at the base year; of the 5 industries that grew most, the score's top "
        "5 held {hits} and output's top 5 held {hits_out} (95 % intervals in brackets).",
    ),
    "brief.obs_backtest_worse": (
        "即在预测增长规模上，本方法不如简单的产出规模排序，主导产业的判断应同时参考现有规模。",
        " So at predicting where output grows, the method does worse than simply ranking by "
        "current size; weigh the existing scale of each industry alongside the score.",
    ),
    "brief.obs_backtest_other_weights": (
        "本方案使用的准则权重与回测所用的默认权重不同，以上结果仅供参照。",
        " This scenario's criterion weights differ from the back-tested defaults; the figures "
        "are a reference only.",
    ),
}
