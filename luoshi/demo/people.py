"""The demo zone's people: one user per role, with the departments they work in."""

from luoshi.accounts.choices import Role

DEMO_ZONE = ("hetdz", "哈尔滨经济技术开发区")

# username, role, department (None: the whole zone), full name
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, "经开办(自贸办)", "经开办 统筹员"),
    ("leader", Role.LEADER, None, "管委会 领导"),
    ("gxj_reporter", Role.REPORTER, "区工信局", "区工信局 填报员"),
    ("gxj_head", Role.HEAD, "区工信局", "区工信局 负责人"),
    ("inspector", Role.INSPECTOR, "区纪委监委", "区纪委监委 干部"),
    ("hr", Role.HR, "区委组织部", "区委组织部 干部"),
    ("auditor", Role.AUDITOR, None, "审计管理员"),
    ("observer", Role.OBSERVER, None, "市商务局 观察员"),
    ("sysadmin", Role.SYSADMIN, None, "系统管理员"),
    ("secadmin", Role.SECADMIN, None, "安全管理员"),
]
