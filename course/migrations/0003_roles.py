"""The "Professors" group: into the admin, and the image and document
libraries.

Which pages a professor may edit is not decided here: page permissions are
per group and per page subtree, so each course gets its own group
("Professors: <course title>"), made on demand by `grant_course`
(`course.roles`). This base group holds what every professor needs whatever
course they write: admin access, and adding and choosing images and
documents, granted on the root collection so they cover every collection.
No "change" and no "delete": Wagtail's owner rule then lets a professor edit
and delete the images and documents they uploaded themselves, and only
choose (never change or remove) ones another course's lessons may use. One
collection per course would keep libraries apart too; with one subject on
the site, a shared library is the simpler choice.

"Instructors" (from `classes`) needs nothing more: they read a course on the
public site like a student, and Wagtail has no read-only page permission for
the admin's page explorer.

Permissions are created here if Django has not made them yet, since on a
fresh database this runs before the post-migrate step that usually does.
"""

from django.db import migrations

GROUP = "Professors"
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
]


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(_permission(apps, *ADMIN_ACCESS))
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for spec in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(apps, *spec)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0002_catalog_as_home"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
