// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The language the portal is shown in (the choice itself is i18n.js's, pure), applied to the page.

import {chooseLanguage, setLanguage, t} from './i18n.js';
import {state} from './state.js';

// The portal's language: the contact's `preference` ('' for automatic), else the browser's. The
// page's own words (index.html) follow it.
export function useLanguage(preference)
{
    const browser = navigator.languages && navigator.languages.length ? navigator.languages : [ navigator.language ];
    setLanguage(chooseLanguage(preference, browser), browser);
    document.querySelector('.skip-link').textContent = t('page.skipLink');
    document.getElementById('account').setAttribute('aria-label', t('page.accountNav'));
    const loading = document.getElementById('loading');
    if (loading)
        loading.textContent = t('page.loading');
    if (!state.organisation)
        document.getElementById('brand-name').textContent = t('page.clientPortal');
}
