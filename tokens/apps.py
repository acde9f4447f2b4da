from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "tokens"
    verbose_name = "API tokens"

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI security scheme)
