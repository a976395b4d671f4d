// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The portal's words in the reader's language: one catalogue per language (src/i18n/<lang>.js,
// English the source), `t(key, params)` to look one up, and the choice of language (the contact's
// preference, then the browser's languages, then English). Pure apart from setLanguage(), which
// also sets <html lang>; Node's test runner imports it (test/i18n.test.mjs).

import de from './i18n/de.js';
import en from './i18n/en.js';

export const catalogues = {en, de};
export const languages = Object.keys(catalogues);

let current = 'en';
let currentLocale = 'en';

// The language to show: `preference` ('en', 'de', or '' for automatic) when it is one we have,
// else the first of the browser's languages (navigator.languages, "de-AT" counts as "de") we have,
// else English.
export function chooseLanguage(preference, browserLanguages)
{
    if (languages.includes(preference))
        return preference;
    for (const tag of browserLanguages || []) {
        const lang = String(tag).toLowerCase().split('-')[0];
        if (languages.includes(lang))
            return lang;
    }
    return 'en';
}

// The locale for dates and numbers: the browser's own variant of the language when it has one
// ("en-GB", "de-AT"), else the language itself.
export function localeFor(lang, browserLanguages)
{
    const variant = (browserLanguages || []).find((tag) => String(tag).toLowerCase().split('-')[0] === lang);
    return variant || lang;
}

export function setLanguage(lang, browserLanguages)
{
    current = languages.includes(lang) ? lang : 'en';
    currentLocale = localeFor(current, browserLanguages);
    if (typeof document !== 'undefined')
        document.documentElement.lang = current;
}

export const language = () => current;
export const locale = () => currentLocale;

// One entry's text in `lang`: a string, or {one, other, …} chosen by Intl.PluralRules on
// `params.count`; {name} placeholders take `params.name`, numbers in the locale's digits.
export function translate(lang, key, params = {})
{
    const catalogue = catalogues[lang] || en;
    let entry = key in catalogue ? catalogue[key] : en[key];
    if (entry === undefined)
        return key;
    if (typeof entry === 'object') {
        const category = new Intl.PluralRules(lang).select(Number(params.count) || 0);
        entry = entry[category] !== undefined ? entry[category] : entry.other;
    }
    return entry.replace(/\{(\w+)\}/g, (whole, name) => {
        if (!(name in params))
            return whole;
        const value = params[name];
        return typeof value === 'number' ? new Intl.NumberFormat(lang === current ? currentLocale : lang).format(value)
                                         : String(value);
    });
}

export function t(key, params)
{
    return translate(current, key, params);
}

// What a client reads when the server refused. The server words its messages in English, often
// more precisely than a code can say: English shows them as they are; another language shows the
// catalogue's words for the code ("error.<code>") where it has some, else the server's message.
export function errorText(error)
{
    const message = (error && error.message) || '';
    const key = `error.${error && error.code}`;
    if (message && current === 'en')
        return message;
    if (key in en)
        return t(key);
    return message || t('error.generic');
}
