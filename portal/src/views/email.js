// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// How often notification e-mail comes: the page every such mail links to. The link's token (in the
// fragment, so never in a server log) names the recipient; no sign-in is needed, and all the page
// can do is read and set that one choice.

import {api} from '../api.js';
import {alertBox, el, show} from '../dom.js';

export const mailModes = [
    {value : 'immediate', label : 'As things happen', hint : 'At most one e-mail every few minutes, gathering what happened.'},
    {value : 'daily', label : 'Once a day', hint : 'One e-mail a day at most, with everything since the last one.'},
    {value : 'off', label : 'Never', hint : 'No more of these e-mails. Invitations and password links still come.'},
];

// The three choices as radio buttons named `name`, `current` checked, under `legend`.
export function mailChoices(name, current, legend)
{
    return el('fieldset', {class : 'choices'}, el('legend', {text : legend}), mailModes.map((mode) => {
        const id = `${name}-${mode.value}`;
        return el('div', {class : 'choice'},
            el('input', {type : 'radio', name, id, value : mode.value, checked : current === mode.value,
                         'aria-describedby' : `${id}-hint`}),
            el('label', {for: id}, el('span', {class : 'choice__label', text : mode.label}),
                el('span', {class : 'hint muted', id : `${id}-hint`, text : mode.hint})));
    }));
}

function incomplete()
{
    show('Link incomplete', el('h1', {text : 'This link is incomplete'}),
        el('p', {text : 'Open the link from the newest e-mail again.'}));
}

export async function emailView(token)
{
    if (!token) {
        incomplete();
        return;
    }
    let subscription;
    try {
        subscription = await api('POST', '/api/v1/mail/preferences', {token});
    } catch (e) {
        show('Link not valid', el('h1', {text : 'This link does not work any more'}), el('p', {text : e.message}));
        return;
    }
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Save');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const chosen = form.querySelector('input[name="mail"]:checked');
            if (!chosen)
                return;
            submit.disabled = true;
            try {
                const saved = await api('POST', '/api/v1/mail/preferences', {token, mode : chosen.value});
                const label = mailModes.find((m) => m.value === saved.mode).label.toLowerCase();
                message.append(alertBox(saved.mode === 'off' ? 'Saved. These e-mails stop now.'
                                                             : `Saved. E-mails come ${label}.`,
                    true));
            } catch (e) {
                message.append(alertBox(e.message));
            }
            submit.disabled = false;
        }
    },
        mailChoices('mail', subscription.mode, 'Send me e-mails about new activity'), message,
        el('div', {class : 'actions'}, submit));
    show('E-mail settings', el('h1', {text : `E-mail from ${subscription.organisation}`}),
        el('p', {}, 'For ', el('strong', {text : subscription.email}), '.'), form);
}
