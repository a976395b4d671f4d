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
        list);
}
