"""`luoshi departments import FILE --zone CODE [--by USER]`: a department list, all or nothing."""

from luoshi.accounts.imports import departments_import

from ._directory_import import DirectoryImportCommand


class Command(DirectoryImportCommand):
    help = "Import a department list (.xlsx, or .csv in UTF-8/GBK): 部门名称, 类别, 别名."
    what = "departments"

    def run(self, **kwargs):
        return departments_import(**kwargs)
