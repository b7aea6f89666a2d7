"""Charts, chain drawings, the demo and the illustrative economy."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    # ----- charts ------------------------------------------------------------------------
    "chart.bl_axis": ("后向关联（影响力系数）", "Backward linkage (index)"),
    "chart.fl_axis": ("前向关联（感应度系数，Ghosh）", "Forward linkage (index, Ghosh)"),
    "chart.bubble_note": ("气泡面积∝总产出", "Bubble area ∝ gross output"),
    "chart.chosen": ("选定产业", "Chosen"),
    "chart.others": ("其他产业", "Other industries"),
    "chart.radar_title": ("候选产业五项准则雷达图", "Candidates over the five criteria"),
    "chart.frequency_title": (
        "权重扰动下的入选频率",
        "Selection frequency under weight uncertainty",
    ),
    "chart.contribution_title": ("得分构成", "Score contributions"),
    # ----- demo ----------------------------------------------------------------------------
    "demo.report_at": ("报告已写入：{path}", "Report written to: {path}"),
    "demo.data_official": (
        "数据：官方投入产出表 {table}",
        "Data: official input-output table {table}",
    ),
    "demo.data_illustrative": (
        "数据：内置示例经济体（示例数据，非统计数据）",
        "Data: the built-in illustrative economy (illustrative data, not statistics)",
    ),
    # ----- chain drawing and demo (more) ------------------------------------------------------
    "chart.chain_title": (
        "{name} · 产业链缺口 · 本地配套率 {rate}",
        "{name} · chain gaps · local supporting rate {rate}",
    ),
    "chart.frequency_axis": ("入选频率（%）", "Frequency (%)"),
    "demo.leading": ("主导产业：{names}", "Leading industries: {names}"),
    "demo.potential": (
        "待培育的潜在主导产业：{names}",
        "Potential industries to cultivate: {names}",
    ),
    "demo.links": ("需补齐的环节：{links}", "Links to fill: {links}"),
    "demo.robustness": (
        "稳健性：{draws} 次权重抽样中主导产业的入选频率 {freqs}",
        "Robustness: leading industries chosen in {freqs} of {draws} weight draws",
    ),
    "demo.objective": (
        "目标函数 {objective:.4f}（{status}）",
        "Objective {objective:.4f} ({status})",
    ),
    "demo.overrides": (
        "演示设置 {overrides}（为加快运行；完整分析请用 chainmap run）",
        "Demo settings {overrides} (to run fast; use chainmap run for the full analysis)",
    ),
    "demo.no_chromium": (
        "未找到无头 Chromium（可用 apt-get install chromium fonts-noto-cjk 安装）",
        "headless Chromium not found (apt-get install chromium fonts-noto-cjk)",
    ),
    "demo.elapsed": ("用时 {seconds:.1f} 秒", "Took {seconds:.1f} s"),
    # ----- illustrative economy ------------------------------------------------------------
    "illustrative.region": ("示例经济体", "Illustrative economy"),
    "illustrative.city": ("示例城市", "Illustrative city"),
    "chain.legend_caption": (
        "节点文字：代码 · l 完全需要系数（每单位最终产品对该投入的全部需要）· a 直接消耗系数 · "
        "U 上游度（离最终需求的平均步数）；下游节点：g 完全供给系数 · b 分配系数。"
        "颜色：红 断点·补链，橙 堵点·强链，黄 弱点·强链，绿 健全，蓝 延链机会，青 下游本地已有，"
        "浅灰虚线框 次要环节，白框 间接关联，紫 本产业。",
        "Node text: code · l total requirement (all of this input per unit of final product) "
        "· a direct input coefficient · U upstreamness (average steps from final demand); "
        "downstream nodes: g Ghosh total supply coefficient · b allocation coefficient. "
        "Colours: red break · fill, orange choke · strengthen, yellow weak · strengthen, "
        "green sound, blue extension opportunity, teal downstream present locally, pale grey "
        "with a dashed border minor link, white indirect link, violet the industry itself.",
    ),
}
