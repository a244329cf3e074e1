from django.db import migrations


def load(apps, schema_editor):
    from accounting.catalogue import catalogue_load

    catalogue_load(apps.get_model("accounting", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("accounting", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
