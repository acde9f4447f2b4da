"""`Authorization: Token <key>` (or `Bearer <key>`) for the API.

Only the API reads it: the admin authenticates by session and login alone, so a
token never opens it.
"""

from rest_framework import authentication, exceptions

from newsarchive.records import is_curator
from newsarchive.replicas import use_primary

from .services import token_for, why_refused

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None  # no token: the session, or the public
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be 'Token <key>' or 'Bearer <key>'."
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = token_for(key)
        if token is None:
            raise exceptions.AuthenticationFailed(why_refused(key))
        if is_curator(token.user):
            use_primary()  # a curator reads their own writes (newsarchive.replicas)
        return token.user, token

    def authenticate_header(self, request):
        # A 401 (not 403) with WWW-Authenticate, for a bad token.
        return 'Bearer realm="api"'
