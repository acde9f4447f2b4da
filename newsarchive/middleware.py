"""Requests no view can answer sensibly, refused before any view runs."""

from django.http import HttpResponseBadRequest

from .exceptions import json_error

NUL = "\x00"


def refuse_nul_characters(get_response):
    """A NUL character in the address or a parameter is a 400 naming where it is.

    PostgreSQL text cannot hold NUL: a lookup by such a slug or name failed deep
    in the database as a server error (`/api/v1/persons/%00/`).
    """

    def middleware(request):
        where = [
            name or "(a parameter's name)"
            for name, values in request.GET.lists()
            if NUL in name or any(NUL in value for value in values)
        ]
        if NUL in request.path:
            where.insert(0, "path")
        if where:
            problem = "holds a NUL character (%00), which no value can contain."
            if request.path.startswith("/api/"):
                return json_error(
                    400,
                    "invalid",
                    f"Invalid value for {', '.join(where)}.",
                    errors={name: [problem] for name in where},
                )
            return HttpResponseBadRequest(f"The {where[0]} {problem}")
        return get_response(request)

    return middleware
