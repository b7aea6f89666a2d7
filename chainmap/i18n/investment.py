"""The 招商 view, impacts and the definitions shown next to figures."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    # ----- 招商 view -----------------------------------------------------------------
    "inv.note": (
        "按补链价值排序的待补环节。可招商的制造业环节与本地服务、公用事业分开列出："
        "前者是招商引资对象，后者主要靠本地市场发育。",
        "Links to fill, ranked by the value of filling. Tradable manufacturing links "
        "(investment-attraction targets) are listed apart from local services and "
        "utilities, which grow with the local market.",
    ),
    "inv.sources_province": (
        "当前供给来源：本地供给率之外的部分，按{province} {year} 年投入产出表中该产品的省外调入与"
        "境外进口占全省使用的比例分摊（同比例使用假设：省内各购买部门的来源构成相同）；"
        "三者之和不足 100% 的部分来自省内其他地区。",
        "Supplied today from: the part not supplied locally is split by the shares of "
        "{province}'s use of the product that its {year} input-output table shows coming from "
        "other provinces and from abroad (proportionality: every buyer in the province sources "
        "alike); what the three leave to 100% comes from elsewhere in the province.",
    ),
    "inv.sources_national": (
        "当前供给来源：上级表为全国表，没有省际调入调出数据，无法区分外省与境外，"
        "只列出从市外购入的比例（1 − 本地供给率）。在情景文件中指定所在省份的投入产出表"
        "参与区域化后可以区分。",
        "Supplied today from: the parent is the national table, which has no flows between "
        "provinces, so other provinces cannot be told from abroad; only the part bought "
        "outside the city (1 − local share) is shown. Regionalising with the province's own "
        "table (regionalization.province) separates them.",
    ),
    "inv.sources_unavailable": (
        "当前供给来源：本结果文件夹没有记录省外与境外的来源构成（省级表 {table} 没有分列的"
        "调入与进口，或结果由旧版本写出；重新运行情景即可写入），只列出从市外购入的比例"
        "（1 − 本地供给率）。",
        "Supplied today from: this result folder does not carry the split between other "
        "provinces and abroad (the provincial table {table} gives no separate inflows and "
        "imports, or an older version wrote the result; run the scenario again to write it), "
        "so only the part bought outside the city (1 − local share) is shown.",
    ),
    "inv.sources_province_file": (
        "当前供给来源：本地供给率之外的部分，按运行所用省级投入产出表（{table}）中该产品的省外调入"
        "与境外进口占全省使用的比例分摊（同比例使用假设：省内各购买部门的来源构成相同）；"
        "三者之和不足 100% 的部分来自省内其他地区。",
        "Supplied today from: the part not supplied locally is split by the shares of the "
        "province's use of the product that the provincial input-output table the run used "
        "({table}) shows coming from other provinces and from abroad (proportionality: every "
        "buyer in the province sources alike); what the three leave to 100% comes from "
        "elsewhere in the province.",
    ),
    "col.source_outside": ("从市外购入（%）", "Bought outside the city (%)"),
    "inv.table_mfg": ("{name}：可招商的制造业环节", "{name}: tradable manufacturing links"),
    "inv.table_svc": ("{name}：本地服务与公用事业环节", "{name}: local services and utilities"),
    "inv.kind_mfg": ("制造业", "Manufacturing"),
    "inv.kind_primary": ("农业与采矿", "Agriculture and mining"),
    "inv.kind_service": ("服务与公用事业", "Services and utilities"),
    "col.rank": ("序号", "Rank"),
    "col.kind": ("类别", "Kind"),
    "col.source_other_provinces": ("外省调入占比（%）", "From other provinces (%)"),
    "col.source_abroad": ("境外进口占比（%）", "From abroad (%)"),
    "inv.none": ("本链没有需要补的环节。", "No link of this chain needs filling."),
    # ----- impacts -----------------------------------------------------------------------
    "imp.note": (
        "每个入选产业新增 1 亿元最终需求（组合：每个产业各 1 亿元）对全市的影响，"
        "按投入产出模型分为直接、间接（本地供应链）与诱发（职工收入再消费）效应；"
        "货币指标单位 亿元，价格口径同投入产出表（当年生产者价格）。{induced}{employment}",
        "Effect on the city of 1 yi yuan (100 million yuan) of extra final demand for each "
        "chosen industry (portfolio: 1 yi yuan each), split into direct, indirect (local "
        "supply chain) and induced (spending of wages) effects; money measures in yi yuan at "
        "the input-output table's current producer prices. {induced}{employment}",
    ),
    "imp.induced_table": (
        "诱发效应按城市居民消费结构计算。",
        "Induced effects use the city's household consumption. ",
    ),
    "imp.induced_parent_estimate": (
        "城市表无居民消费数据：诱发效应以全国居民消费结构乘以本地供给率推算，属估计值。",
        "The city table has no household consumption: induced effects use the national "
        "household consumption pattern times the local share, an estimate. ",
    ),
    "imp.induced_none": (
        "无居民消费数据，诱发效应不可得（表中为“—”）。",
        "No household consumption data: induced effects are not available ('—'). ",
    ),
    "imp.employment_computed": (
        "就业影响按全国就业系数计算：{year} 年国家统计局分行业就业人员（门类与大类）"
        "按 {table_year} 年全国 153 部门投入产出表中各部门的总产出分摊到部门、再除以该产出，"
        "得到每万元产出的就业人数（{year} 年当年价格下的全国劳动生产率；农林牧渔业按门类合计），"
        "用于 {applied} 年母表和本市（假定本市与全国的劳动生产率相同）；"
        "就业单位为人，即每新增 1 亿元最终需求带来的就业人数。"
        "{year} 年之后价格上涨、生产率提高，按当年价格计的每亿元就业会更少，"
        "表中数字宜视为偏高的估计。",
        "Employment uses national employment coefficients: the NBS employed persons of {year} by "
        "sector (sections and divisions), split among the sectors of the national 153-sector "
        "table of {table_year} in proportion to their gross output and divided by that output, "
        "give persons per 10,000 yuan of output ({year} national labour productivity at {year} "
        "prices; agriculture, forestry, animal husbandry and fishery as one group), applied to "
        "the {applied} parent table and to the city (the city's productivity assumed equal to "
        "the nation's). Employment is in persons per 100 million yuan of extra final demand. "
        "Prices and productivity have risen since {year}, so the figures are best read as an "
        "upper estimate.",
    ),
    "imp.employment_table": (
        "就业影响取自投入产出表自带的就业卫星账户。",
        "Employment comes from the input-output table's own employment satellite.",
    ),
    "imp.no_employment": (
        "就业影响未计算：本次结果没有就业卫星账户（每万元产出的就业人数）；"
        "因此表中没有就业一行，而不是就业影响为零。",
        "Employment impacts are not computed: the result has no employment satellite (persons "
        "per unit of output). The table therefore has no employment row, which does not mean "
        "the effect is zero.",
    ),
    "imp.no_employment_classification": (
        "就业影响未计算：本次母表不属于国家统计局 153 部门分类（2018、2020 年全国表），"
        "而现有的就业数据（国家统计局全国分行业就业人员，1990—2018 年）只换算到了这一分类；"
        "因此表中没有就业一行，而不是就业影响为零。",
        "Employment impacts are not computed: the parent table is not in the NBS 153-sector "
        "classification (the 2018 and 2020 national tables), the only one the NBS national "
        "employment series (1990–2018) has been converted to. The table therefore has no "
        "employment row, which does not mean the effect is zero.",
    ),
    "imp.no_employment_data": (
        "就业影响未计算：数据目录中没有国家统计局分行业就业人员文件（{file}）；"
        "因此表中没有就业一行，而不是就业影响为零。",
        "Employment impacts are not computed: the data folder has no NBS employment series "
        "({file}). The table therefore has no employment row, which does not mean the effect "
        "is zero.",
    ),
    "imp.no_employment_year": (
        "就业影响未计算：{year} 年及以前没有同时具备就业数据和 153 部门全国投入产出表的年份"
        "（最早为 2018 年），不使用运行年份之后的数据；因此表中没有就业一行，而不是就业影响为零。",
        "Employment impacts are not computed: no year up to {year} has both the employment "
        "series and a national 153-sector table (the first is 2018), and a run never uses data "
        "dated after its year. The table therefore has no employment row, which does not mean "
        "the effect is zero.",
    ),
    "imp.negative_tax": (
        "生产税净额 = 生产税 − 生产补贴，为负表示该行业得到的生产补贴多于缴纳的生产税。",
        "Net taxes on production = taxes on production − subsidies; a negative figure means "
        "the industry receives more subsidies than it pays in such taxes.",
    ),
    "imp.title": ("新增 1 亿元最终需求的经济影响", "Impacts of 1 yi yuan of extra final demand"),
    "imp.employment.title": (
        "新增 1 亿元最终需求带来的就业（人）",
        "Jobs from 1 yi yuan of extra final demand (persons)",
    ),
    "imp.employment.sheet": ("就业影响", "Employment impacts"),
    "imp.portfolio": ("组合合计", "Portfolio"),
    "imp.measure.output": ("总产出", "Output"),
    "imp.measure.va": ("增加值", "Value added"),
    "imp.measure.income": ("劳动者报酬", "Compensation"),
    "imp.measure.tax": ("生产税净额", "Net production taxes"),
    "imp.measure.employment": ("就业", "Employment"),
    "col.scope": ("对象", "For"),
    "col.effect": ("指标", "Measure"),
    "col.direct": ("直接", "Direct"),
    "col.indirect": ("间接", "Indirect"),
    "col.induced": ("诱发", "Induced"),
    "col.total": ("合计", "Total"),
    "col.unit": ("单位", "Unit"),
    "unit.yi": ("亿元", "100 million yuan"),
    # ----- definitions next to figures -----------------------------------------------
    "def.local_share": (
        "本地供给率 = r_ij / a_ij：产业 j 对投入 i 的需求中由本地供给的比例（r 为本地投入系数，"
        "a 为全部投入系数）。全报告只用这一个定义。缺口类型按此判断：低于 {brk} 为断点，"
        "{brk} 至 {snd} 为弱点（全国进口依赖高且成本占比大者为堵点），{snd} 及以上为健全；"
        "本地产出规模大的供应部门不判为断点，最多为弱点。",
        "Local share = r_ij / a_ij: the part of industry j's need for input i supplied "
        "locally (r local, a total input coefficient). This one definition is used "
        "throughout. Gap class from it: under {brk} break, {brk} to {snd} weak (choke when "
        "nationally import-dependent and costly), {snd} and above sound; a supplier with "
        "large local output is never a break point, at worst weak.",
    ),
    "def.supporting": (
        "本地配套率 = Σ_i r_ij / Σ_i a_ij（全部中间投入中本地供给的比例）；"
        "产业链完整度 = 本地已有（本地供给率 ≥ {brk}）的关键环节占关键环节的比例。"
        "两者可以相差很大：关键环节都在本地有生产，但各环节本地供给的比例仍可能很低。",
        "Local supporting rate = Σ_i r_ij / Σ_i a_ij (the locally supplied part of all "
        "intermediate inputs); chain completeness = key links present locally (local "
        "share ≥ {brk}) over key links. They can differ widely: every key link may be made "
        "locally while each supplies only a small part of the need.",
    ),
    "def.fill_gain": (
        "补链增量为上限：假设本链的断点、弱点、堵点环节对本产业的本地供给率提高到 {target}，"
        "以本地生产替代调入（不计产能、投资与时间约束）；只改变本产业的投入，各链之间不重复计算。"
        "单个环节的增量是该供应部门对全市所有买方都提高本地供给率时的结果，同一部门在各链中相同，不能相加。",
        "Fill gains are upper bounds: the chain's break, weak and choke links supply this "
        "industry locally up to {target}, replacing purchases from outside (no capacity, "
        "investment or time limits); only this industry's inputs change, so chains do not "
        "double count. A single link's gain assumes the supplier raises its local share "
        "for every buyer in the city; it is the same in every chain and does not add up.",
    ),
    "def.frequency": (
        "入选频率：随机改变准则权重后重新优选，该产业被选为主导（或潜在主导）产业的次数占比。",
        "Chosen frequency: the share of runs with randomly varied criterion weights in "
        "which the industry was chosen as leading (or potential leading).",
    ),
    "def.rank": (
        "排名：按综合得分在全部行业中的名次（整数，1 为最高）；"
        "稳健性表中的名次为候选产业之间的名次。",
        "Rank: position by score among all industries (integer, 1 = highest); the "
        "robustness table ranks among candidates only.",
    ),
    "col.fill_output_gain_chain": (
        "补链产出增量上限（{unit}）",
        "Output gain, upper bound ({unit})",
    ),
    "col.fill_va_gain_chain": (
        "补链增加值增量上限（{unit}）",
        "Value-added gain, upper bound ({unit})",
    ),
    "col.link_fill_gain": (
        "该部门全市补链产出增量（{unit}）",
        "City output gain, supplier filled city-wide ({unit})",
    ),
    "col.rank_mean": ("候选中平均名次", "Mean rank among candidates"),
    "col.local_share_def": ("本地供给率 r/a（%）", "Local share r/a (%)"),
    "col.chain_value": ("可补链价值", "Chain value to fill"),
    "col.output_per_yi": ("每亿元需求带动产出（亿元）", "Output per 100 million yuan of demand"),
    "col.entry_cost": ("进入成本", "Entry cost"),
}
