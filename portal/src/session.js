// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in contact: the account menu, signing out, what happens when a session ends, and the
// notice under the header while the organisation asks for two-factor sign-in to be set up.

import {api, ApiError} from './api.js';
import {alertBox, el, toast} from './dom.js';
import {formatDayOf} from './format.js';
import {errorText, t} from './i18n.js';
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
        signInView(t('session.ended'),
            returnTarget(state.base, location.pathname, location.hash));
        return true;
    }
    if (where)
        where.replaceChildren(alertBox(errorText(error)));
    else
        toast(errorText(error));
    return false;
}

export function renderAccount()
{
    renderNotice();
    const nav = document.getElementById('account');
    nav.replaceChildren();
    if (!state.contact)
        return;
    nav.append(el('a', {class : 'account__name', href : `${state.base}/account`, title : t('session.yourAccount')},
                   state.contact.name || state.contact.email),
        el('button', {class : 'button button--small', type : 'button', onclick : signOut}, t('session.signOut')));
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

// Required by the organisation and not set up yet: until when, and a link to the account page's
// section. It goes once it is set up (views/account.js clears the state).
function renderNotice()
{
    const notice = document.getElementById('notice');
    const by = state.contact ? state.secondFactorRequiredBy : '';
    notice.hidden = !by;
    if (!by) {
        notice.replaceChildren();
        return;
    }
    const org = state.organisation.name;
    // A session can outlive the deadline; the next sign-in then asks for it.
    const text = Date.parse(by) > Date.now()
        ? t('session.secondFactorBy', {organisation : org, date : formatDayOf(by)})
        : t('session.secondFactorNow', {organisation : org});
    const link = el('a', {href : `${state.base}/account#second-factor`, id : 'notice-second-factor'}, t('session.setUpNow'));
    link.addEventListener('click', (event) => {
        // Already on the account page: no new page, just the section.
        if (revealSecondFactor())
            event.preventDefault();
    });
    notice.replaceChildren(el('p', {class : 'notice__inner'}, text, ' ', link));
}

// Scrolls to the account page's two-factor section and focuses its first control; false when this
// is not the account page.
export function revealSecondFactor()
{
    const body = document.getElementById('second-factor');
    if (!body)
        return false;
    body.closest('section').scrollIntoView({block : 'start'});
    const control = body.querySelector('button, input');
    if (control)
        control.focus({preventScroll : true});
    return true;
}
