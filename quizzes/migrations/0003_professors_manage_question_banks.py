"""The "Professors" group may add, view, change and delete question-bank
categories and questions.

These are the kinds of thing a professor may do; which categories and
questions is decided by `quizzes.permissions`: those of the courses whose
pages they edit, plus seeing (never changing) the shared ones. Permissions
are created here if Django has not made them yet, since on a fresh database
this runs before the post-migrate step that usually does.
"""

from django.db import migrations

GROUP = "Professors"
MODELS = {"questioncategory": "question category", "bankquestion": "bank question"}
ACTIONS = ("add", "change", "delete", "view")


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, verbose_name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            yield permission


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_question_banks"),
        ("course", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
