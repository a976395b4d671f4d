// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// How often notification e-mail comes: the page every such mail links to. The link's token (in the
// fragment, so never in a server log) names the recipient; no sign-in is needed, and all the page
// can do is read and set that one choice.

import {api} from '../api.js';
import {alertBox, el, show} from '../dom.js';
import {actionForm, sayFailure} from '../form.js';
import {errorText, t} from '../i18n.js';

export const mailModes = [
    {value : 'immediate', label : () => t('mail.immediate'), hint : () => t('mail.immediateHint')},
    {value : 'daily', label : () => t('mail.daily'), hint : () => t('mail.dailyHint')},
    {value : 'off', label : () => t('mail.off'), hint : () => t('mail.offHint')},
];

// The three choices as radio buttons named `name`, `current` checked, under `legend`.
export function mailChoices(name, current, legend)
{
    return el('fieldset', {class : 'choices'}, el('legend', {text : legend}), mailModes.map((mode) => {
        const id = `${name}-${mode.value}`;
        return el('div', {class : 'choice'},
            el('input', {type : 'radio', name, id, value : mode.value, checked : current === mode.value,
                         'aria-describedby' : `${id}-hint`}),
            el('label', {for: id}, el('span', {class : 'choice__label', text : mode.label()}),
                el('span', {class : 'hint muted', id : `${id}-hint`, text : mode.hint()})));
    }));
}

function incomplete()
{
    show(t('link.incompleteTitle'), el('h1', {text : t('link.incomplete')}), el('p', {text : t('link.openNewest')}));
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
        show(t('link.notValidTitle'), el('h1', {text : t('link.notValid')}), el('p', {text : errorText(e)}));
        return;
    }
    const form = actionForm({
        label : t('account.save'),
        send : async ({form, message}) => {
            const chosen = form.querySelector('input[name="mail"]:checked');
            if (!chosen)
                return;
            const saved = await api('POST', '/api/v1/mail/preferences', {token, mode : chosen.value});
            const said = {off : 'mail.stopped', daily : 'mail.savedDaily'}[saved.mode] || 'mail.savedImmediate';
            message.append(alertBox(t(said), true));
        },
        failed : sayFailure,
    },
        mailChoices('mail', subscription.mode, t('mail.legend')));
    show(t('mail.title'), el('h1', {text : t('mail.heading', {organisation : subscription.organisation})}),
        el('p', {}, t('mail.for'), el('strong', {text : subscription.email}), '.'), form);
}
