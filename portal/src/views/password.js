// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Choosing a password: the fields (shared with the invitation page) and the reset link's page.

import {api} from '../api.js';
import {el, field, show} from '../dom.js';
import {actionForm, sayFailure} from '../form.js';
import {t} from '../i18n.js';
import {state} from '../state.js';

export function newPasswordFields(label = t('signin.password'))
{
    const password = el('input',
        {type : 'password', name : 'new-password', autocomplete : 'new-password', minlength : 10, required : true});
    const repeat =
        el('input', {type : 'password', name : 'repeat-password', autocomplete : 'new-password', required : true});
    return {
        password,
        repeat,
        fields : [ field(label, password, t('password.atLeast')), field(t('password.repeat'), repeat) ],
        problem() {
            if (password.value.length < 10)
                return t('password.tooShort');
            if (password.value !== repeat.value)
                return t('password.differ');
            return '';
        },
    };
}

export function resetView(token)
{
    if (!token) {
        show(t('link.incompleteTitle'), el('h1', {text : t('link.incomplete')}),
            el('p', {}, t('password.openAgain'), el('a', {href : `${state.base}/forgot`}, t('password.askNew')), '.'));
        return;
    }
    const pw = newPasswordFields();
    const form = actionForm({
        label : t('password.save'),
        check : () => pw.problem(),
        send : async () => {
            await api('POST', '/api/v1/portal/password/reset', {token, password : pw.password.value});
            show(t('password.changedTitle'), el('h1', {text : t('password.changed')}),
                el('p', {text : t('password.signedOut')}),
                el('a', {class : 'button', href : `${state.base}/signin`}, t('signin.title')));
        },
        failed : sayFailure,
        leaves : true,
    },
        ...pw.fields);
    show(t('password.newTitle'), el('h1', {text : t('signin.chooseNew')}), form);
}
