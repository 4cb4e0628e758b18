"""What a user may read (DESIGN §2), in one place every selector asks.

Two parts. *Zones*: a zone's users read their zone; an observer (``accounts.view_all_zones``,
a city bureau) reads every zone. *Work in progress* (unreviewed values, draft reports, notices,
revision history): a department's users see their own departments' (their department and any
the coordinator added), and whoever holds the capability's "see all" permission (the
coordinator, leaders) sees every department's. What the zone has published (the plan, accepted
figures, published bulletins) is read by every user of the zone: only the zone part applies.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from .models import User


@dataclass(frozen=True)
class ReadScope:
    zone_ids: frozenset[int] | None  # None: every zone
    # The departments the user acts for, asked of the database only when a read needs them
    # (those who see every department's work, and reads of published things, never do).
    departments_of: Callable[[], frozenset[int]] = field(repr=False, compare=False)
    all_work: bool  # sees every department's work in progress (of the zones above)

    @cached_property
    def department_ids(self) -> frozenset[int]:
        return self.departments_of()

    def zones_q(self, field: str = "zone") -> Q:
        """Rows of the zones the user reads (``field`` leads to the zone key)."""
        if self.zone_ids is None:
            return Q()
        return Q(**{f"{field}__in": sorted(self.zone_ids)})

    def work_q(self, field: str = "department") -> Q:
        """Work in progress the user sees (``field`` leads to the owning department's key);
        combine with ``zones_q``."""
        if self.all_work:
            return Q()
        return Q(**{f"{field}__in": sorted(self.department_ids)})

    def reads_zone(self, zone_id: int | None) -> bool:
        return zone_id is not None and (self.zone_ids is None or zone_id in self.zone_ids)

    def sees_work_of(self, department_id: int | None) -> bool:
        return self.all_work or department_id in self.department_ids


NOTHING = ReadScope(frozenset(), frozenset, False)


def read_scope(user: User, all_work_perm: str | None = None) -> ReadScope:
    """``user``'s scope; ``all_work_perm`` is the capability's permission to see every
    department's work in progress (e.g. ``monitoring.view_unreviewed``). Kept on the user
    object, so a request asks the database once."""
    if user is None or not user.is_authenticated:
        return NOTHING
    cache = user.__dict__.setdefault("_read_scopes", {})
    if all_work_perm not in cache:
        if user.has_perm("accounts.view_all_zones"):
            zones = None
        else:
            zones = frozenset({user.zone_id}) if user.zone_id else frozenset()
        cache[all_work_perm] = ReadScope(
            zones, lambda: _departments_of(user),
            bool(all_work_perm) and user.has_perm(all_work_perm))
    return cache[all_work_perm]


def _departments_of(user: User) -> frozenset[int]:
    """The departments the user acts for, read once per user object."""
    if "_acting_departments" not in user.__dict__:
        departments = {user.department_id} if user.department_id else set()
        departments.update(user.extra_departments.order_by().values_list("pk", flat=True))
        user.__dict__["_acting_departments"] = frozenset(departments)
    return user.__dict__["_acting_departments"]
