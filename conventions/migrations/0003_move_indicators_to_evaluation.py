from django.db import migrations


class Migration(migrations.Migration):
    """Indicator definitions now live in the evaluation app (its migration 0002 copied them)."""

    dependencies = [
        ("conventions", "0002_contacts_conventions_annexes_meetings"),
        ("evaluation", "0002_indicators_from_conventions"),
    ]

    operations = [migrations.DeleteModel(name="AnnexIndicator")]
