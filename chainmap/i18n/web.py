"""The web workbench (``chainmap serve``)."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    # ----- web workbench (chainmap serve) -----------------------------------------------
    "web.title": ("主导产业工作台", "Leading-industry workbench"),
    "web.scenarios": ("情景", "Scenarios"),
    "web.open": ("打开", "Open"),
    "web.controls": ("调整设置", "Settings"),
    "web.weights": ("准则权重", "Criterion weights"),
    "web.require": ("必选产业", "Required industries"),
    "web.exclude": ("排除产业", "Excluded industries"),
    "web.n_leading": ("主导产业个数（最少–最多）", "Leading industries (min–max)"),
    "web.n_potential": ("潜在主导产业个数（最少–最多）", "Potential industries (min–max)"),
    "web.budget": ("预算（空 = 不限）", "Budget (empty = none)"),
    "web.parent": ("母表", "Parent table"),
    "web.method": ("区域化方法", "Regionalisation method"),
    "web.delta": ("FLQ 参数 δ", "FLQ δ"),
    "web.draws": ("稳健性权重抽样次数", "Robustness weight draws"),
    "web.solve": ("重新求解", "Re-solve"),
    "web.reset": ("恢复情景设置", "Back to the scenario's settings"),
    "web.solving": ("正在求解…", "Solving…"),
    "web.solved": ("求解用时 {seconds:.2f} 秒", "Solved in {seconds:.2f} s"),
    "web.changes": ("本次变化及原因", "What changed and why"),
    "web.no_previous": ("情景初始设置的决策。", "The decision under the scenario's own settings."),
    "web.settings_changed": ("设置变化：{items}", "Settings changed: {items}"),
    "web.unchanged": ("决策未变。", "The decision did not change."),
    "web.entered": (
        "{role}新增 {name}：得分 {old:.3f} → {new:.3f}，排名 {old_rank} → {new_rank}{why}",
        "{role} added {name}: score {old:.3f} → {new:.3f}, rank {old_rank} → {new_rank}{why}",
    ),
    "web.left": (
        "{role}移出 {name}：得分 {old:.3f} → {new:.3f}，排名 {old_rank} → {new_rank}{why}",
        "{role} dropped {name}: score {old:.3f} → {new:.3f}, rank {old_rank} → {new_rank}{why}",
    ),
    "web.why_criterion": (
        "（主要因为{criterion} {delta:+.3f}）",
        " (mainly {criterion} {delta:+.3f})",
    ),
    "web.why_excluded": ("（已被排除）", " (excluded)"),
    "web.why_required": ("（被设为必选）", " (required)"),
    "web.why_count": ("（个数或预算约束变化）", " (count or budget constraint changed)"),
    "web.rank_moves": ("排名变化最大：{items}", "Largest rank moves: {items}"),
    "web.fills_changed": (
        "补链环节：新增 {added}；移出 {removed}",
        "Links to fill: added {added}; dropped {removed}",
    ),
    "web.compare": ("对比", "Compare"),
    "web.compare_candidates": ("候选产业对比（选 2–5 个）", "Compare candidates (pick 2–5)"),
    "web.compare_scenarios": ("两个情景对比", "Compare two scenarios"),
    "web.current": ("当前设置", "current settings"),
    "web.pick_range": ("请选择 2 到 5 个产业", "Pick 2 to 5 industries"),
    "web.pick_two": ("请选择两个不同的情景", "Pick two different scenarios"),
    "web.data_in": ("导入数据", "Data in"),
    "web.upload_help": (
        "上传城市数据 CSV（UTF-8 或 GBK，列同所选情景的城市数据）或统计局发布的省级投入产出表工作簿"
        "（.xls 或 .xlsx，作为本省表用于区域化），以所选情景为基础新建情景。",
        "Upload a city data CSV (UTF-8 or GBK, columns as the chosen scenario's city data) "
        "or an official provincial input-output workbook (.xls or .xlsx, used as the city's "
        "province for regionalisation) to start a new scenario from the chosen one.",
    ),
    "web.upload": ("上传并新建情景", "Upload and start a scenario"),
    "web.upload_base": ("基础情景", "Base scenario"),
    "web.upload_kind": ("文件类型", "File type"),
    "web.kind_city": ("城市数据 CSV", "City data CSV"),
    "web.kind_table": ("省级投入产出表工作簿", "Provincial input-output workbook"),
    "web.upload_error": (
        "文件未通过检查：{message}",
        "The file did not pass the checks: {message}",
    ),
    "web.too_large": ("文件超过 {limit} MB 上限", "The file exceeds the {limit} MB limit"),
    "web.wrong_type": (
        "不支持的文件类型 {suffix}（可用：{allowed}）",
        "Unsupported file type {suffix} (allowed: {allowed})",
    ),
    "web.not_text": (
        "文件既不是 UTF-8 也不是 GBK 编码的文本",
        "The file is neither UTF-8 nor GBK text",
    ),
    "web.downloads": ("下载", "Downloads"),
    "web.download_yaml": (
        "情景 YAML（chainmap run 可复现）",
        "Scenario YAML (reproduce with chainmap run)",
    ),
    "web.briefing": ("简报", "Briefing"),
    "web.error": ("出错了", "Something went wrong"),
    "web.not_found": ("未找到", "Not found"),
    "web.busy": ("服务器正忙，请稍后重试", "The server is busy; try again in a few seconds"),
    "web.bad_request": ("请求无效：{message}", "Bad request: {message}"),
    "web.language": ("English", "中文"),
    "web.back": ("返回", "Back"),
    "web.yaml_header": (
        "# 由 chainmap serve 导出；复现：chainmap run {file} -o 结果目录",
        "# exported by chainmap serve; reproduce with: chainmap run {file} -o RESULT_DIR",
    ),
}
