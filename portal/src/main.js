// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The client portal: one page served at every /p/<slug>/… address; this module reads the address
// and draws the view. What a client may see or do is decided by the server's permission function;
// the `can` flags only choose which controls to draw, and the server checks every request again.

import {api} from './api.js';
import {applyBrand} from './branding.js';
import {el, main, show} from './dom.js';
import {errorText, t} from './i18n.js';
import {useLanguage} from './language.js';
import {go, parseLocation, returnTarget, takeFragmentToken, takesToken, tokenFromHash} from './router.js';
import {renderAccount} from './session.js';
import {state} from './state.js';
import {accountView} from './views/account.js';
import {emailView} from './views/email.js';
import {inviteView} from './views/invite.js';
import {resetView} from './views/password.js';
import {signoffLinkView} from './views/signofflink.js';
import {previewView} from './views/preview.js';
import {projectView} from './views/project.js';
import {projectsView} from './views/projects.js';
import {forgotView, linkRequestView, signInLinkView, signInView} from './views/signin.js';

async function start()
{
    const {view, id} = parseLocation();
    // Tokens leave the address bar first, before any request is made.
    const token = takesToken(view) ? takeFragmentToken() : '';
    // The browser's languages until the contact's preference is known (/me).
    useLanguage('');
    if (!state.slug) {
        show(t('main.notFound'), el('h1', {text : t('main.noPortal')}));
        return;
    }
    try {
        state.organisation =
            (await api('GET', `/api/v1/portal/organisations/${encodeURIComponent(state.slug)}`)).organisation;
    } catch (e) {
        show(t('main.notFound'), el('h1', {text : e.status === 404 ? t('main.noPortal') : t('main.unreachable')}),
            el('p', {text : errorText(e)}));
        return;
    }
    applyBrand(state.organisation);
    if (view === 'preview') {
        previewView(token);
        return;
    }
    // An invitation or a reset link works while the portal is still closed; the projects wait.
    if (view === 'invite') {
        inviteView(token);
        return;
    }
    if (view === 'reset') {
        resetView(token);
        return;
    }
    // A sign-off's personal link works without an account, whether the portal is open or not.
    if (view === 's') {
        signoffLinkView(token);
        return;
    }
    // A notification mail's settings link works without signing in, open portal or not.
    if (view === 'email') {
        emailView(token);
        return;
    }
    if (!state.organisation.portal_enabled) {
        show(t('main.closed'), el('h1', {text : t('main.closedHeading', {organisation : state.organisation.name})}),
            el('p', {text : t('main.closedText', {organisation : state.organisation.name})}));
        return;
    }
    try {
        const me = await api('GET', '/api/v1/portal/me');
        // A session of another organisation's portal does not count here.
        if (me.organisation && me.organisation.slug === state.slug) {
            state.contact = me.contact;
            state.csrf = me.csrf;
            state.secondFactorRequiredBy = me.second_factor_required_by || '';
            useLanguage(me.contact.language || '');
        }
    } catch (e) {
        if (e.status !== 401) {
            show(t('main.unavailable'), el('h1', {text : t('main.unreachable')}), el('p', {text : errorText(e)}));
            return;
        }
    }
    renderAccount();
    if (view === 'forgot') {
        forgotView();
        return;
    }
    // A sign-in link from an e-mail (with its token), or the form that asks for one.
    if (view === 'link') {
        if (token)
            signInLinkView(token);
        else
            linkRequestView();
        return;
    }
    if (!state.contact) {
        // A deep link (a mail's "Review" button) opened while signed out comes back after sign-in.
        signInView(undefined, returnTarget(state.base, location.pathname, location.hash));
        return;
    }
    if (view === 'projects' && id)
        projectView(decodeURIComponent(id));
    else if (view === 'account')
        accountView();
    else if (view === 'signin')
        go('/');
    else
        projectsView();
}

// A link with a token opened over the same page (a mail's link into a tab already on it) changes
// only the fragment: start again, so the token is used.
window.addEventListener('hashchange', () => {
    if (takesToken(parseLocation().view) && tokenFromHash(location.hash))
        location.reload();
});

document.addEventListener('DOMContentLoaded', () => {
    // The skip link moves focus without putting "#main" into the address (where a token lives).
    document.querySelector('.skip-link').addEventListener('click', (event) => {
        event.preventDefault();
        main().focus();
    });
    start();
});
