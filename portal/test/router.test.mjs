// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {parsePath, returnTarget, takesToken, tokenFromHash} from '../src/router.js';

test('an address names the portal, the view and an id', () => {
    assert.deepEqual(parsePath('/p/northwind/projects/7f0c'),
        {slug: 'northwind', base: '/p/northwind', view: 'projects', id: '7f0c'});
    assert.deepEqual(parsePath('/p/northwind/'), {slug: 'northwind', base: '/p/northwind', view: '', id: ''});
    assert.deepEqual(parsePath('/p/northwind'), {slug: 'northwind', base: '/p/northwind', view: '', id: ''});
    assert.equal(parsePath('/p/northwind/signin').view, 'signin');
});

test('an address outside /p/<slug> names no portal', () => {
    assert.equal(parsePath('/').slug, '');
    assert.equal(parsePath('/x/northwind').slug, '');
    assert.equal(parsePath('/p/').slug, '');
});

test('a slug is decoded, and encoded again in the base', () => {
    const parsed = parsePath('/p/a%20b/');
    assert.equal(parsed.slug, 'a b');
    assert.equal(parsed.base, '/p/a%20b');
});

test('only invitation, reset, preview and e-mail settings links carry a token', () => {
    for (const view of ['invite', 'reset', 'preview', 'email'])
        assert.equal(takesToken(view), true, view);
    for (const view of ['', 'signin', 'forgot', 'projects'])
        assert.equal(takesToken(view), false, view);
});

test('the token is the whole fragment, decoded', () => {
    assert.equal(tokenFromHash('#inv_abc'), 'inv_abc');
    assert.equal(tokenFromHash('#a%2Bb'), 'a+b');
    assert.equal(tokenFromHash(''), '');
    assert.equal(tokenFromHash(undefined), '');
});

test('after sign-in: back to the page asked for, only within this portal', () => {
    const id = '0d4e5c1a-1111-4222-8333-944455556666';
    assert.equal(returnTarget('/p/acme', `/p/acme/projects/${id}`, `#task-${id}`), `/p/acme/projects/${id}#task-${id}`);
    assert.equal(returnTarget('/p/acme', `/p/acme/projects/${id}`, '#somewhere'), `/p/acme/projects/${id}`);
    assert.equal(returnTarget('/p/acme', '/p/acme/account', ''), '/p/acme/account');
    for (const path of ['/p/other/account', '/p/acmes/account', `/p/acme/projects/${id}/../../x`, '/p/acme//evil.test',
             '/p/acme/invite', '/p/acme/signin', '/p/acme/', '/elsewhere', `/p/acme/projects/${id}x`])
        assert.equal(returnTarget('/p/acme', path, ''), '/p/acme/', path);
});
