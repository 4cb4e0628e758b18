"""The database cache's table (settings.CACHES: the default ``dbcache://luoshi_cache``), made by
`luoshi migrate` so that a new installation needs no `createcachetable`; nothing when the cache
is elsewhere (Redis). It holds the dashboard's fragments (monitoring.dashboard_cache)."""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0006_rank_standings"),
    ]

    operations = [
        migrations.RunPython(cache_table_create, migrations.RunPython.noop, elidable=True),
    ]
