// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {hasPreview} from '../src/viewer.js';

test('previews are offered for PDFs and the image types the server reads', () => {
    assert.equal(hasPreview('layout.pdf', 'application/pdf'), true);
    assert.equal(hasPreview('scan.PDF', ''), true);
    assert.equal(hasPreview('photo.JPG', 'image/jpeg'), true);
    assert.equal(hasPreview('logo.png', ''), true);
    assert.equal(hasPreview('drawing.svg', 'image/svg+xml'), false);
    assert.equal(hasPreview('photo.heic', 'image/heic'), false);
    assert.equal(hasPreview('notes.txt', 'text/plain'), false);
});
