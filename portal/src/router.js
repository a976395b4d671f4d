// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Addresses: /p/<slug>/<view>/<id>. The one page is served at every portal address; the script
// reads the address and draws the view.

import {state} from './state.js';

// What an address names: the portal's slug, its base path, the view and an id. Pure.
export function parsePath(pathname)
{
    const parts = pathname.split('/').filter(Boolean);
    // ['p', slug, view?, id?]
    const slug = parts[0] === 'p' && parts[1] ? decodeURIComponent(parts[1]) : '';
    return {slug, base : `/p/${encodeURIComponent(slug)}`, view : parts[2] || '', id : parts[3] || ''};
}

// The views whose links carry a token in the fragment.
export function takesToken(view)
{
    return view === 'invite' || view === 'reset' || view === 'preview' || view === 'email' || view === 's'
        || view === 'link';
}

// Where to go after signing in: the page that was asked for, when it is one of this portal's own
// pages (a project, the account page) — never another portal's, another site's or a token link's
// — with an item's fragment ("#task-<id>") kept; the project list otherwise. Pure.
export function returnTarget(base, pathname, hash)
{
    const home = `${base}/`;
    if (!pathname.startsWith(home))
        return home;
    const rest = pathname.slice(home.length);
    if (!/^(projects\/[0-9a-f-]{36}|account)$/.test(rest))
        return home;
    const fragment = /^#(task|file|signoff)-[0-9a-f-]{36}$/.test(hash || '') ? hash : '';
    return `${home}${rest}${fragment}`;
}

// The token a fragment holds ("#inv_…"), decoded; "" without one. Pure.
export function tokenFromHash(hash)
{
    return decodeURIComponent((hash || '').replace(/^#/, ''));
}

// Reads the address into the state; the view and id it names.
export function parseLocation()
{
    const {slug, base, view, id} = parsePath(location.pathname);
    state.slug = slug;
    state.base = base;
    return {view, id};
}

// Takes a token out of the address bar (and so out of history and bookmarks) before anything
// else happens; the server never sees it in a URL either, since a fragment is never sent.
export function takeFragmentToken()
{
    const token = tokenFromHash(location.hash);
    if (location.hash)
        history.replaceState(null, '', location.pathname);
    return token;
}

export function go(path)
{
    location.assign(state.base + path);
}
