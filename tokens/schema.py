"""The token as an OpenAPI security scheme, so Swagger UI can send it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "tokens.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (`manage.py create_token USER`, "
            "or the admin's API tokens page), sent as `Authorization: Bearer "
            "<key>` or `Authorization: Token <key>`. Without one, the public's "
            "view and rate.",
        }
