"""The question bank's history moves to its own log, which knows each entry's course.

Entries Wagtail had written to its ModelLogEntry for bank categories and
questions move to BankLogEntry, with the course the object belongs to now
(none when it was since deleted: only admins see those).
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BANK_MODELS = ("questioncategory", "bankquestion")
FIELDS = ("content_type_id", "label", "action", "data", "timestamp", "uuid", "user_id")
MORE_FIELDS = ("revision_id", "content_changed", "deleted", "object_id")


def _bank_content_types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return {
        content_type.model: content_type.pk
        for content_type in ContentType.objects.filter(app_label="quizzes", model__in=BANK_MODELS)
    }


def _courses(apps, content_types):
    """{(content type id, object id): course id} of the bank objects still there."""
    QuestionCategory = apps.get_model("quizzes", "QuestionCategory")
    BankQuestion = apps.get_model("quizzes", "BankQuestion")
    courses = {}
    for category in QuestionCategory.objects.values("pk", "course_id"):
        key = (content_types.get("questioncategory"), str(category["pk"]))
        courses[key] = category["course_id"]
    for question in BankQuestion.objects.values("pk", "category__course_id"):
        key = (content_types.get("bankquestion"), str(question["pk"]))
        courses[key] = question["category__course_id"]
    return courses


def move_to_bank_log(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    BankLogEntry = apps.get_model("quizzes", "BankLogEntry")
    content_types = _bank_content_types(apps)
    entries = ModelLogEntry.objects.filter(content_type_id__in=content_types.values())
    courses = _courses(apps, content_types)
    BankLogEntry.objects.bulk_create(
        BankLogEntry(
            **{field: getattr(entry, field) for field in FIELDS + MORE_FIELDS},
            course_id=courses.get((entry.content_type_id, entry.object_id)),
        )
        for entry in entries.order_by("pk")
    )
    entries.delete()


def move_back(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    BankLogEntry = apps.get_model("quizzes", "BankLogEntry")
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(**{field: getattr(entry, field) for field in FIELDS + MORE_FIELDS})
        for entry in BankLogEntry.objects.order_by("pk")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('course', '0003_roles'),
        ('quizzes', '0004_question_credit_and_feedback'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BankLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.TextField()),
                ('action', models.CharField(blank=True, db_index=True, max_length=255)),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('timestamp', models.DateTimeField(db_index=True, verbose_name='timestamp (UTC)')),
                ('uuid', models.UUIDField(blank=True, editable=False, help_text='Log entries that happened as part of the same user action are assigned the same UUID', null=True)),
                ('content_changed', models.BooleanField(db_index=True, default=False)),
                ('deleted', models.BooleanField(default=False)),
                ('object_id', models.CharField(db_index=True, max_length=255)),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
                ('course', models.ForeignKey(blank=True, help_text='The course whose bank it was; empty for a shared category.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='course.coursepage', verbose_name='course')),
                ('revision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtailcore.revision')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'question bank log entry',
                'verbose_name_plural': 'question bank log entries',
                'ordering': ['-timestamp', '-id'],
                'abstract': False,
                'indexes': [models.Index(fields=['uuid', 'action', '-timestamp'], name='quizzes_ban_uuid_83bb8a_idx')],
            },
        ),
        migrations.RunPython(move_to_bank_log, move_back),
    ]
