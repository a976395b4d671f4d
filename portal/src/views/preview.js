// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A branding preview from the desktop.

import {api} from '../api.js';
import {applyBrand} from '../branding.js';
import {el, main, show, toast} from '../dom.js';
import {t} from '../i18n.js';
import {state} from '../state.js';

import {signInView} from './signin.js';

// A short-lived link from the desktop's branding dialog: the real portal with unsaved colours,
// logo and welcome text.
export async function previewView(token)
{
    let preview;
    try {
        preview = await api('POST', '/api/v1/portal/brand-preview', {token});
    } catch {
        show(t('preview.title'), el('h1', {text : t('preview.ended')}), el('p', {text : t('preview.endedText')}));
        return;
    }
    state.organisation = Object.assign({}, state.organisation, preview.organisation);
    applyBrand(state.organisation, preview.stylesheet_url);
    const banner = document.getElementById('banner');
    banner.textContent = t('preview.banner');
    banner.hidden = false;
    signInView();
    // Controls keep their real look; only sending is off.
    main().addEventListener('submit', (event) => {
        event.preventDefault();
        event.stopPropagation();
        toast(t('preview.off'));
    }, true);
}
