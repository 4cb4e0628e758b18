"""Roles as data (DESIGN §2): each role's Django permissions. `luoshi sync_roles` makes the
groups match this table; views and the API check permissions, never role names."""

from .choices import ADMIN_ROLES, Role

LEDGER_READ = [
    "plans.view_plan", "plans.view_task", "plans.view_target", "accounts.view_department",
]
ZONE_WIDE = ["plans.view_all_departments"]
MONITORING_READ = ["monitoring.view_indicator", "monitoring.view_indicatorvalue"]
SUPERVISION_READ = ["supervision.view_progressreport", "supervision.view_milestone",
                    "supervision.view_notice"]
LIGHTS_READ = ["supervision.view_monthlight"]  # the tasks' lights: every zone role
BULLETINS_READ = ["bulletins.read_bulletins"]  # published bulletins: every zone role
RESULTS_ALL = ["assessment.view_all_results"]  # every unit's published assessment results
BENCHMARK_READ = ["benchmark.view_benchmark"]  # the zone's national standing: every zone role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: [
        *LEDGER_READ, *ZONE_WIDE, "plans.import_plan", "plans.correct_ledger", *MONITORING_READ,
        "monitoring.report_values", "monitoring.accept_values", "monitoring.manage_catalogue",
        # The zone's departments as its plans name them (not its accounts: 三员分立).
        "monitoring.view_unreviewed", "accounts.manage_directory", *SUPERVISION_READ,
        "supervision.accept_reports", "supervision.view_all_reports", *LIGHTS_READ,
        *BULLETINS_READ, "bulletins.draft_bulletins", "bulletins.publish_bulletins",
        "assessment.manage_assessment", *RESULTS_ALL, "assessment.view_case_decisions",
        *BENCHMARK_READ, "benchmark.manage_benchmark",
    ],
    # Leaders may look at figures not yet accepted (DESIGN §2); others see accepted ones only.
    Role.LEADER: [*LEDGER_READ, *ZONE_WIDE, *MONITORING_READ, "monitoring.view_unreviewed",
                  *SUPERVISION_READ, "supervision.view_all_reports", *LIGHTS_READ,
                  "supervision.write_instructions", *BULLETINS_READ, *RESULTS_ALL,
                  "assessment.enter_marks", *BENCHMARK_READ],
    Role.REPORTER: [*LEDGER_READ, *MONITORING_READ, "monitoring.report_values",
                    *SUPERVISION_READ, "supervision.write_reports", *LIGHTS_READ,
                    *BULLETINS_READ, "assessment.read_own_results", *BENCHMARK_READ],
    Role.HEAD: [
        *LEDGER_READ, *MONITORING_READ, "monitoring.report_values", "monitoring.approve_values",
        *SUPERVISION_READ, "supervision.write_reports", "supervision.send_up_reports",
        *LIGHTS_READ, *BULLETINS_READ, "assessment.read_own_results",
        "assessment.appeal_results", "assessment.apply_cases", *BENCHMARK_READ,
    ],
    # 纪委监委 decides fault-tolerance cases and sees what they change.
    Role.INSPECTOR: [*LEDGER_READ, *ZONE_WIDE, *MONITORING_READ, *LIGHTS_READ,
                     *BULLETINS_READ, *RESULTS_ALL, "assessment.decide_cases",
                     "assessment.view_case_decisions", *BENCHMARK_READ],
    Role.HR: [*LEDGER_READ, *ZONE_WIDE, *MONITORING_READ, *LIGHTS_READ, *BULLETINS_READ,
              *RESULTS_ALL, "assessment.view_case_decisions", "assessment.manage_pay",
              *BENCHMARK_READ],
    # 三员分立: the audit administrator reads the audit log (and checks its chain), nothing else;
    # the system administrator keeps the directory (the accounts alone; the departments with
    # the coordinator); the security administrator the roles' permissions and the lockouts.
    # None sees business data.
    Role.AUDITOR: ["auditlog.view_logentry", "core.verify_audit_chain"],
    Role.SYSADMIN: ["accounts.manage_users", "accounts.manage_directory",
                    "accounts.view_department"],
    Role.SECADMIN: ["accounts.manage_roles", "accounts.manage_security"],
    Role.OBSERVER: [*LEDGER_READ, *ZONE_WIDE, *MONITORING_READ, *LIGHTS_READ,
                    *BULLETINS_READ, *RESULTS_ALL, "accounts.view_all_zones", *BENCHMARK_READ],
}

# Permissions that make an administrator: never given to another role by a change (三员分立).
ADMIN_PERMISSIONS = frozenset({
    "auditlog.view_logentry", "core.verify_audit_chain", "accounts.manage_roles",
    "accounts.manage_security", "accounts.manage_users", "accounts.view_all_zones",
})


def change_refusal(role: str, permission: str) -> str | None:
    """Why a role's permission may not be changed by the security administrator, or None:
    the administrators' permissions are fixed, and theirs are given to nobody else."""
    if role in ADMIN_ROLES:
        return "admin_role"
    if permission in ADMIN_PERMISSIONS:
        return "admin_permission"
    return None


def role_permissions(role: str, grants: dict[tuple[str, str], bool]) -> list[str]:
    """The role's permissions: the table's, with the security administrator's changes."""
    found = [p for p in ROLE_PERMISSIONS[role] if grants.get((role, p), True)]
    found += sorted(p for (r, p), given in grants.items()
                    if r == role and given and p not in found and not change_refusal(r, p))
    return found
