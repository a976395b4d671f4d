// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// app.css has the values of portal/theme.json (the one source of the portal's look; the server and
// the desktop's preview read it through a generated header, checked by tests/ui/tst_theme).

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';

const theme = JSON.parse(readFileSync(new URL('../theme.json', import.meta.url), 'utf8'));
const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

// The declarations of the first rule for `selector`.
function rule(selector) {
    const at = css.indexOf(`${selector} {`);
    assert.notEqual(at, -1, `app.css has no rule ${selector}`);
    return css.slice(at, css.indexOf('}', at));
}

function declaration(block, property) {
    const match = block.match(new RegExp(`(?:^|[;\\s])${property.replace(/[-]/g, '\\-')}:\\s*([^;]+);`));
    assert.ok(match, `no ${property}`);
    return match[1].trim();
}

const px = (value) => {
    const m = value.match(/^([\d.]+)(px|rem)$/);
    assert.ok(m, `not a length: ${value}`);
    return m[2] === 'rem' ? Number(m[1]) * 16 : Number(m[1]);
};

test('the default colours', () => {
    const root = rule(':root');
    assert.equal(declaration(root, '--brand-primary'), theme.colours.primary);
    assert.equal(declaration(root, '--brand-accent'), theme.colours.accent);
    assert.equal(declaration(root, '--brand-bg'), theme.colours.background);
    assert.equal(declaration(root, '--brand-text'), theme.colours.text);
});

test('radius, gap and the width of the content', () => {
    const root = rule(':root');
    assert.equal(px(declaration(root, '--radius')), theme.radiusPx);
    assert.equal(px(declaration(root, '--gap')), theme.gapPx);
    assert.equal(px(declaration(rule('.main'), 'max-width')), theme.contentMaxWidthPx);
});

test('borders and surfaces mix the text colour into the background', () => {
    const root = rule(':root');
    assert.equal(declaration(root, '--border'),
        `color-mix(in srgb, var(--brand-text) ${theme.mixPercent.border}%, var(--brand-bg))`);
    assert.equal(declaration(root, '--surface'),
        `color-mix(in srgb, var(--brand-text) ${theme.mixPercent.surface}%, var(--brand-bg))`);
});
