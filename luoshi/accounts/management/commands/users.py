"""`luoshi users import FILE --zone CODE [--by USER]`: a user list, all or nothing; prints the
one-time password of each new user once (tab-separated: username, full name, password)."""

from luoshi.accounts.imports import users_import

from ._directory_import import DirectoryImportCommand


class Command(DirectoryImportCommand):
    help = "Import users (.xlsx, or .csv): 用户名, 姓名, 部门, 角色, optional 手机, 邮箱."
    what = "users"

    def run(self, **kwargs):
        return users_import(**kwargs)

    def report(self, outcome) -> None:
        if outcome.passwords:
            self.stdout.write("one-time passwords (shown once; changed at first login):")
            for username, full_name, password in outcome.passwords:
                self.stdout.write(f"{username}\t{full_name}\t{password}")
