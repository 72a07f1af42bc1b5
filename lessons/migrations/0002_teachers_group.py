from django.db import migrations


def create_teachers_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Teachers")


class Migration(migrations.Migration):
    
    dependencies = [("auth", "0012_alter_user_first_name_max_length"), ("lessons", "0001_initial")]
    operations = [migrations.RunPython(create_teachers_group, migrations.RunPython.noop)]
