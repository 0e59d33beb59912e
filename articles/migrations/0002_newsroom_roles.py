"""The Journalist and Editor groups with explicit permissions (see shared PERMISSIONS.md).

Object-level rules (own story or another's) are not permissions; they live in
``articles/permissions.py``.
"""

from django.db import migrations

JOURNALIST = {
    "articles": [
        "add_article", "change_article", "delete_article", "view_article", "submit_article",
        "view_section", "view_author", "add_topic", "view_topic",
    ],
    "sources": [
        "add_source", "change_source", "view_source",
        "add_organisation", "change_organisation", "view_organisation",
        "add_quote", "change_quote", "delete_quote", "view_quote",
        "add_anonymousattribution", "change_anonymousattribution",
        "delete_anonymousattribution", "view_anonymousattribution",
        "add_mention", "change_mention", "delete_mention", "view_mention",
    ],
}
EDITOR_EXTRA = {
    "articles": [
        "approve_article", "publish_article",
        "add_section", "change_section",
        "change_topic", "delete_topic",
        "add_author", "change_author",
    ],
    "sources": ["view_confidential_identity", "delete_source", "delete_organisation"],
}


def _permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codenames in spec.items():
        for codename in codenames:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    journalist, _ = Group.objects.get_or_create(name="Journalist")
    journalist.permissions.set(_permissions(apps, JOURNALIST))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(_permissions(apps, JOURNALIST) + _permissions(apps, EDITOR_EXTRA))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Journalist", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_content_model"),
        ("sources", "0001_sources_quotes_mentions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
