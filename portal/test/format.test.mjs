// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {deviceName, fileFamily, fileMeta, fileTypeMark, formatBytes, formatDate, formatDay, formatDayOf, groupByFolder, isNewSince, signoffLabels,
    statusLabels} from '../src/format.js';

test('sizes read as people say them, in decimal units', () => {
    assert.equal(formatBytes(0, 'en'), '0 bytes');
    assert.equal(formatBytes(1, 'en'), '1 byte');
    assert.equal(formatBytes(27, 'en'), '27 bytes');
    assert.equal(formatBytes(999, 'en'), '999 bytes');
    assert.equal(formatBytes(1500, 'en'), '1.5 kB');
    assert.equal(formatBytes(12 * 1000 * 1000, 'en'), '12 MB');
    assert.equal(formatBytes(3 * 1000 ** 4, 'en'), '3 TB');
    assert.equal(formatBytes(1500, 'de'), '1,5 kB');
});

test('a due date is a day in the reader\'s language, never shifted by the time zone', () => {
    assert.equal(formatDay('2026-12-24', 'en-GB'), '24 Dec 2026');
    assert.equal(formatDay('', 'en'), '');
    assert.equal(formatDay('soon', 'en'), 'soon');
});

test('a deadline is the day of its time in the reader\'s zone, written out', () => {
    assert.equal(formatDayOf('2026-12-11T08:30:00Z', 'en-GB', 'UTC'), '11 December 2026');
    assert.equal(formatDayOf('2026-12-11T23:30:00Z', 'en-GB', 'Asia/Tokyo'), '12 December 2026');
    assert.equal(formatDayOf('2026-12-11T08:30:00Z', 'de-DE', 'UTC'), '11. Dezember 2026');
    assert.equal(formatDayOf('', 'en'), '');
    assert.equal(formatDayOf('soon', 'en'), 'soon');
});

test('new since the last visit: only what changed after it, nothing on a first visit', () => {
    assert.equal(isNewSince('2026-12-02T10:00:00.000Z', '2026-12-01T10:00:00.000Z'), true);
    assert.equal(isNewSince('2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'), false);
    assert.equal(isNewSince('2026-12-02T10:00:00.000Z', null), false);
    assert.equal(isNewSince('', '2026-12-01T10:00:00.000Z'), false);
});

test('file type marks and families', () => {
    assert.equal(fileTypeMark('Mockup.pdf', 'application/pdf'), 'PDF');
    assert.equal(fileTypeMark('photo', 'image/jpeg'), 'IMG');
    assert.equal(fileTypeMark('notes', ''), 'FILE');
    assert.equal(fileFamily('a.PNG', 'image/png'), 'image');
    assert.equal(fileFamily('brief.docx', ''), 'document');
    assert.equal(fileFamily('budget.xlsx', ''), 'sheet');
    assert.equal(fileFamily('all.zip', 'application/zip'), 'archive');
    assert.equal(fileFamily('x.bin', 'application/octet-stream'), 'other');
});

test('files group by folder, the top level first', () => {
    const groups = groupByFolder([{name: 'b', folder: 'Drafts'}, {name: 'a', folder: ''},
        {name: 'c', folder: 'Client Uploads'}, {name: 'd', folder: 'Drafts'}]);
    assert.deepEqual(groups.map(([folder, files]) => [folder, files.map((f) => f.name)]),
        [['', ['a']], ['Client Uploads', ['c']], ['Drafts', ['b', 'd']]]);
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
        /^2(\.0)? kB · updated .*2026/);
    assert.match(fileMeta({folder: '', size: 10, updated_at: '2026-12-02T10:00:00Z', uploaded_by_you: true}),
        /^10 bytes · uploaded by you · updated /);
});

test('a device in a few words', () => {
    assert.equal(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0'),
        'Firefox on Windows');
    assert.equal(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 ' +
        '(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'), 'Safari on iPhone');
    assert.equal(deviceName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
        'HeadlessChrome/120.0.0.0 Safari/537.36'), 'Chrome on Linux');
    assert.equal(deviceName(''), 'Unknown browser');
});
