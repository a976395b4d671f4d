// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A sign-off opened from its personal link in an e-mail (/p/<slug>/s#<token>): the same card as in
// the portal, in the organisation's branding, for someone who may have no portal account. The token
// (in the fragment, so never in a server log) is exchanged once for a cookie that only this
// sign-off's routes receive; the page can show and answer that one sign-off and nothing else.

import {api} from '../api.js';
import {el, show} from '../dom.js';
import {errorText, t} from '../i18n.js';
import {signoffCard} from '../signoffcard.js';

export async function signoffLinkView(token)
{
    if (!token) {
        show(t('link.incompleteTitle'), el('h1', {text : t('link.incomplete')}), el('p', {text : t('link.openNewest')}));
        return;
    }
    let opened;
    try {
        opened = await api('POST', '/api/v1/portal/link/open', {token});
    } catch (e) {
        show(t('link.notValidTitle'), el('h1', {text : t('link.notValid')}),
            el('p', {text : e.status === 404 ? errorText(e) : t('signofflink.retry')}),
            el('p', {text : t('signofflink.newest')}));
        return;
    }
    const s = opened.signoff;
    const base = `/api/v1/portal/link/signoffs/${encodeURIComponent(s.id)}`;
    show(s.title, el('p', {class : 'muted', text : opened.project ? opened.project.name : ''}),
        el('h1', {text : t('signofflink.heading')}), signoffCard(s, base),
        el('p', {class : 'muted hint',
                 text : t('signofflink.personal')}));
}
