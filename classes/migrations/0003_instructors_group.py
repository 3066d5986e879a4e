"""The "Instructors" group: into the admin, and the Classes area in it.

Members may add sections and view and change the ones they teach (which
ones is `classes.permissions`'s rule); deleting a section stays with admins.
Permissions are created here if Django has not made them yet, since on a
fresh database this runs before the post-migrate step that usually does.
"""

from django.db import migrations

GROUP = "Instructors"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("classes", "section", "add_section", "Can add section"),
    ("classes", "section", "change_section", "Can change section"),
    ("classes", "section", "view_section", "Can view section"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classes", "0002_pending_enrollments"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
