// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A sign-off opened from its personal link in an e-mail (/p/<slug>/s#<token>): the same card as in
// the portal, in the organisation's branding, for someone who may have no portal account. The token
// (in the fragment, so never in a server log) is exchanged once for a cookie that only this
// sign-off's routes receive; the page can show and answer that one sign-off and nothing else.

import {api} from '../api.js';
import {el, show} from '../dom.js';
import {signoffCard} from '../signoffcard.js';

export async function signoffLinkView(token)
{
    if (!token) {
        show('Link incomplete', el('h1', {text : 'This link is incomplete'}),
            el('p', {text : 'Open the link from the newest e-mail again.'}));
        return;
    }
    let opened;
    try {
        opened = await api('POST', '/api/v1/portal/link/open', {token});
    } catch (e) {
        show('Link not valid', el('h1', {text : 'This link does not work any more'}),
            el('p', {text : e.status === 404 ? e.message : 'The portal cannot be reached. Try again in a moment.'}),
            el('p', {text : 'The newest e-mail about this sign-off has a link that works.'}));
        return;
    }
    const s = opened.signoff;
    const base = `/api/v1/portal/link/signoffs/${encodeURIComponent(s.id)}`;
    show(s.title, el('p', {class : 'muted', text : opened.project ? opened.project.name : ''}),
        el('h1', {text : 'Sign-off'}), signoffCard(s, base),
        el('p', {class : 'muted hint',
                 text : 'This page was opened from a personal link. Your answer is recorded with the time and your ' +
                     'network address.'}));
}
