// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {ApiError, errorFromAnswer, requestInit} from '../src/api.js';

test('every write carries the CSRF token; a read never does', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
        assert.equal(requestInit(method, {}, 'tok').headers['X-CSRF-Token'], 'tok', method);
    assert.equal(requestInit('GET', undefined, 'tok').headers['X-CSRF-Token'], undefined);
});

test('without a session there is no token to send', () => {
    assert.equal(requestInit('POST', {}, '').headers['X-CSRF-Token'], undefined);
});

test('a body goes as JSON, with its type; a request without one has no type', () => {
    const init = requestInit('POST', {a: 1}, 'tok');
    assert.equal(init.headers['Content-Type'], 'application/json');
    assert.equal(init.body, '{"a":1}');
    assert.equal(requestInit('GET', undefined, '').headers['Content-Type'], undefined);
    assert.equal(requestInit('GET', undefined, '').body, undefined);
});

test('requests stay on this origin and are never cached', () => {
    const init = requestInit('GET', undefined, '');
    assert.equal(init.credentials, 'same-origin');
    assert.equal(init.cache, 'no-store');
});

test("a refusal carries the server's code and message", () => {
    const e = errorFromAnswer(409, {error: {code: 'offset_mismatch', message: 'Go on at 4.'}, offset: 4});
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 409);
    assert.equal(e.code, 'offset_mismatch');
    assert.equal(e.message, 'Go on at 4.');
    assert.equal(e.body.offset, 4);
    const plain = errorFromAnswer(502, {});
    assert.equal(plain.code, 'error');
    assert.equal(plain.message, 'The portal answered 502.');
});
