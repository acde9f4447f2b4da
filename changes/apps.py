from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = "Change feed"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from .noting import note_history

        # Every history row a save or a delete writes is noted in the feed; rows
        # written in bulk send no signal, and their writers note them
        # (changes.noting.note_created).
        post_create_historical_record.connect(
            note_history, dispatch_uid="changes.note_history"
        )
