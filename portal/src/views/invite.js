// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// An invitation: what it is for (or why it no longer works) and signing up with it.

import {api} from '../api.js';
import {alertBox, el, field, show} from '../dom.js';
import {go} from '../router.js';
import {state} from '../state.js';

import {newPasswordFields} from './password.js';

export async function inviteView(token)
{
    if (!token) {
        show('Invitation incomplete', el('h1', {text : 'This invitation link is incomplete'}), el('p', {
            text : 'Open the link from your invitation again. If it still does not work, ask your ' +
                `contact at ${state.organisation.name} for a new invitation.`
        }));
        return;
    }
    let invite;
    try {
        invite = await api('POST', '/api/v1/portal/invites/check', {token});
    } catch (e) {
        // Expired, used, revoked or unknown: a page that says so and whom to ask.
        const titles = {
            invite_expired : 'This invitation has expired',
            invite_used : 'This invitation was already used',
            invite_revoked : 'This invitation was withdrawn',
            invite_wrong_address : 'This invitation is for another address',
            account_exists : 'You have an account already',
        };
        const used = e.code === 'invite_used' || e.code === 'account_exists';
        show('Invitation', el('h1', {text : titles[e.code] || 'This invitation cannot be used'}),
            el('p', {text : e.message}),
            used ? el('p', {}, 'If you already signed up, ', el('a', {href : `${state.base}/signin`}, 'sign in'), '.')
                 : null);
        return;
    }
    const name = el('input',
        {type : 'text', name : 'name', autocomplete : 'name', required : true, value : invite.contact.name || ''});
    const pw = newPasswordFields();
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Create my account');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const problem = !name.value.trim() ? 'Enter your name.' : pw.problem();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/invites/accept',
                    {token, name : name.value.trim(), password : pw.password.value});
                go('/');
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }
    },
        field('Your name', name),
        el('div', {class : 'field'}, el('span', {class : 'field__label', text : 'E-mail address'}),
            el('span', {text : invite.contact.email})),
        ...pw.fields, message, el('div', {class : 'actions'}, submit));
    show('Accept invitation', el('h1', {text : `${invite.organisation.name} invites you to its client portal`}),
        state.organisation.welcome_text ? el('p', {class : 'welcome', text : state.organisation.welcome_text}) : null,
        el('p', {text : 'Choose your password to see the projects, files and sign-offs shared with you.'}), form);
}
