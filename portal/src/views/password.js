// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Choosing a password: the fields (shared with the invitation page) and the reset link's page.

import {api} from '../api.js';
import {alertBox, el, field, show} from '../dom.js';
import {state} from '../state.js';

export function newPasswordFields(label = 'Password')
{
    const password = el('input',
        {type : 'password', name : 'new-password', autocomplete : 'new-password', minlength : 10, required : true});
    const repeat =
        el('input', {type : 'password', name : 'repeat-password', autocomplete : 'new-password', required : true});
    return {
        password,
        repeat,
        fields : [ field(label, password, 'At least 10 characters.'), field('Repeat the password', repeat) ],
        problem() {
            if (password.value.length < 10)
                return 'Choose a password of at least 10 characters.';
            if (password.value !== repeat.value)
                return 'The two passwords differ.';
            return '';
        },
    };
}

export function resetView(token)
{
    if (!token) {
        show('Link incomplete', el('h1', {text : 'This link is incomplete'}),
            el('p', {}, 'Open the link from the e-mail again, or ',
                el('a', {href : `${state.base}/forgot`}, 'ask for a new one'), '.'));
        return;
    }
    const pw = newPasswordFields();
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Save the new password');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const problem = pw.problem();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/password/reset', {token, password : pw.password.value});
                show('Password changed', el('h1', {text : 'Your password is changed'}),
                    el('p', {text : 'You were signed out everywhere. Sign in with the new password.'}),
                    el('a', {class : 'button', href : `${state.base}/signin`}, 'Sign in'));
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }
    },
        ...pw.fields, message, el('div', {class : 'actions'}, submit));
    show('New password', el('h1', {text : 'Choose a new password'}), form);
}
