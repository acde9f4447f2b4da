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
