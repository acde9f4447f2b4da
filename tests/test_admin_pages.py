"""Every admin page saves exactly what its rendered HTML sends.

These tests never build a POST from the form's Python fields: WebTest parses the
page a curator's browser would get and submits the fields that page holds, so an
admin whose `fields` or `fieldsets` leave a hidden input out fails here.
"""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from items.models import Update
from people.models import Person

from .admin_forms import record_form as change_form
from .admin_forms import url

pytestmark = pytest.mark.django_db

CURATED = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"items", "people", "places"}
    ),
    key=lambda model: model._meta.label,
)
INLINES = [
    (model, inline)
    for model in CURATED
    for inline in admin.site._registry[model].inlines
]
EDITED = " (edited)"


@pytest.fixture
def app(django_app, curator, demo):
    django_app.set_user(curator)
    return django_app


def editable_text_field(model, names) -> str:
    """The first plain text field among `names` a curator can type into."""
    for name in names:
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField)
            and not field.choices
            and not field.unique
            and field.editable
        ):
            return name
    raise AssertionError(f"{model._meta.label} shows no text field to edit")


def form_field_names(form, prefix=""):
    return [
        name[len(prefix) :]
        for name in form.fields
        if name and name.startswith(prefix) and "__prefix__" not in name
    ]


def first_with_rows(model, inline):
    """A record of `model` that has at least one row in `inline`."""
    fk = inline.fk_name or next(
        f.name
        for f in inline.model._meta.fields
        if f.is_relation and f.related_model is model
    )
    child = inline.model.objects.order_by("pk").first()
    while child is not None:
        parent = getattr(child, fk)
        if parent is not None:
            return parent, fk
        child = inline.model.objects.filter(pk__gt=child.pk).order_by("pk").first()
    raise AssertionError(f"the demo has no {inline.model._meta.label} row")


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_a_change_page_saves_unchanged(app, model):
    record = model.objects.order_by("pk").first()
    page = app.get(url(model, "change", record.pk))
    assert "opened_version" in change_form(page, model).fields
    response = change_form(page, model).submit("_save")
    assert response.status_code == 302, response.context["errors"]
    before = record.version
    record.refresh_from_db()
    assert record.version == before + 1


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_a_change_page_saves_a_change(app, model):
    record = model.objects.order_by("pk").first()
    form = change_form(app.get(url(model, "change", record.pk)), model)
    name = editable_text_field(model, form_field_names(form))
    form[name] = form[name].value + EDITED
    response = form.submit("_save")
    assert response.status_code == 302, response.context["errors"]
    record.refresh_from_db()
    assert getattr(record, name).endswith(EDITED)


@pytest.mark.parametrize(
    ("model", "inline"),
    INLINES,
    ids=lambda value: value._meta.label if hasattr(value, "_meta") else value.__name__,
)
def test_an_inline_row_saves_a_change(app, model, inline):
    parent, fk = first_with_rows(model, inline)
    page = app.get(url(model, "change", parent.pk))
    form = change_form(page, model)
    formset = next(
        f for f in page.context["inline_admin_formsets"] if f.opts.__class__ is inline
    ).formset
    prefix = f"{formset.prefix}-0-"
    assert f"{prefix}opened_version" in form.fields
    names = form_field_names(form, prefix)
    try:
        name = editable_text_field(inline.model, names)
    except AssertionError:
        # A row of links only (an update reporting an event): its confirmation.
        assert "is_confirmed" in names, f"{inline.__name__} shows nothing to edit"
        name = "is_confirmed"
    if name == "is_confirmed":
        expected = not form[prefix + name].checked
        form[prefix + name].checked = expected
    else:
        form[prefix + name] = form[prefix + name].value + EDITED
    response = form.submit("_save")
    assert response.status_code == 302, response.context["errors"]
    row = inline.model.objects.get(pk=form[f"{prefix}id"].value)
    if name == "is_confirmed":
        assert row.is_confirmed is expected
    else:
        assert getattr(row, name).endswith(EDITED)
    assert getattr(row, f"{fk}_id") == parent.pk


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_reverting_from_history_is_a_new_versioned_change(app, model):
    record = model.objects.order_by("pk").first()
    form = change_form(app.get(url(model, "change", record.pk)), model)
    name = editable_text_field(model, form_field_names(form))
    original = form[name].value
    form[name] = original + EDITED
    assert form.submit("_save").status_code == 302
    record.refresh_from_db()
    edited_version, versions = record.version, record.history.count()

    history = app.get(url(model, "history", record.pk))
    first = record.history.order_by("history_date", "history_id").first()
    revert_page = history.click(href=f"/{first.history_id}/$")
    response = change_form(revert_page, model).submit("_save")
    assert response.status_code == 302, response.context["errors"]

    record.refresh_from_db()
    assert getattr(record, name) == original
    assert record.version == edited_version + 1
    assert record.history.count() == versions + 1


def test_a_person_is_added_with_an_alias_row(app):
    page = app.get(url(Person, "add"))
    fields = submitted_with_new_row(
        change_form(page, Person),
        "aliases",
        {"name": "Strelok Junior", "kind": "pseudonym"},
    )
    fields = [
        (name, "Nikolai Testov" if name == "name" else value) for name, value in fields
    ]
    fields = [
        (name, "nikolai-testov" if name == "slug" else value) for name, value in fields
    ]
    response = app.post(url(Person, "add"), fields)
    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.get(slug="nikolai-testov")
    assert list(person.aliases.values_list("name", flat=True)) == ["Strelok Junior"]


def test_an_alias_error_on_the_add_page_is_shown_beside_its_field(app):
    page = app.get(url(Person, "add"))
    fields = submitted_with_new_row(
        change_form(page, Person), "aliases", {"name": "Same Name", "kind": "pseudonym"}
    )
    fields = [
        (name, {"name": "Same Name", "slug": "same-name"}.get(name, value))
        for name, value in fields
    ]
    response = app.post(url(Person, "add"), fields)
    assert response.status_code == 200
    errors = response.html.select(".errorlist")
    shown = [e for e in errors if "already the canonical name" in e.get_text()]
    assert shown, "the alias's error is not on the page"
    assert not Person.objects.filter(slug="same-name").exists()


def submitted_with_new_row(form, prefix, values):
    """The fields `form` submits, plus one row of `prefix` filled as the page's
    "Add another" link fills it: a copy of the empty row the HTML carries."""
    fields = [(n, v) for n, v in form.submit_fields() if n != f"{prefix}-TOTAL_FORMS"]
    total = int(form[f"{prefix}-TOTAL_FORMS"].value)
    template = f"{prefix}-__prefix__-"
    row = f"{prefix}-{total}-"
    empty = [
        (name.replace(template, row), value)
        for name in form.fields
        if name and name.startswith(template)
        for value in [form[name].value if len(form.fields[name]) == 1 else ""]
    ]
    fields = [(n, v) for n, v in fields if not n.startswith(template)]
    filled = [
        (name, values.get(name[len(row) :], value or "")) for name, value in empty
    ]
    return [*fields, *filled, (f"{prefix}-TOTAL_FORMS", str(total + 1))]


def test_the_update_page_shows_its_inlines(app):
    update = Update.objects.get()
    page = app.get(url(Update, "change", update.pk))
    shown = {f.opts.__class__.__name__ for f in page.context["inline_admin_formsets"]}
    assert shown == {i.__name__ for i in admin.site._registry[Update].inlines}


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_a_stale_save_is_refused_and_the_second_curator_keeps_their_text(app, model):
    record = model.objects.order_by("pk").first()
    first = change_form(app.get(url(model, "change", record.pk)), model)
    second = change_form(app.get(url(model, "change", record.pk)), model)
    name = editable_text_field(model, form_field_names(first))
    original = first[name].value
    first[name] = original + " (first)"
    assert first.submit("_save").status_code == 302

    second[name] = original + " (second)"
    refused = second.submit("_save")
    assert refused.status_code == 200
    assert f"Someone else changed this {model._meta.verbose_name}" in refused.text
    assert change_form(refused, model)[name].value == original + " (second)"
    record.refresh_from_db()
    assert getattr(record, name) == original + " (first)"


def edit_quote_elsewhere(app, quote_id, text):
    from items.models import Quote

    form = change_form(app.get(url(Quote, "change", quote_id)), Quote)
    form["text"] = text
    assert form.submit("_save").status_code == 302


def test_an_edited_inline_row_that_went_stale_is_refused(app):
    from items.models import Quote

    update = Update.objects.get()
    form = change_form(app.get(url(Update, "change", update.pk)), Update)
    quote_id = form["quotes-0-id"].value
    edit_quote_elsewhere(app, quote_id, "The other curator's quote.")

    # Only the quote row is stale: the update itself was not changed meanwhile.
    form["quotes-0-text"] = "My quote."
    refused = form.submit("_save")
    assert refused.status_code == 200
    # Said at the top of the page as well as beside the row.
    top = refused.html.select_one(".messagelist").get_text()
    assert "Quotes, row 1: Someone else changed this quote" in top
    assert Quote.objects.get(pk=quote_id).text == "The other curator's quote."


def test_a_stale_row_is_never_written_back_over_the_other_curators_change(app):
    # The page still holds the quote as it was; saving it would put the old text
    # back. So the row counts as changed, and its stale version refuses the save.
    from items.models import Quote

    update = Update.objects.get()
    form = change_form(app.get(url(Update, "change", update.pk)), Update)
    quote_id = form["quotes-0-id"].value
    edit_quote_elsewhere(app, quote_id, "The other curator's quote.")

    form["headline"] = "A new headline"
    refused = form.submit("_save")
    assert "Someone else changed this quote" in refused.text
    assert change_form(refused, Update)["headline"].value == "A new headline"
    assert Quote.objects.get(pk=quote_id).text == "The other curator's quote."


def merge(app, model, keep, duplicate):
    page = app.get(url(model, "changelist"))
    form = page.forms["changelist-form"]
    response = app.post(
        url(model, "changelist"),
        {
            "csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value,
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": keep.pk,
        },
    )
    assert response.status_code == 302


def test_saving_a_record_merged_away_meanwhile_is_refused_and_recreates_nothing(app):
    from .people.factories import PersonFactory

    girkin = Person.objects.get(slug="igor-girkin")
    duplicate = PersonFactory(name="I. Strelkov-Girkin")
    form = change_form(app.get(url(Person, "change", duplicate.pk)), Person)
    merge(app, Person, girkin, duplicate)

    form["description"] = "Written while the record was being merged."
    refused = form.submit("_save")
    assert refused.status_code == 200
    assert "was merged into" in refused.text
    link = refused.html.find("a", string="Igor Girkin")
    assert link["href"] == url(Person, "change", girkin.pk)
    # What the curator typed is still in the form, to copy over.
    assert change_form(refused, Person)["description"].value.startswith("Written")
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert not Person.objects.filter(name="I. Strelkov-Girkin").exists()


def test_opening_a_record_merged_away_leads_to_the_one_kept(app):
    from .people.factories import PersonFactory

    girkin = Person.objects.get(slug="igor-girkin")
    duplicate = PersonFactory(name="I. Strelkov-Girkin")
    merge(app, Person, girkin, duplicate)
    response = app.get(url(Person, "change", duplicate.pk)).follow()
    assert response.request.path == url(Person, "change", girkin.pk)
    assert "was merged into Igor Girkin" in response.text


def draft_with_an_open_proposal():
    from items.models import PersonMention
    from newsarchive.records import Method

    from .items.factories import PersonMentionFactory, UpdateFactory

    draft = UpdateFactory(status=Update.Status.DRAFT)
    PersonMentionFactory(update=draft, method=Method.IMPORTER, is_confirmed=False)
    assert PersonMention.objects.filter(update=draft, is_confirmed=False).exists()
    return draft


def test_the_publish_action_refuses_an_update_with_open_proposals(app):
    draft = draft_with_an_open_proposal()
    page = app.get(url(Update, "changelist"))
    form = page.forms["changelist-form"]
    form["action"] = "publish"
    form.get("_selected_action", index=0).checked = False
    for checkbox in form.fields["_selected_action"]:
        checkbox.checked = checkbox._value == str(draft.pk)
    shown = form.submit().follow()
    assert "1 proposal still to confirm or reject" in shown.text
    draft.refresh_from_db()
    assert draft.status == Update.Status.DRAFT


def test_an_open_alias_proposal_also_blocks_publishing(app):
    from items.services import check_publishable
    from newsarchive.records import Method

    from .items.factories import PersonMentionFactory, UpdateFactory
    from .people.factories import AliasFactory

    draft = UpdateFactory(status=Update.Status.DRAFT)
    mention = PersonMentionFactory(update=draft)
    AliasFactory(person=mention.person, method=Method.IMPORTER, is_confirmed=False)
    with pytest.raises(ValidationError, match="1 other names"):
        check_publishable(draft)


def test_the_status_field_refuses_to_publish_with_open_proposals(app):
    draft = draft_with_an_open_proposal()
    form = change_form(app.get(url(Update, "change", draft.pk)), Update)
    form["status"] = Update.Status.PUBLISHED
    form["headline"] = "Edited with the status"
    refused = form.submit("_save")
    assert refused.status_code == 200
    assert (
        "still to confirm or reject"
        in refused.context["adminform"].form.errors["status"][0]
    )
    assert change_form(refused, Update)["headline"].value == "Edited with the status"
    draft.refresh_from_db()
    assert draft.status == Update.Status.DRAFT


def test_the_favicon_is_served(client):
    from django.contrib.staticfiles import finders

    # The browser suite fails on any 404 in the console, this one included.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("newsarchive/favicon.svg")
    assert finders.find("newsarchive/favicon.svg")


def test_the_history_page_names_the_user_without_a_link_curators_cannot_open(
    django_app, demo
):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("create_curator", "--password-file", "/dev/null", stdout=None)
    curator = get_user_model().objects.get(username="curator")
    person = Person.objects.get(slug="ivan-fomin")
    form = change_form(
        django_app.get(url(Person, "change", person.pk), user=curator), Person
    )
    form["description"] = "Edited by a curator."
    form.submit("_save", user=curator)
    history = django_app.get(url(Person, "history", person.pk), user=curator)
    table = history.html.select_one("#change-history")
    assert "curator" in table.get_text()
    assert not table.select("a[href*='/auth/user/']")
    user_page = reverse("admin:auth_user_change", args=[curator.pk])
    assert (
        django_app.get(user_page, user=curator, expect_errors=True).status_code == 403
    )


def test_an_error_on_a_hidden_field_of_an_inline_row_is_shown(app):
    girkin = Person.objects.get(slug="igor-girkin")
    other = Person.objects.get(slug="ivan-fomin")
    form = change_form(app.get(url(Person, "change", girkin.pk)), Person)
    # A row whose hidden link names another person than the page's.
    form["aliases-0-person"].force_value(str(other.pk))
    form["aliases-0-name"] = "Strelok"
    refused = form.submit("_save")
    assert refused.status_code == 200
    shown = " ".join(e.get_text() for e in refused.html.select(".errorlist"))
    assert "did not match the parent instance" in shown
