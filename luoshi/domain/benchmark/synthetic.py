"""Synthetic peers for the demo (示例数据, marked synthetic wherever shown): 230 zones with
realistic spreads and correlations, the 30 strongest named after the latest published top 30.

Each zone has a latent strength; the published top 30 get the 30 highest in their published
order, the rest are drawn from a normal distribution. Every figure mixes that strength with
noise of its own (levels are log-normal around a typical size, rates normal, shares bounded,
intensities fall as strength rises), so indicators correlate as real ones do. Each later year
moves the strength a little and grows levels by about 6 %. The figures are invented: the
published lists give names and ranks only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import numpy as np

from luoshi.domain.benchmark.method import DATA, Method
from luoshi.domain.benchmark.peers import PeerRow, province_regions
from luoshi.domain.benchmark.report import COUNTED

# Province → cities with a national zone (a plausible roster; 230 in all with the top 30).
CITIES = {
    "江苏": "苏州浒墅关 南通 连云港 镇江 淮安 盐城 扬州 常熟 张家港 靖江 宿迁 海安 如皋 沭阳 "
            "锡山 宜兴 常州 武进 海门 启东 浦口 句容 泰州 溧阳",
    "浙江": "温州 绍兴 金华 衢州 湖州 嘉善 平湖 长兴 义乌 丽水 台州 绍兴柯桥 杭州湾上虞 桐乡 "
            "富阳 德清",
    "山东": "威海 潍坊 东营 日照 济南 淄博 滨州 邹平 招远 明水 临沂 德州 聊城 胶州",
    "安徽": "安庆 马鞍山 滁州 铜陵 池州 六安 淮南 宣城 桐城 宁国 蚌埠 黄山",
    "福建": "福州 厦门海沧 福清融侨 漳州招商局 泉州 龙岩 三明 东山 莆田",
    "广东": "湛江 惠州大亚湾 增城 珠海 揭东 中山",
    "湖北": "襄阳 黄石 荆州 鄂州葛店 孝感 十堰 随州 汉川 黄冈 宜昌",
    "湖南": "岳阳 湘潭 常德 宁乡 娄底 浏阳 望城 郴州 永州 邵阳",
    "江西": "南昌 九江 赣州 井冈山 上饶 萍乡 宜春 龙南 瑞金 南昌小蓝",
    "河南": "洛阳 新乡 红旗渠 鹤壁 许昌 开封 漯河 濮阳",
    "四川": "德阳 绵阳 遂宁 广安 内江 雅安 乐山",
    "辽宁": "营口 锦州 旅顺 铁岭 盘锦辽滨 沈阳辉山 大连长兴岛",
    "黑龙江": "宾西 海林 牡丹江 大庆 双鸭山 绥化",
    "吉林": "吉林 四平 松原 长春",
    "河北": "石家庄 唐山曹妃甸 沧州临港 廊坊 秦皇岛 邯郸 张家口",
    "山西": "太原 大同 晋城 长治",
    "内蒙古": "呼和浩特 巴彦淖尔 呼伦贝尔",
    "广西": "南宁 钦州港 中马钦州 广西-东盟",
    "重庆": "重庆 万州 长寿",
    "贵州": "贵阳 遵义",
    "云南": "昆明 曲靖 大理 蒙自",
    "陕西": "汉中 陕西航空 榆林 神府 宝鸡 陕西航天",
    "甘肃": "兰州 金昌 天水 张掖 酒泉",
    "青海": "西宁 格尔木",
    "宁夏": "银川 石嘴山",
    "新疆": "乌鲁木齐 库尔勒 准东 甘泉堡 阿拉尔 五家渠 石河子 奎屯-独山子",
    "海南": "洋浦",
    "天津": "西青 子牙 东丽",
    "上海": "闵行 虹桥",
    "北京": "",
    "西藏": "拉萨",
}
# Typical size of each indicator of the 2021 method (the median of a log-normal spread).
TYPICAL = {"O1": 1.2, "O2": 180, "O7": 45, "Q1": 420, "Q2": 12, "Q3": 6, "Q4": 45, "Q6": 260,
           "Q7": 1400, "T2": 40, "T3": 230, "T4": 4, "C1": 6500, "C2": 3, "C3": 2,
           "G1": 0.42, "G2": 1.05, "G4": 9.5}
RATE = {"O3": (6.0, 18.0), "O4": (5.0, 12.0), "Q5": (6.0, 4.0), "Q8": (7.0, 5.0),
        "G3": (2.0, 6.0)}
SHARE = {"O5": 25.0, "O6": 30.0, "T1": 3.0, "T5": 40.0, "T6": 8.0, "G5": 85.0, "C4": 85.0}


@dataclass(frozen=True)
class Home:
    name: str = "哈尔滨经开区"
    province: str = "黑龙江"
    strength: float = 1.35  # about 35th nationally, 6th–8th in 中部


@cache
def published_top30() -> tuple[tuple[str, str], ...]:
    """The latest complete published list (release 2022, data year 2021): (zone, province)."""
    with (DATA / "published_rankings.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["release_year"] == "2022"]
    return tuple((r["zone"], r["province"]) for r in sorted(rows, key=lambda r: int(r["rank"])))


def roster(count: int, home: Home) -> list[tuple[str, str]]:
    """(zone, province) for ``count`` zones: the published top 30, then the home zone, then
    the cities' zones in turn by province."""
    names = list(published_top30())
    taken = {n for n, _ in names}
    names.append((home.name, home.province))
    taken.add(home.name)
    queues = {p: [c for c in cities.split() if f"{c}经开区" not in taken]
              for p, cities in CITIES.items()}
    while len(names) < count and any(queues.values()):
        for province, queue in queues.items():
            if queue and len(names) < count:
                names.append((f"{queue.pop(0)}经开区", province))
    index = 1
    while len(names) < count:
        names.append((f"示例经开区{index:03d}", "河南"))
        index += 1
    return names[:count]


def synthetic_peers(method: Method, years: range, *, count: int = 230, seed: int = 7,
                    home: Home | None = None) -> list[PeerRow]:
    """Every zone's figures for each year (one PeerRow per zone and year)."""
    home = home or Home()
    rng = np.random.default_rng(seed)
    names = roster(count, home)
    top = np.linspace(3.2, 1.6, 30)
    rest = np.sort(rng.normal(-0.1, 0.8, count - 31))[::-1]
    strength = np.concatenate([top, [home.strength], np.minimum(rest, 1.55)])
    loading = rng.uniform(0.45, 0.8, len(method.indicators))
    own = rng.normal(0, 1, (count, len(method.indicators)))
    regions = province_regions()
    rows: list[PeerRow] = []
    for offset, year in enumerate(years):
        drift = strength + rng.normal(0, 0.08, count) * offset
        own = 0.8 * own + 0.6 * rng.normal(0, 1, own.shape)
        values = np.empty((count, len(method.indicators)))
        for j, indicator in enumerate(method.indicators):
            signal = loading[j] * drift + (1 - loading[j]) * own[:, j]
            column = _figures(indicator.code, indicator.kind, signal, offset)
            if indicator.direction == "lower" and indicator.code not in RATE:
                column = _figures(indicator.code, indicator.kind, -signal, offset)
            values[:, j] = column
        for i, (zone, province) in enumerate(names):
            rows.append(PeerRow(
                line=0, zone=zone, province=province, region=regions[province], year=year,
                values={ind.code: _decimal(values[i, j], ind)
                        for j, ind in enumerate(method.indicators)}))
    return rows


def _figures(code: str, kind: str, signal: np.ndarray, offset: int) -> np.ndarray:
    if code in RATE:
        mean, spread = RATE[code]
        return mean + spread * 0.6 * signal
    if code in SHARE or kind in ("ratio", "qualitative"):
        centre = SHARE.get(code, 50.0)
        share = 1 / (1 + np.exp(-(np.log(centre / (100 - centre)) + 0.7 * signal)))
        return 100 * share
    typical = TYPICAL.get(code, 100.0)
    growth = 1.06 ** offset if kind == "level" else 0.97 ** offset
    sigma = 0.35 if kind == "intensity" else 0.9
    return typical * growth * np.exp(sigma * signal)


def _decimal(value: float, indicator) -> Decimal:
    if indicator.unit in COUNTED:
        return Decimal(max(round(float(value)), 0))
    places = "0.001" if indicator.kind == "intensity" else "0.01"
    return Decimal(str(float(value))).quantize(Decimal(places))
