import newsroom.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """A public wording of why a source is anonymous, apart from the confidential internal note.

    Attributions recorded before it have none, and stay editable: the sourcing panel says so until
    the desk writes one (the internal note is never copied, it may identify the source). New ones
    need it (the story form, the import).
    """

    dependencies = [
        ("sources", "0008_quote_story_published_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="anonymousattribution",
            name="reason",
            field=models.TextField(
                help_text=(
                    "Confidential, for the desk only, never shown to readers: why anonymity was "
                    "granted and what the reporter knows, e.g. “Deputy in the Americas desk; "
                    "would lose her job”."
                ),
                verbose_name="internal reason (confidential)",
            ),
        ),
        migrations.AddField(
            model_name="anonymousattribution",
            name="public_reason",
            field=models.CharField(
                blank=True,
                help_text=(
                    "PUBLIC: shown to readers beside the anonymous attribution on the story page. "
                    "Say why the source was not named without saying anything that could identify "
                    "them, e.g. “spoke on condition of anonymity because they were not authorised "
                    "to discuss the talks”."
                ),
                max_length=300,
                validators=[newsroom.validators.validate_plain_line],
                verbose_name="reason given to readers",
            ),
        ),
    ]
