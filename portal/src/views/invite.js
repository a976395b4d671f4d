// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// An invitation: what it is for (or why it no longer works) and signing up with it.

import {api} from '../api.js';
import {el, field, show} from '../dom.js';
import {actionForm, sayFailure} from '../form.js';
import {errorText, t} from '../i18n.js';
import {go} from '../router.js';
import {state} from '../state.js';

import {newPasswordFields} from './password.js';

export async function inviteView(token)
{
    if (!token) {
        show(t('invite.incompleteTitle'), el('h1', {text : t('invite.incomplete')}),
            el('p', {text : t('invite.incompleteText', {organisation : state.organisation.name})}));
        return;
    }
    let invite;
    try {
        invite = await api('POST', '/api/v1/portal/invites/check', {token});
    } catch (e) {
        // Expired, used, revoked or unknown: a page that says so and whom to ask.
        const titles = {
            invite_expired : t('invite.expired'),
            invite_used : t('invite.used'),
            invite_revoked : t('invite.revoked'),
            invite_wrong_address : t('invite.wrongAddress'),
            account_exists : t('invite.accountExists'),
        };
        const used = e.code === 'invite_used' || e.code === 'account_exists';
        show(t('invite.title'), el('h1', {text : titles[e.code] || t('invite.cannotUse')}), el('p', {text : errorText(e)}),
            used ? el('p', {}, t('invite.alreadySignedUp'), el('a', {href : `${state.base}/signin`}, t('invite.signIn')), '.')
                 : null);
        return;
    }
    const name = el('input',
        {type : 'text', name : 'name', autocomplete : 'name', required : true, value : invite.contact.name || ''});
    const pw = newPasswordFields();
    const form = actionForm({
        label : t('invite.create'),
        check : () => (!name.value.trim() ? t('account.enterName') : pw.problem()),
        send : async () => {
            await api('POST', '/api/v1/portal/invites/accept',
                {token, name : name.value.trim(), password : pw.password.value});
            go('/');
        },
        failed : sayFailure,
        leaves : true,
    },
        field(t('invite.yourName'), name),
        el('div', {class : 'field'}, el('span', {class : 'field__label', text : t('signin.email')}),
            el('span', {text : invite.contact.email})),
        ...pw.fields);
    show(t('invite.acceptTitle'), el('h1', {text : t('invite.heading', {organisation : invite.organisation.name})}),
        state.organisation.welcome_text ? el('p', {class : 'welcome', text : state.organisation.welcome_text}) : null,
        el('p', {text : t('invite.choose')}), form);
}
