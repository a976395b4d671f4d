// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The catalogues stay complete: every language has the keys of English and, per key, the same
// placeholders and plural forms; every t('…') key in the portal's sources is in English.

import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {catalogues, chooseLanguage, errorText, localeFor, setLanguage, t, translate} from '../src/i18n.js';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
const en = catalogues.en;

function placeholders(entry)
{
    const texts = typeof entry === 'object' ? Object.values(entry) : [ entry ];
    return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g) ].map((m) => m[1]))) ].sort();
}

function sources(dir)
{
    return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory())
            return name === 'i18n' ? [] : sources(full);
        return name.endsWith('.js') ? [ full ] : [];
    });
}

for (const [lang, catalogue] of Object.entries(catalogues)) {
    test(`${lang}: the keys of English, no more, no fewer`, () => {
        assert.deepEqual(Object.keys(catalogue).filter((k) => !(k in en)), [], 'keys English does not have');
        assert.deepEqual(Object.keys(en).filter((k) => !(k in catalogue)), [], 'keys missing');
    });

    test(`${lang}: each entry has English's placeholders and the plural forms of its language`, () => {
        const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
        for (const [key, entry] of Object.entries(catalogue)) {
            assert.ok(typeof entry === 'string' || typeof entry === 'object', key);
            assert.notEqual(typeof entry === 'string' ? entry.trim() : 'x', '', `${key} is empty`);
            assert.equal(typeof entry, typeof en[key], `${key}: plural in one language only`);
            assert.deepEqual(placeholders(entry), placeholders(en[key]), `${key}: placeholders`);
            if (typeof entry === 'object')
                for (const category of categories)
                    assert.ok(category in entry || 'other' in entry, `${key}: no "${category}"`);
        }
    });
}

test('every key the sources look up is in English', () => {
    const missing = [];
    let found = 0;
    for (const file of sources(src)) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) {
            ++found;
            if (!(m[1] in en))
                missing.push(`${path.relative(src, file)}: ${m[1]}`);
        }
        // A key passed on as a string must be one too ('signoff.approvedBy' built from parts is not
        // allowed: write each key out).
        assert.doesNotMatch(text, /\bt\(\s*`/, `${path.relative(src, file)} builds a key`);
    }
    assert.ok(found > 200, `only ${found} look-ups found`);
    assert.deepEqual(missing, []);
});

test('the language: the preference, else the browser\'s first we have, else English', () => {
    assert.equal(chooseLanguage('de', [ 'en-US' ]), 'de');
    assert.equal(chooseLanguage('en', [ 'de-DE' ]), 'en');
    assert.equal(chooseLanguage('', [ 'fr-FR', 'de-AT', 'en' ]), 'de');
    assert.equal(chooseLanguage('', [ 'fr-FR' ]), 'en');
    assert.equal(chooseLanguage('xx', undefined), 'en');
    assert.equal(localeFor('de', [ 'fr', 'de-AT' ]), 'de-AT');
    assert.equal(localeFor('de', [ 'en-GB' ]), 'de');
});

test('plurals and numbers in the language', () => {
    assert.equal(translate('en', 'projects.tasks', {count : 1}), '1 task');
    assert.equal(translate('en', 'projects.tasks', {count : 3}), '3 tasks');
    assert.equal(translate('de', 'projects.tasks', {count : 1}), '1 Aufgabe');
    assert.equal(translate('de', 'projects.files', {count : 1200}), '1.200 Dateien');
    assert.equal(translate('de', 'no.such.key'), 'no.such.key');
});

test('a refusal: the server\'s words in English, the catalogue\'s by code in German', () => {
    const refused = {code : 'invalid_credentials', message : 'The e-mail address or password is not correct.'};
    setLanguage('en');
    assert.equal(errorText(refused), refused.message);
    setLanguage('de');
    assert.equal(errorText(refused), 'E-Mail-Adresse oder Passwort ist nicht richtig.');
    assert.equal(errorText({code : 'odd', message : 'As it came.'}), 'As it came.');
    assert.equal(t('badge.new'), 'Neu');
    setLanguage('en');
});
