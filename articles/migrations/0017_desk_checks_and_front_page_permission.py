"""Editors arrange the front page and set which desk checks block publication.

``arrange_front_page`` is the one permission the front-page admin asks for
(``articles.permissions.can_arrange_front_page``); ``DeskChecks`` is the newsroom's single row
of settings for the pre-publication checklist (``articles.checks``). Both are granted to the
Editor group here, as groups and their permissions are data in this project.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


EDITOR = ["arrange_front_page", "view_deskchecks", "change_deskchecks"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR)
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_article_rank_vector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='frontpageitem',
            options={'ordering': ['position', 'pk'], 'permissions': [('arrange_front_page', 'Can arrange the front page (lead and top stories)')], 'verbose_name': 'front-page story', 'verbose_name_plural': 'front page'},
        ),
        migrations.CreateModel(
            name='DeskChecks',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='The story belongs to a desk, e.g. “Pakistan”.', max_length=5, verbose_name='section set')),
                ('dek', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='A one-sentence summary under the headline.', max_length=5, verbose_name='dek present')),
                ('headline_length', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='The headline is within the limits below.', max_length=5, verbose_name='headline length')),
                ('imported_marker', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='block', help_text='A marker left by pasting or importing copy, never meant for readers.', max_length=5, verbose_name='no “(imported)” in the headline')),
                ('straight_quotes', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='No straight " or \' from pasted copy in the headline, dek or body: “…” and ’.', max_length=5, verbose_name='typographic quotation marks')),
                ('byline', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='A staff byline or a free-text one, e.g. “Our Staff Reporter”.', max_length=5, verbose_name='byline')),
                ('images_credited', models.CharField(choices=[('warn', 'Warn: shown on the checklist, the story may still go out'), ('block', 'Block: the story cannot be approved, published or scheduled')], default='warn', help_text='Every picture in the body has a credit in the image library.', max_length=5, verbose_name='body images credited')),
                ('headline_min_length', models.PositiveSmallIntegerField(default=20, help_text='Fewest characters in a headline, e.g. 20.', verbose_name='shortest headline (characters)')),
                ('headline_max_length', models.PositiveSmallIntegerField(default=100, help_text='Most characters in a headline, e.g. 100 (search results cut longer ones).', verbose_name='longest headline (characters)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'desk checks',
                'verbose_name_plural': 'desk checks',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='desk_checks_singleton'), models.CheckConstraint(condition=models.Q(('headline_min_length__lte', models.F('headline_max_length'))), name='desk_checks_headline_limits_in_order')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
