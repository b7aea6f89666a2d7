"""Names of the 31 provincial-level regions (keys ``place.<Chinese short name>``)."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "place.北京": ("北京", "Beijing"),
    "place.天津": ("天津", "Tianjin"),
    "place.河北": ("河北", "Hebei"),
    "place.山西": ("山西", "Shanxi"),
    "place.内蒙古": ("内蒙古", "Inner Mongolia"),
    "place.辽宁": ("辽宁", "Liaoning"),
    "place.吉林": ("吉林", "Jilin"),
    "place.黑龙江": ("黑龙江", "Heilongjiang"),
    "place.上海": ("上海", "Shanghai"),
    "place.江苏": ("江苏", "Jiangsu"),
    "place.浙江": ("浙江", "Zhejiang"),
    "place.安徽": ("安徽", "Anhui"),
    "place.福建": ("福建", "Fujian"),
    "place.江西": ("江西", "Jiangxi"),
    "place.山东": ("山东", "Shandong"),
    "place.河南": ("河南", "Henan"),
    "place.湖北": ("湖北", "Hubei"),
    "place.湖南": ("湖南", "Hunan"),
    "place.广东": ("广东", "Guangdong"),
    "place.广西": ("广西", "Guangxi"),
    "place.海南": ("海南", "Hainan"),
    "place.重庆": ("重庆", "Chongqing"),
    "place.四川": ("四川", "Sichuan"),
    "place.贵州": ("贵州", "Guizhou"),
    "place.云南": ("云南", "Yunnan"),
    "place.西藏": ("西藏", "Tibet"),
    "place.陕西": ("陕西", "Shaanxi"),
    "place.甘肃": ("甘肃", "Gansu"),
    "place.青海": ("青海", "Qinghai"),
    "place.宁夏": ("宁夏", "Ningxia"),
    "place.新疆": ("新疆", "Xinjiang"),
}
