from django.contrib import admin, messages

from .models import Token
from .services import issue_key, revoke_token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    """A curator makes and revokes their own tokens; a superuser anyone's (a
    researcher, who has no admin login, gets one from a superuser or from
    `manage.py create_token`). The key is shown once, on the page after saving."""

    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        owner = ["user"] if request.user.is_superuser or obj else []
        if obj is None:  # a new token: whose, what for, until when
            return [*owner, "name", "expires_at"]
        return [*owner, "name", "expires_at", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A token's owner never changes: a new owner gets a new token.
        return [*self.readonly_fields, "user"] if obj else []

    def save_model(self, request, obj, form, change):
        key = None
        if not change:
            if not request.user.is_superuser:
                obj.user = request.user
            key = issue_key(obj)
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(
                request,
                f"The key of token {obj.prefix}…, shown this once (only a digest "
                f"is kept): {key}",
            )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token)
        self.message_user(request, f"{len(queryset)} token(s) revoked.")
