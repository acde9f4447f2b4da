"""Rebuilding the POST a browser would send from an admin change page."""

from django.forms import MultiWidget


def _put(data, name, field, value):
    if isinstance(field.widget, MultiWidget):
        for index, part in enumerate(field.widget.decompress(value)):
            if part is not None:
                data[f"{name}_{index}"] = str(part)
        return
    if value is None or value is False:
        return
    if value is True:
        data[name] = "on"
    elif isinstance(value, list | tuple):
        data[name] = [str(v) for v in value]
    else:
        data[name] = str(value)


def change_form_data(response) -> dict:
    """The fields of the page's form and inline formsets, as they were rendered."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), field, form[name].value())
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.forms:
            for name, field in inline_form.fields.items():
                _put(
                    data, inline_form.add_prefix(name), field, inline_form[name].value()
                )
    return data
