"""工作台 items: each app says what a user has to do or watch (its ``workbench.items``); the
portal shows them on the first page after login, one click from where each is done."""

from dataclasses import dataclass


class Urgency:
    OVERDUE = "overdue"  # 逾期: late already
    TODO = "todo"  # 待办: the user's to do
    WATCH = "watch"  # 关注: to look at (a leader's red lights)
    DONE = "done"  # 已完成: nothing left


@dataclass(frozen=True)
class WorkItem:
    section: str  # the heading it goes under (translated)
    title: str
    detail: str
    url: str
    urgency: str = Urgency.TODO
    count: int | None = None
    order: int = 500  # the place of its section on the page
