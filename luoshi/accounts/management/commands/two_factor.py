"""`luoshi two_factor status [--json]`, `luoshi two_factor reset USERNAME [--by USER]`: who
must sign in with two factors and who has set them up; reset a user's (a lost phone, or an
administrator whom no other administrator may manage, 三员分立)."""

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts import two_factor
from luoshi.accounts.selectors import user_for_command
from luoshi.accounts.user_services import user_two_factor_reset


class Command(BaseCommand):
    help = "Two factors: who must use them and who has; reset a user's."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="each active user: required, set up, codes left")
        status.add_argument("--json", action="store_true")
        reset = sub.add_parser("reset", help="remove a user's authenticator and recovery codes")
        reset.add_argument("username")
        reset.add_argument("--by", help="the administrator doing it (default: the server)")

    def handle(self, *args, **options):
        if options["action"] == "reset":
            user = user_for_command(options["username"])
            try:
                removed = user_two_factor_reset(user=user, by=user_for_command(options["by"]),
                                                origin="command")
            except PermissionDenied as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{user.username}: 双因素已重置（删除 {removed} 个验证器/恢复码），"
                              "下次登录时重新设置")
            return
        rows = [{"username": state.user.username, "role": state.user.role,
                 "required": state.required, "enrolled": state.enrolled,
                 "recovery_codes_left": state.codes_left}
                for state in two_factor.account_states()]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            state = "on" if row["enrolled"] else ("MISSING" if row["required"] else "off")
            self.stdout.write(f"{row['username']}\t{row['role'] or '-'}\t{state}\t"
                              f"{row['recovery_codes_left']}")
