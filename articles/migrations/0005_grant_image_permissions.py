"""Journalists and editors upload and describe images; editors may also delete them."""

from django.db import migrations

JOURNALIST = ["add_image", "change_image", "view_image"]
EDITOR = [*JOURNALIST, "delete_image"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in [("Journalist", JOURNALIST), ("Editor", EDITOR)]:
        group = Group.objects.get(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="images", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    images = Permission.objects.filter(content_type__app_label="images")
    for group in Group.objects.filter(name__in=["Journalist", "Editor"]):
        group.permissions.remove(*images)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_lead_image"),
        ("images", "0001_create_image_and_rendition"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
