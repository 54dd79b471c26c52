"""Create the database cache table (login throttling counts live there).

The cache is in the database so every web process sees the same counts; this
migration means `migrate` is the only set-up step (no separate createcachetable).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("clients", "0004_auditevent")]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
