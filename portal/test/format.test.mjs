// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {fileMeta, formatBytes, formatDate, signoffLabels, statusLabels} from '../src/format.js';

test('sizes read in the unit that fits, with one decimal below ten', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(10 * 1024), '10 KB');
    assert.equal(formatBytes(9 * 1024 * 1024), '9.0 MB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TB');
    assert.equal(formatBytes(5000 * 1024 ** 4), '5000 TB');
});

test('dates: empty stays empty, what is no date stays as it came, a date is localised', () => {
    assert.equal(formatDate(''), '');
    assert.equal(formatDate(null), '');
    assert.equal(formatDate('not a date'), 'not a date');
    const shown = formatDate('2026-12-02T19:54:45.000Z');
    assert.notEqual(shown, '2026-12-02T19:54:45.000Z');
    assert.match(shown, /2026/);
});

test('every status a client meets has a label', () => {
    assert.deepEqual(Object.keys(statusLabels), ['todo', 'in_progress', 'done']);
    assert.deepEqual(Object.keys(signoffLabels), ['sent', 'approved', 'rejected']);
});

test("a file's line leaves out what it does not have", () => {
    assert.match(fileMeta({folder: 'Drafts', size: 2048, updated_at: '2026-12-02T10:00:00Z'}),
        /^Drafts · 2\.0 KB · updated .*2026/);
    assert.match(fileMeta({folder: '', size: 10, updated_at: '2026-12-02T10:00:00Z'}), /^10 B · updated /);
});
