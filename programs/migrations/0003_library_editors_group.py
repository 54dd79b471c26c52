"""The "Library editors" group: the model permissions the drill admin checks."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Library editors"
PERMISSIONS = (
    ("drill", "add_drill"),
    ("drill", "change_drill"),
    ("drill", "delete_drill"),
    ("drill", "view_drill"),
    ("drillrevision", "view_drillrevision"),
)


def create_group(apps, schema_editor):
    # Permissions are normally created after migrate (post_migrate); create them
    # now so a fresh database gets a complete group in one go.
    app_config = apps.get_app_config("programs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("clients", "User")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="programs",
                content_type__model=model,
                codename=codename,
            )
        )
    for user in User.objects.filter(role="library_editor"):
        user.groups.add(group)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("clients", "0003_user_use_private_drills"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0002_drillrevision"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
