from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "items"

    def ready(self):
        from newsarchive import aggregate_cache

        aggregate_cache.connect()
