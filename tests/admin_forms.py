"""What a browser would send from an admin page, read from the page's HTML.

Never from the form's Python fields: a field the admin forgets to render (the
version a form was opened at, say) is a field no browser sends, and a test that
posts it anyway hides the bug from the suite.
"""

from django.urls import reverse
from webtest import TestResponse


def url(model, view, *args):
    """An admin page of `model`: "changelist", "add", "change", "history"."""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def record_form(page, model=None):
    """The record form of a WebTest page: `<model>_form`, posted (on a revert page
    its id names the history model, hence "ends with")."""
    suffix = f"{model._meta.model_name}_form" if model is not None else "_form"
    (form,) = (
        form
        for key, form in page.forms.items()
        if isinstance(key, str)
        and key.endswith(suffix)
        and form.method.lower() == "post"
    )
    return form


def rendered_form(response):
    """The record form of a Django test client's response, parsed from its HTML."""
    return record_form(
        TestResponse(body=response.content, content_type="text/html", charset="utf-8")
    )


def change_form_data(response) -> dict:
    """The fields the page's form submits as rendered, ready for the test client."""
    data: dict[str, list[str]] = {}
    for name, value in rendered_form(response).submit_fields():
        data.setdefault(name, []).append(value)
    return {name: v[0] if len(v) == 1 else v for name, v in data.items()}
