"""What a curator sees when django-axes refuses a login for too many failures."""

import math

from axes.helpers import get_cool_off
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response, credentials):
    """The login page again, as a 429, saying why and for how long.

    Called by axes (settings.AXES_LOCKOUT_CALLABLE) in place of the page the
    login view rendered.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "app_path": request.get_full_path(),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "form": AuthenticationForm(request, initial={"username": username}),
        "minutes": math.ceil(get_cool_off(request).total_seconds() / 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)
