from django.db import migrations


def note_baseline(apps, schema_editor):
    # The models as they are, not as frozen here: noting a record asks the
    # public rule (newsarchive.public), which reads the live models. Each model
    # is asked whether it holds a row first, so an empty archive (a new one, or a
    # test database) runs no query against a later schema.
    labels = ("places.Place", "people.Organization", "people.Person", "items.Story")
    for label in (*labels, "items.Update", "people.Affiliation", "items.Event"):
        if apps.get_model(label).objects.exists():
            from changes.baseline import note_baseline

            note_baseline()
            return


class Migration(migrations.Migration):
    dependencies = [
        ("changes", "0001_change_feed"),
        ("items", "0019_facet_counts"),
        ("people", "0005_importer_provenance"),
        ("places", "0005_gazetteer_load"),
    ]

    operations = [migrations.RunPython(note_baseline, migrations.RunPython.noop)]
