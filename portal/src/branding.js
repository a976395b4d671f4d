// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The organisation's look: its colours (brand.css, or a preview's), name, logo and favicon.

import {el} from './dom.js';
import {t} from './i18n.js';
import {state} from './state.js';

export function applyBrand(organisation, stylesheetUrl)
{
    let link = document.getElementById('brand-css');
    if (!link) {
        link = el('link', {rel : 'stylesheet', id : 'brand-css'});
        document.head.append(link);
    }
    link.href = stylesheetUrl || `${state.base}/brand.css`;
    if (!organisation)
        return;
    document.getElementById('brand-name').textContent = organisation.name;
    document.getElementById('brand-home').href = `${state.base}/`;
    const logo = document.getElementById('brand-logo');
    if (organisation.logo_url) {
        logo.src = organisation.logo_url;
        logo.alt = t('brand.logo', {name : organisation.name});
        logo.hidden = false;
        // The favicon derives from the logo.
        document.getElementById('favicon').href = organisation.logo_url;
    } else {
        logo.hidden = true;
    }
}
