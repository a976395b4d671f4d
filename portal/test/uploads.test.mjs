// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
    CHUNK_BYTES, chunkRanges, chunkSizeOf, forgetsUpload, percent, refusalMessage, resumeOffset, retryDelayMs,
    uploadKey,
} from '../src/uploads.js';

const MiB = 1024 * 1024;

test('a full storage is told plainly, naming the studio', () => {
    const full = {code: 'quota_exceeded', message: 'This file does not fit in the organisation\'s storage quota.'};
    assert.equal(refusalMessage(full, 'Acme Studio'),
        'Acme Studio’s storage is full, so this file cannot be uploaded. Please let them know.');
    assert.match(refusalMessage(full, ''), /^The studio’s storage is full/);
    assert.equal(refusalMessage({code: 'file_type_not_allowed', message: 'Programs cannot be uploaded.'}, 'Acme'),
        'Programs cannot be uploaded.');
});

test('a 9 MiB file goes in chunks of 4 MiB: at 0, 4 Mi and 8 Mi', () => {
    assert.deepEqual(chunkRanges(0, 9 * MiB, CHUNK_BYTES), [[0, 4 * MiB], [4 * MiB, 8 * MiB], [8 * MiB, 9 * MiB]]);
});

test('a resumed upload goes on from the offset the server has', () => {
    assert.deepEqual(chunkRanges(4 * MiB, 9 * MiB, CHUNK_BYTES), [[4 * MiB, 8 * MiB], [8 * MiB, 9 * MiB]]);
    assert.deepEqual(chunkRanges(9 * MiB, 9 * MiB, CHUNK_BYTES), []);
});

test('chunks are what the server offers, never above 4 MiB', () => {
    assert.equal(chunkSizeOf({chunk_size: 8 * MiB}), CHUNK_BYTES);
    assert.equal(chunkSizeOf({chunk_size: MiB}), MiB);
    assert.equal(chunkSizeOf({}), CHUNK_BYTES);
});

test('an offset mismatch says where to go on; anything else does not', () => {
    assert.equal(resumeOffset({code: 'offset_mismatch', body: {offset: 4 * MiB}}), 4 * MiB);
    assert.equal(resumeOffset({code: 'offset_mismatch', body: {}}), null);
    assert.equal(resumeOffset({code: 'quota_exceeded', body: {offset: 0}}), null);
    assert.equal(resumeOffset(null), null);
});

test('retries after a lost connection wait longer each time, at most 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test('the same file chosen again finds its upload; another file or project does not', () => {
    const file = {name: 'artwork.pdf', size: 9 * MiB, lastModified: 1764700000000};
    const key = uploadKey('northwind', 'p1', null, file);
    assert.equal(uploadKey('northwind', 'p1', null, {...file}), key);
    assert.notEqual(uploadKey('northwind', 'p2', null, file), key);
    assert.notEqual(uploadKey('northwind', 'p1', 'f1', file), key);
    assert.notEqual(uploadKey('northwind', 'p1', null, {...file, size: file.size + 1}), key);
    assert.notEqual(uploadKey('other', 'p1', null, file), key);
});

test('refusals no retry changes forget the upload', () => {
    for (const code of ['quota_exceeded', 'file_too_large', 'file_type_not_allowed', 'invalid_field'])
        assert.equal(forgetsUpload(code), true, code);
    for (const code of ['network_error', 'offset_mismatch', 'upload_busy'])
        assert.equal(forgetsUpload(code), false, code);
});

test('progress in whole percent', () => {
    assert.equal(percent(0, 9 * MiB), 0);
    assert.equal(percent(4 * MiB, 9 * MiB), 44);
    assert.equal(percent(9 * MiB, 9 * MiB), 100);
    assert.equal(percent(0, 0), 100);
});
