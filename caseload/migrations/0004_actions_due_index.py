from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("caseload", "0003_list_order_and_search_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["tenant", "assigned_to", "next_action_on"], name="dossier_actions_due"
            ),
        ),
    ]
