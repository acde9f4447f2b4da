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


def rendered_form(response):
    """The page's record form (`<model>_form`), parsed from the rendered HTML."""
    page = TestResponse(
        body=response.content, content_type="text/html", charset="utf-8"
    )
    (form,) = (
        form
        for key, form in page.forms.items()
        if isinstance(key, str)
        and key.endswith("_form")
        and form.method.lower() == "post"
    )
    return form


def change_form_data(response) -> dict:
    """The fields the page's form submits as rendered, ready for the test client."""
    data: dict[str, list[str]] = {}
    for name, value in rendered_form(response).submit_fields():
        data.setdefault(name, []).append(value)
    return {name: v[0] if len(v) == 1 else v for name, v in data.items()}
