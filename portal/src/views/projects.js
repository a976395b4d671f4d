// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in client's projects.

import {api} from '../api.js';
import {el, main, show} from '../dom.js';
import {handleFailure} from '../session.js';
import {state} from '../state.js';

export async function projectsView()
{
    let answer;
    try {
        answer = await api('GET', '/api/v1/portal/projects');
    } catch (e) {
        handleFailure(e, main());
        return;
    }
    const projects = answer.projects || [];
    const heading = el('h1', {text : 'Your projects'});
    if (!projects.length) {
        show('Projects', heading,
            ...(state.organisation.welcome_text
                    ? [ el('p', {class : 'welcome', text : state.organisation.welcome_text}) ]
                    : []),
            el('p', {
                text : `Nothing has been shared with you yet. ${state.organisation.name} will let you know ` +
                    'when there is something to see.'
            }));
        return;
    }
    const list = el('ul', {class : 'list', 'aria-label' : 'Projects'},
        projects.map(
            (p) => el('li', {class : 'card'},
                el('a', {class : 'project-link', href : `${state.base}/projects/${encodeURIComponent(p.id)}`},
                    el('h2', {text : p.name}),
                    el('span', {class : 'muted', text : p.can && p.can.upload ? 'You can upload files here' : ''})))));
    show('Projects', heading,
        state.organisation.welcome_text ? el('p', {class : 'welcome', text : state.organisation.welcome_text}) : null,
        searchForm(), list);
}

// One box over everything shared with the client; the server decides what may be found.
function searchForm()
{
    const input = el('input', {type : 'search', id : 'search', name : 'q', autocomplete : 'off', maxlength : 200});
    const status = el('p', {class : 'muted search__status', role : 'status'});
    const results = el('ul', {class : 'list search__results', 'aria-label' : 'Search results'});
    let timer = null;
    let asked = 0;
    const run = async () => {
        const q = input.value.trim();
        const mine = ++asked;
        if (!q) {
            results.replaceChildren();
            status.textContent = '';
            return;
        }
        let answer;
        try {
            answer = await api('GET', `/api/v1/portal/search?q=${encodeURIComponent(q)}`);
        } catch (e) {
            if (mine === asked)
                status.textContent = e.message;
            return;
        }
        if (mine !== asked)
            return; // a later query is under way
        const found = answer.results || [];
        status.textContent = found.length ? `${answer.total} found` : `Nothing found for “${q}”.`;
        results.replaceChildren(...found.map(searchResult));
    };
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(run, 250);
    });
    const form = el('form', {class : 'search', role : 'search', onsubmit : (e) => {
        e.preventDefault();
        clearTimeout(timer);
        run();
    }}, el('label', {for : 'search', text : 'Search your projects'}), input);
    return el('section', {class : 'search-section'}, form, status, results);
}

const kindNames = {project : 'Project', task : 'Task', file : 'File', signoff : 'Sign-off', comment : 'Comment'};

function searchResult(r)
{
    return el('li', {class : 'card search__result'},
        el('a', {class : 'search__link', href : `${state.base}/projects/${encodeURIComponent(r.project_id)}`},
            el('span', {class : 'muted', text : `${kindNames[r.kind] || r.kind} · ${r.project_name}`}),
            el('h2', {class : 'search__title', text : r.title}),
            r.snippet && r.snippet !== r.title ? el('p', {class : 'search__snippet', text : r.snippet}) : null));
}
