// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in client's projects.

import {api} from '../api.js';
import {el, main, show} from '../dom.js';
import {formatDate, formatDay, projectStatusLabels} from '../format.js';
import {errorText, t} from '../i18n.js';
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
    const heading = el('h1', {text : t('projects.heading')});
    if (!projects.length) {
        show(t('projects.title'), heading,
            ...(state.organisation.welcome_text
                    ? [ el('p', {class : 'welcome', text : state.organisation.welcome_text}) ]
                    : []),
            el('p', {text : t('projects.nothingYet', {organisation : state.organisation.name})}));
        return;
    }
    const open = projects.filter((p) => p.status !== 'completed');
    const done = projects.filter((p) => p.status === 'completed');
    const sections = [];
    if (open.length)
        sections.push(el('ul', {class : 'list', 'aria-label' : t('projects.title')}, open.map(projectCard)));
    if (done.length)
        sections.push(el('section', {'aria-labelledby' : 'completed-h'},
            el('h2', {id : 'completed-h', text : t('projects.completed')}),
            el('ul', {class : 'list', 'aria-label' : t('projects.completedList')}, done.map(projectCard))));
    show(t('projects.title'), heading,
        state.organisation.welcome_text ? el('p', {class : 'welcome', text : state.organisation.welcome_text}) : null,
        searchForm(), ...sections);
}

// One project: what it is, how far, what is shared, what waits for the client, and whether anything
// changed since their last visit.
function projectCard(p)
{
    const facts = [ t('projects.tasks', {count : p.task_count || 0}), t('projects.files', {count : p.file_count || 0}) ];
    if (p.signoff_count)
        facts.push(t('projects.signoffs', {count : p.signoff_count}));
    const meta = [];
    if (p.due_date)
        meta.push(t('projects.due', {date : formatDay(p.due_date)}));
    if (p.last_activity_at)
        meta.push(t('projects.lastActivity', {date : formatDate(p.last_activity_at)}));
    const title = el('span', {class : 'project-card__title'}, el('span', {text : p.name}),
        p.new ? el('span', {class : 'badge badge--new', text : t('badge.new')}) : null);
    return el('li', {class : 'card project-card'},
        el('a', {class : 'project-link', href : `${state.base}/projects/${encodeURIComponent(p.id)}`},
            el('h2', {}, title),
            el('span', {class : 'badge', text : projectStatusLabels[p.status] || p.status})),
        p.description ? el('p', {class : 'project-card__description', text : p.description}) : null,
        p.signoffs_waiting
            ? el('p', {class : 'project-card__waiting', text : t('projects.signoffsWaiting', {count : p.signoffs_waiting})})
            : null,
        el('p', {class : 'muted', text : facts.join(' · ')}),
        meta.length ? el('p', {class : 'muted', text : meta.join(' · ')}) : null);
}

// One box over everything shared with the client; the server decides what may be found.
function searchForm()
{
    const input = el('input', {type : 'search', id : 'search', name : 'q', autocomplete : 'off', maxlength : 200});
    const status = el('p', {class : 'muted search__status', role : 'status'});
    const results = el('ul', {class : 'list search__results', 'aria-label' : t('search.results')});
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
                status.textContent = errorText(e);
            return;
        }
        if (mine !== asked)
            return; // a later query is under way
        const found = answer.results || [];
        status.textContent =
            found.length ? t('search.found', {count : answer.total}) : t('search.nothing', {query : q});
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
    }}, el('label', {for : 'search', text : t('search.label')}), input);
    return el('section', {class : 'search-section'}, form, status, results);
}

const kindNames = {
    get project() { return t('search.kind.project'); },
    get task() { return t('search.kind.task'); },
    get file() { return t('search.kind.file'); },
    get signoff() { return t('search.kind.signoff'); },
    get comment() { return t('search.kind.comment'); },
};

function searchResult(r)
{
    return el('li', {class : 'card search__result'},
        el('a', {class : 'search__link', href : `${state.base}/projects/${encodeURIComponent(r.project_id)}`},
            el('span', {class : 'muted', text : `${kindNames[r.kind] || r.kind} · ${r.project_name}`}),
            el('h2', {class : 'search__title', text : r.title}),
            r.snippet && r.snippet !== r.title ? el('p', {class : 'search__snippet', text : r.snippet}) : null));
}
