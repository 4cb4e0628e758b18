from django.core.management.base import BaseCommand

from luoshi.accounts.services import roles_sync


class Command(BaseCommand):
    help = "Make one group per role hold exactly the role's permissions (roles.py)."

    def handle(self, *args, **options):
        for group in roles_sync():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
