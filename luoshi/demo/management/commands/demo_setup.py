"""Load the seed plan and one demo user per role, with freshly generated passwords."""

from importlib import resources

from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.accounts import two_factor
from luoshi.accounts.models import Department
from luoshi.accounts.services import (
    department_create,
    password_generate,
    roles_sync,
    user_upsert,
    zone_get_or_create,
)
from luoshi.demo.people import DEMO_USERS, DEMO_ZONE
from luoshi.domain.departments import guess_department_kind
from luoshi.plans.services import plan_import

SEED_PLAN = "harbin-etdz-plan-2023-2026.txt"
ORIGIN = "command: demo_setup"


class Command(BaseCommand):
    help = "Load the seed plan and demo users (new passwords every run) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    @transaction.atomic
    def handle(self, *args, **options):
        roles_sync()
        zone = zone_get_or_create(code=DEMO_ZONE[0], name=DEMO_ZONE[1], by=None, origin=ORIGIN)
        content = resources.files("luoshi.sample_data").joinpath(SEED_PLAN).read_bytes()
        plan, _created = plan_import(
            zone=zone, content=content, filename=SEED_PLAN, by=None, origin=ORIGIN
        )
        logins, keys = [], []
        for username, role, department_name, full_name in DEMO_USERS:
            department = None
            if department_name:
                department = Department.objects.filter(zone=zone, name=department_name).first()
                department = department or department_create(
                    zone=zone, name=department_name,
                    kind=guess_department_kind(department_name), by=None, origin=ORIGIN,
                )
            password = password_generate()
            user = user_upsert(
                username=username, role=role, zone=zone, department=department,
                full_name=full_name, password=password, by=None, origin=ORIGIN,
            )
            if two_factor.required_for(user):
                keys.append((username, *two_factor.provision(user=user)))
            logins.append((username, password, role.label, department_name or ""))
        self.stdout.write(f"\n  Luoshi is at {options['url']}  ({plan.title})\n")
        self.stdout.write("  Demo logins (passwords are new on every run):\n")
        for username, password, role_label, department_name in logins:
            self.stdout.write(
                f"    {username:<14} {password:<16} {role_label!s:<20} {department_name}"
            )
        if keys:
            self.stdout.write(
                "\n  Two factors (双因素) for these accounts: after the password, a code from an "
                "authenticator app\n  given the key (or `oathtool --totp -b KEY`), or a recovery "
                "code (each works once):\n")
            for username, key, codes in keys:
                self.stdout.write(f"    {username:<14} key {key}   recovery {' '.join(codes[:3])}")
        self.stdout.write("")
