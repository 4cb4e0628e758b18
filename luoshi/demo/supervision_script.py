"""The demo's three months of supervision as a script: who reports when, which report is late,
returned or missing, which milestones are done late, extended or overdue, and what the
departments write (the words are synthetic and marked so)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from luoshi.accounts.choices import Role
from luoshi.domain.calendar import BEIJING
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE

from .people import DEMO_USERS

START = Period.month(2026, 8)
MONTHS = (Period.month(2026, 8), Period.month(2026, 9), Period.month(2026, 10))
END = datetime(2026, 12, 6, 9, 0, tzinfo=BEIJING)  # the demo's last moment: its "today"
TICK_DAYS = (1, 3, 6, 12)
TICK_MONTHS = ((2026, 9), (2026, 10), (2026, 11), (2026, 12))
TICK_TIME = time(9, 0)
MARK = f"（{SYNTHETIC_NOTE}）"  # at the end of every demo report's progress
COORDINATOR_NAME = next(u[0] for u in DEMO_USERS if u[1] == Role.COORDINATOR)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of 2026, Beijing time."""
    return datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


# --- the script -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneSpec:
    task: int
    department: str
    title: str
    deliverable: str
    due: date
    done: date | None = None  # reported in the report of the month it was done
    extension: tuple[date, str, datetime, datetime] | None = None  # new due, why, asked, approved


MILESTONES_SET = at(7, 24, 10)  # the coordinator sets the milestones before supervision starts
SETTINGS_SET = at(7, 20, 10)
MILESTONES = (
    MilestoneSpec(3, "经开办(自贸办)", "特色园区市场化运营试点方案报管委会审定", "试点方案",
                  date(2026, 8, 28), done=date(2026, 8, 26)),
    MilestoneSpec(18, "区区域合作局", "完成年度招商引资项目库更新", "项目库清单",
                  date(2026, 8, 31), done=date(2026, 8, 20)),
    MilestoneSpec(19, "区商务局", "举办中俄经贸合作对接会", "对接会签约项目清单",
                  date(2026, 9, 25), done=date(2026, 9, 24)),
    # Done late, within its month: September is yellow.
    MilestoneSpec(10, "区工信局", "出台核心产业转型升级三年行动计划", "行动计划(印发稿)",
                  date(2026, 9, 15), done=date(2026, 9, 24)),
    # Moved by an extension the coordinator approved, then done in time.
    MilestoneSpec(14, "区金融办", "设立产业引导基金首支子基金", "子基金设立批复",
                  date(2026, 9, 30), done=date(2026, 10, 28),
                  extension=(date(2026, 10, 30),
                             "拟合作的基金管理人尚在履行内部决策程序，子基金协议需待其投委会"
                             "审议后签署，申请延期一个月。", at(9, 18, 15, 10), at(9, 21, 10, 5))),
    MilestoneSpec(9, "区营商局", "政务服务“一网通办”平台上线试运行", "平台试运行报告",
                  date(2026, 10, 30), done=date(2026, 10, 28)),
    # Never done: October (and every month after) is red.
    MilestoneSpec(13, "市自然资源和规划局平房分局", "完成批而未供土地清理处置台账", "处置台账",
                  date(2026, 10, 20)),
    MilestoneSpec(2, "区委组织部", "出台管委会全员聘任制管理办法", "管理办法(印发稿)",
                  date(2026, 12, 31)),
)
EXTENSION_NOTE = "同意延期至10月30日，请按新时限完成，不再另行延期。"

# Returned by the coordinator and sent up again before the deadline.
RETURNED = (10, "区发改局", (2026, 8))
RETURN_REASON = ("进展只写了“按计划推进、进展顺利”，请补充本月具体开展了哪些工作、"
                 "完成了哪些量化指标后重新报送。")
# Sent up after the deadline, before the ladder's 督办单 (the month is yellow, no notice).
LATE = {(9, "区住建局(交通)", (2026, 8)): at(9, 9, 15, 20)}


@dataclass(frozen=True)
class Noticed:
    """A report still not sent up when the 督办单 came, and what the department did."""

    sent: datetime
    sign: datetime
    answer: datetime | None = None
    answer_text: str = ""
    close: datetime | None = None  # the coordinator's 销号


NOTICED = {
    (10, "区企投局", (2026, 9)): Noticed(
        sent=at(10, 13, 16, 10), sign=at(10, 12, 14, 5), answer=at(10, 14, 10, 30),
        answer_text="国庆假期前后经办人员调整，9月月报未能按时报送，已于10月13日补报。"
                    "今后明确专人负责，每月5日前报送。", close=at(10, 15, 9, 40)),
    (17, "区人社局", (2026, 10)): Noticed(
        sent=at(11, 9, 15, 30), sign=at(11, 6, 15, 0), answer=at(11, 10, 9, 50),
        answer_text="10月月报因等待人才政策兑现数据延误，已于11月9日报送，"
                    "今后数据未齐的先报进展、后补数据。"),
    (12, "区金融办", (2026, 10)): Noticed(sent=at(11, 16, 11, 0), sign=at(11, 9, 10, 20)),
}
# Sends nothing for two months running (red) and leaves its 督办单 unanswered.
MISSING = ("区司法局", ((2026, 8), (2026, 9)))
UNACCEPTED_OCTOBER = 3  # the last October reports sent up still wait for the coordinator

ACTIONS = (
    "召开专题推进会{n}次，细化责任分工和时间表",
    "对照年度目标逐项梳理进度，更新工作台账",
    "走访企业{n}家，收集并协调解决问题{m}个",
    "与相关部门会商对接{n}次，推动重点事项落地",
    "起草配套文件初稿，已征求相关单位意见{m}条",
    "组织业务培训{n}场，参训人员{m}人次",
)
PROBLEMS = (
    "",
    "",
    "部分事项涉及多个部门，协同推进节奏有待加快。",
    "专项资金拨付进度偏慢，需财政部门协调。",
    "专业人员不足，需组织部门统筹调配。",
    "个别企业诉求涉及市级事权，需市直部门支持。",
)
NEXT_STEPS = (
    "下月将继续按时间表推进，重点抓好{topic}。",
    "下月将加强与相关部门的协调，力争{topic}取得阶段性成果。",
    "下月将开展一次专项督查，确保{topic}按期完成。",
)
