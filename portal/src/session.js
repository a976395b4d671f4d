// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in contact: the account menu, signing out, and what happens when a session ends.

import {api, ApiError} from './api.js';
import {alertBox, el, toast} from './dom.js';
import {go, returnTarget} from './router.js';
import {state} from './state.js';
import {signInView} from './views/signin.js';

// A session that ended (signed out elsewhere, access revoked, expired) takes the client back to
// the sign-in page with a word on why.
export function handleFailure(error, where)
{
    if (error instanceof ApiError && error.status === 401) {
        state.contact = null;
        state.csrf = '';
        renderAccount();
        signInView('Your session has ended. Please sign in again.',
            returnTarget(state.base, location.pathname, location.hash));
        return true;
    }
    if (where)
        where.replaceChildren(alertBox(error.message));
    else
        toast(error.message);
    return false;
}

export function renderAccount()
{
    const nav = document.getElementById('account');
    nav.replaceChildren();
    if (!state.contact)
        return;
    nav.append(el('a', {class : 'account__name', href : `${state.base}/account`, title : 'Your account'},
                   state.contact.name || state.contact.email),
        el('button', {class : 'button button--small', type : 'button', onclick : signOut}, 'Sign out'));
}

export async function signOut()
{
    try {
        await api('POST', '/api/v1/portal/logout', {});
    } catch {
        // Signed out either way: the cookie is gone or no longer valid.
    }
    state.contact = null;
    state.csrf = '';
    go('/signin');
}
