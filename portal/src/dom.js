// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Small DOM helpers. Everything the server sends goes on the page as text (textContent), never as
// markup.

import {state} from './state.js';

export function el(tag, attrs, ...children)
{
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false)
            continue;
        if (key === 'class')
            node.className = value;
        else if (key === 'text')
            node.textContent = value;
        else if (key.startsWith('on'))
            node.addEventListener(key.slice(2), value);
        else if (value === true)
            node.setAttribute(key, '');
        else
            node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false)
            continue;
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
}

export const main = () => document.getElementById('main');

// Replaces the page's content, names it for the tab and moves focus to it (keyboard and
// screen-reader users land on the new view, not on a button that no longer exists).
export function show(title, ...content)
{
    const m = main();
    // Views pass optional parts as `cond ? node : null`; those are left out, not printed as "null".
    m.replaceChildren(...content.filter((c) => c !== null && c !== undefined && c !== false));
    document.title = state.organisation ? `${title} · ${state.organisation.name}` : title;
    // A fresh page starts at the top (skip link first); a view that replaces another takes focus.
    if (show.drawn)
        m.focus({preventScroll : true});
    show.drawn = true;
}

export function toast(message)
{
    const t = document.getElementById('toast');
    t.textContent = message;
    t.classList.add('toast--show');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.classList.remove('toast--show'), 4000);
}

export function alertBox(message, ok)
{
    return el('div', {class : ok ? 'alert alert--ok' : 'alert', role : ok ? 'status' : 'alert', text : message});
}

export function field(label, input, hint)
{
    const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
    input.id = id;
    const parts = [
        el('label',
            {for: id, text: label
            }),
        input
    ];
    if (hint) {
        const hintId = `${id}-hint`;
        input.setAttribute('aria-describedby', hintId);
        parts.push(el('span', {class : 'hint muted', id : hintId, text : hint}));
    }
    return el('div', {class : 'field'}, parts);
}
