'use strict';
// Text areas marked "grows" fit their text: a one-line quote takes one line, a
// long body the height it needs, as it is typed into. Rows added by "Add
// another" grow too, since the listener sits on the document.
{
    const fit = (area) => {
        area.style.height = 'auto';
        area.style.height = `${area.scrollHeight + 2}px`;
    };
    const fitAll = (root) => root.querySelectorAll('textarea.grows').forEach(fit);
    document.addEventListener('input', (event) => {
        if (event.target.matches('textarea.grows')) {
            fit(event.target);
        }
    });
    document.addEventListener('formset:added', (event) => fitAll(event.target));
    window.addEventListener('DOMContentLoaded', () => fitAll(document));
}

// The place filter's autocomplete box: choosing a place reloads the list with
// that place's id, clearing it shows every place again (templates/admin/
// place_filter.html). select2 reports a choice through jQuery, not the DOM.
window.addEventListener('DOMContentLoaded', () => {
    if (!window.django || !django.jQuery) {
        return;
    }
    django.jQuery('.place-filter-select').on('change', (event) => {
        const select = event.target;
        const params = new URLSearchParams(window.location.search);
        params.delete('p');
        if (select.value) {
            params.set(select.dataset.parameter, select.value);
        } else {
            params.delete(select.dataset.parameter);
        }
        window.location.search = params.toString();
    });
});

// The importer's review page: one box ticks or clears every open proposal.
window.addEventListener('DOMContentLoaded', () => {
    const all = document.getElementById('select-all-proposals');
    if (all) {
        all.addEventListener('change', () => {
            document.querySelectorAll('input[name=proposal]').forEach((box) => {
                box.checked = all.checked;
            });
        });
    }
});
