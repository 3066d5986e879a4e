"""Make the course catalog the site's home page.

Wagtail's own migrations leave a placeholder "Welcome" page as the default
site's root; a fresh install should open on the catalog instead.
"""

from django.db import migrations


def catalog_as_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    CourseIndexPage = apps.get_model("course.CourseIndexPage")

    placeholder = ContentType.objects.get_for_model(Page)
    Page.objects.filter(content_type=placeholder, depth=2, numchild=0).delete()
    root = Page.objects.get(depth=1)
    sibling_paths = Page.objects.filter(depth=2).values_list("path", flat=True)
    last = max((int(path[4:]) for path in sibling_paths), default=0)
    catalog = CourseIndexPage.objects.create(
        title="Soft Landing",
        draft_title="Soft Landing",
        slug="home",
        content_type=ContentType.objects.get_for_model(CourseIndexPage),
        path=f"{root.path}{last + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        introduction=(
            "<p>Courses on what colleges rarely teach: what to do when you lose a job, "
            "and how to build the connections that help you find the next one.</p>"
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "site_name": "Soft Landing",
            "root_page": catalog,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(catalog_as_home, migrations.RunPython.noop)]
