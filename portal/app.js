// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The client portal: one page served at every /p/<slug>/… address; this script reads the address
// and draws the view. It talks only to /api/v1/portal/… with the session cookie (HttpOnly, so never
// seen here) and sends the session's CSRF token on every state-changing request. Everything the
// server sends is put on the page as text (textContent), never as markup. What a client may see or
// do is decided by the server's permission function; the `can` flags only choose which controls to
// draw, and the server checks every request again.
'use strict';

(() => {
    const CHUNK_BYTES = 4 * 1024 * 1024;

    const state = {
        slug: '',
        base: '',
        organisation: null,
        contact: null,
        csrf: '',
    };

    // --- small DOM helpers ----------------------------------------------------------------------

    function el(tag, attrs, ...children) {
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

    const main = () => document.getElementById('main');

    // Replaces the page's content, names it for the tab and moves focus to it (keyboard and
    // screen-reader users land on the new view, not on a button that no longer exists).
    function show(title, ...content) {
        const m = main();
        m.replaceChildren(...content);
        document.title = state.organisation ? `${title} · ${state.organisation.name}` : title;
        // A fresh page starts at the top (skip link first); a view that replaces another takes focus.
        if (show.drawn)
            m.focus({preventScroll: true});
        show.drawn = true;
    }

    function toast(message) {
        const t = document.getElementById('toast');
        t.textContent = message;
        t.classList.add('toast--show');
        clearTimeout(toast.timer);
        toast.timer = setTimeout(() => t.classList.remove('toast--show'), 4000);
    }

    function alertBox(message, ok) {
        return el('div', {class: ok ? 'alert alert--ok' : 'alert', role: ok ? 'status' : 'alert', text: message});
    }

    function field(label, input, hint) {
        const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
        input.id = id;
        const parts = [el('label', {for: id, text: label}), input];
        if (hint) {
            const hintId = `${id}-hint`;
            input.setAttribute('aria-describedby', hintId);
            parts.push(el('span', {class: 'hint muted', id: hintId, text: hint}));
        }
        return el('div', {class: 'field'}, parts);
    }

    function formatBytes(n) {
        if (n < 1024)
            return `${n} B`;
        const units = ['KB', 'MB', 'GB', 'TB'];
        let v = n / 1024;
        let i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            ++i;
        }
        return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
    }

    function formatDate(wire) {
        if (!wire)
            return '';
        const d = new Date(wire);
        if (Number.isNaN(d.getTime()))
            return wire;
        return d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
    }

    const statusLabels = {todo: 'To do', in_progress: 'In progress', done: 'Done'};
    const signoffLabels = {sent: 'Waiting for your answer', approved: 'Approved', rejected: 'Changes requested'};

    // --- the API --------------------------------------------------------------------------------

    class ApiError extends Error {
        constructor(status, code, message, body) {
            super(message);
            this.status = status;
            this.code = code;
            this.body = body;
        }
    }

    async function api(method, path, body) {
        const headers = {'Accept': 'application/json'};
        const init = {method, headers, credentials: 'same-origin', cache: 'no-store'};
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        if (method !== 'GET' && state.csrf)
            headers['X-CSRF-Token'] = state.csrf;
        let response;
        try {
            response = await fetch(path, init);
        } catch (e) {
            throw new ApiError(0, 'network_error', 'The portal cannot be reached. Check your connection and try again.');
        }
        let data = {};
        try {
            data = await response.json();
        } catch (e) {
            data = {};
        }
        if (!response.ok) {
            const error = data.error || {};
            throw new ApiError(response.status, error.code || 'error',
                error.message || `The portal answered ${response.status}.`, data);
        }
        return data;
    }

    // A session that ended (signed out elsewhere, access revoked, expired) takes the client back to
    // the sign-in page with a word on why.
    function handleFailure(error, where) {
        if (error instanceof ApiError && error.status === 401) {
            state.contact = null;
            state.csrf = '';
            renderAccount();
            signInView('Your session has ended. Please sign in again.');
            return true;
        }
        if (where)
            where.replaceChildren(alertBox(error.message));
        else
            toast(error.message);
        return false;
    }

    // --- addresses ------------------------------------------------------------------------------

    function parseLocation() {
        const parts = location.pathname.split('/').filter(Boolean);
        // ['p', slug, view?, id?]
        state.slug = parts[0] === 'p' && parts[1] ? decodeURIComponent(parts[1]) : '';
        state.base = `/p/${encodeURIComponent(state.slug)}`;
        return {view: parts[2] || '', id: parts[3] || ''};
    }

    // Takes a token out of the address bar (and so out of history and bookmarks) before anything
    // else happens; the server never sees it in a URL either, since a fragment is never sent.
    function takeFragmentToken() {
        const token = decodeURIComponent(location.hash.replace(/^#/, ''));
        if (location.hash)
            history.replaceState(null, '', location.pathname);
        return token;
    }

    function go(path) {
        location.assign(state.base + path);
    }

    // --- branding -------------------------------------------------------------------------------

    function applyBrand(organisation, stylesheetUrl) {
        let link = document.getElementById('brand-css');
        if (!link) {
            link = el('link', {rel: 'stylesheet', id: 'brand-css'});
            document.head.append(link);
        }
        link.href = stylesheetUrl || `${state.base}/brand.css`;
        if (!organisation)
            return;
        document.getElementById('brand-name').textContent = organisation.name;
        document.getElementById('brand-home').href = `${state.base}/`;
        const logo = document.getElementById('brand-logo');
        if (organisation.logo_url) {
            logo.src = organisation.logo_url;
            logo.alt = `${organisation.name} logo`;
            logo.hidden = false;
            // The favicon derives from the logo.
            document.getElementById('favicon').href = organisation.logo_url;
        } else {
            logo.hidden = true;
        }
    }

    function renderAccount() {
        const nav = document.getElementById('account');
        nav.replaceChildren();
        if (!state.contact)
            return;
        nav.append(el('span', {class: 'account__name', text: state.contact.name || state.contact.email}),
            el('button', {class: 'button button--small', type: 'button', onclick: signOut}, 'Sign out'));
    }

    async function signOut() {
        try {
            await api('POST', '/api/v1/portal/logout', {});
        } catch (e) {
            // Signed out either way: the cookie is gone or no longer valid.
        }
        state.contact = null;
        state.csrf = '';
        go('/signin');
    }

    // --- signed-out views -----------------------------------------------------------------------

    function welcomeBlock() {
        const org = state.organisation;
        const parts = [el('h1', {text: `Welcome to ${org.name}`})];
        if (org.welcome_text)
            parts.push(el('p', {class: 'welcome', text: org.welcome_text}));
        return parts;
    }

    function signInView(notice) {
        const email = el('input', {type: 'email', name: 'email', autocomplete: 'username', required: true});
        const password = el('input', {type: 'password', name: 'password', autocomplete: 'current-password',
            required: true});
        const message = el('div', {'aria-live': 'polite'});
        if (notice)
            message.append(alertBox(notice));
        const submit = el('button', {class: 'button', type: 'submit'}, 'Sign in');
        const form = el('form', {class: 'form narrow', novalidate: true, onsubmit: async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!email.value.trim() || !password.value) {
                message.append(alertBox('Enter your e-mail address and your password.'));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/login',
                    {slug: state.slug, email: email.value.trim(), password: password.value});
                go('/');
            } catch (e) {
                password.value = '';
                message.append(alertBox(e.message));
                submit.disabled = false;
                password.focus();
            }
        }},
        field('E-mail address', email), field('Password', password), message,
        el('div', {class: 'actions'}, submit, el('a', {href: `${state.base}/forgot`}, 'Forgot your password?')));
        show('Sign in', ...welcomeBlock(), el('h2', {text: 'Sign in'}), form,
            el('p', {class: 'muted'}, 'New here? Your contact at ', state.organisation.name,
                ' sends you an invitation by e-mail or a link.'));
    }

    function forgotView() {
        const email = el('input', {type: 'email', name: 'email', autocomplete: 'username', required: true});
        const message = el('div', {'aria-live': 'polite'});
        const submit = el('button', {class: 'button', type: 'submit'}, 'Send the link');
        const form = el('form', {class: 'form narrow', novalidate: true, onsubmit: async (event) => {
            event.preventDefault();
            message.replaceChildren();
            submit.disabled = true;
            try {
                const answer = await api('POST', '/api/v1/portal/password/forgot',
                    {slug: state.slug, email: email.value.trim()});
                form.replaceWith(alertBox(answer.message, true));
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }},
        field('E-mail address', email, 'We send a link to choose a new password. It works once, for an hour.'),
        message, el('div', {class: 'actions'}, submit, el('a', {href: `${state.base}/signin`}, 'Back to sign in')));
        show('Forgotten password', el('h1', {text: 'Choose a new password'}), form);
    }

    function newPasswordFields() {
        const password = el('input', {type: 'password', name: 'new-password', autocomplete: 'new-password',
            minlength: 10, required: true});
        const repeat = el('input', {type: 'password', name: 'repeat-password', autocomplete: 'new-password',
            required: true});
        return {
            password, repeat,
            fields: [field('Password', password, 'At least 10 characters.'), field('Repeat the password', repeat)],
            problem() {
                if (password.value.length < 10)
                    return 'Choose a password of at least 10 characters.';
                if (password.value !== repeat.value)
                    return 'The two passwords differ.';
                return '';
            },
        };
    }

    function resetView(token) {
        if (!token) {
            show('Link incomplete', el('h1', {text: 'This link is incomplete'}),
                el('p', {}, 'Open the link from the e-mail again, or ',
                    el('a', {href: `${state.base}/forgot`}, 'ask for a new one'), '.'));
            return;
        }
        const pw = newPasswordFields();
        const message = el('div', {'aria-live': 'polite'});
        const submit = el('button', {class: 'button', type: 'submit'}, 'Save the new password');
        const form = el('form', {class: 'form narrow', novalidate: true, onsubmit: async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const problem = pw.problem();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/password/reset', {token, password: pw.password.value});
                show('Password changed', el('h1', {text: 'Your password is changed'}),
                    el('p', {text: 'You were signed out everywhere. Sign in with the new password.'}),
                    el('a', {class: 'button', href: `${state.base}/signin`}, 'Sign in'));
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }}, ...pw.fields, message, el('div', {class: 'actions'}, submit));
        show('New password', el('h1', {text: 'Choose a new password'}), form);
    }

    async function inviteView(token) {
        if (!token) {
            show('Invitation incomplete', el('h1', {text: 'This invitation link is incomplete'}),
                el('p', {text: 'Open the link from your invitation again. If it still does not work, ask your ' +
                    `contact at ${state.organisation.name} for a new invitation.`}));
            return;
        }
        let invite;
        try {
            invite = await api('POST', '/api/v1/portal/invites/check', {token});
        } catch (e) {
            // Expired, used, revoked or unknown: a page that says so and whom to ask.
            const titles = {
                invite_expired: 'This invitation has expired',
                invite_used: 'This invitation was already used',
                invite_revoked: 'This invitation was withdrawn',
                invite_wrong_address: 'This invitation is for another address',
                account_exists: 'You have an account already',
            };
            const used = e.code === 'invite_used' || e.code === 'account_exists';
            show('Invitation', el('h1', {text: titles[e.code] || 'This invitation cannot be used'}),
                el('p', {text: e.message}),
                used ? el('p', {}, 'If you already signed up, ', el('a', {href: `${state.base}/signin`}, 'sign in'),
                    '.') : null);
            return;
        }
        const name = el('input', {type: 'text', name: 'name', autocomplete: 'name', required: true,
            value: invite.contact.name || ''});
        const pw = newPasswordFields();
        const message = el('div', {'aria-live': 'polite'});
        const submit = el('button', {class: 'button', type: 'submit'}, 'Create my account');
        const form = el('form', {class: 'form narrow', novalidate: true, onsubmit: async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const problem = !name.value.trim() ? 'Enter your name.' : pw.problem();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/invites/accept',
                    {token, name: name.value.trim(), password: pw.password.value});
                go('/');
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }},
        field('Your name', name),
        el('div', {class: 'field'}, el('span', {class: 'field__label', text: 'E-mail address'}),
            el('span', {text: invite.contact.email})),
        ...pw.fields, message, el('div', {class: 'actions'}, submit));
        show('Accept invitation', el('h1', {text: `${invite.organisation.name} invites you to its client portal`}),
            state.organisation.welcome_text ? el('p', {class: 'welcome', text: state.organisation.welcome_text}) : null,
            el('p', {text: 'Choose your password to see the projects, files and sign-offs shared with you.'}),
            form);
    }

    // A short-lived link from the desktop's branding dialog: the real portal with unsaved colours,
    // logo and welcome text.
    async function previewView(token) {
        let preview;
        try {
            preview = await api('POST', '/api/v1/portal/brand-preview', {token});
        } catch (e) {
            show('Preview', el('h1', {text: 'This preview has ended'}),
                el('p', {text: 'Preview links work for a few minutes. Open a new one from Organisation Settings.'}));
            return;
        }
        state.organisation = Object.assign({}, state.organisation, preview.organisation);
        applyBrand(state.organisation, preview.stylesheet_url);
        const banner = document.getElementById('banner');
        banner.textContent = 'Preview of unsaved branding: clients do not see this yet.';
        banner.hidden = false;
        signInView();
        // Controls keep their real look; only sending is off.
        main().addEventListener('submit', (event) => {
            event.preventDefault();
            event.stopPropagation();
            toast('This is a preview: signing in is off here.');
        }, true);
    }

    // --- signed-in views ------------------------------------------------------------------------

    async function projectsView() {
        let answer;
        try {
            answer = await api('GET', '/api/v1/portal/projects');
        } catch (e) {
            handleFailure(e, main());
            return;
        }
        const projects = answer.projects || [];
        const heading = el('h1', {text: 'Your projects'});
        if (!projects.length) {
            show('Projects', heading, ...(state.organisation.welcome_text
                ? [el('p', {class: 'welcome', text: state.organisation.welcome_text})] : []),
            el('p', {text: `Nothing has been shared with you yet. ${state.organisation.name} will let you know ` +
                'when there is something to see.'}));
            return;
        }
        const list = el('ul', {class: 'list', 'aria-label': 'Projects'}, projects.map((p) => el('li', {class: 'card'},
            el('a', {class: 'project-link', href: `${state.base}/projects/${encodeURIComponent(p.id)}`},
                el('h2', {text: p.name}),
                el('span', {class: 'muted', text: p.can && p.can.upload ? 'You can upload files here' : ''})))));
        show('Projects', heading, state.organisation.welcome_text
            ? el('p', {class: 'welcome', text: state.organisation.welcome_text}) : null, list);
    }

    async function projectView(id) {
        let page;
        try {
            page = await api('GET', `/api/v1/portal/projects/${encodeURIComponent(id)}`);
        } catch (e) {
            if (e.status === 404) {
                show('Not found', el('h1', {text: 'This project is not available'}),
                    el('p', {text: 'It may no longer be shared with you.'}),
                    el('a', {href: `${state.base}/`}, 'Back to your projects'));
                return;
            }
            handleFailure(e, main());
            return;
        }
        const project = page.project;
        const sections = [
            el('p', {class: 'breadcrumb'}, el('a', {href: `${state.base}/`}, 'Your projects')),
            el('h1', {text: project.name}),
            project.description ? el('p', {class: 'welcome', text: project.description}) : null,
        ];
        if (page.signoffs.length)
            sections.push(el('section', {'aria-labelledby': 'signoffs-h'},
                el('h2', {id: 'signoffs-h', text: 'Sign-offs'}),
                el('ul', {class: 'list'}, page.signoffs.map((s) => el('li', {}, signoffCard(s))))));
        sections.push(el('section', {'aria-labelledby': 'tasks-h'}, el('h2', {id: 'tasks-h', text: 'Tasks'}),
            page.tasks.length ? el('ul', {class: 'list'}, page.tasks.map((t) => el('li', {}, taskCard(t))))
                : el('p', {class: 'muted', text: 'No tasks are shared with you in this project.'})));
        sections.push(el('section', {'aria-labelledby': 'files-h'}, el('h2', {id: 'files-h', text: 'Files'}),
            page.files.length
                ? el('ul', {class: 'list', id: 'files-list'}, page.files.map((f) => el('li', {}, fileCard(f, project))))
                : el('p', {class: 'muted', id: 'files-empty', text: 'No files are shared with you in this project.'})));
        if (project.can && project.can.upload)
            sections.push(uploadSection(project));
        show(project.name, ...sections);
    }

    function commentsBlock(entity, item) {
        const list = el('ol', {'aria-label': 'Comments'}, (item.comments || []).map(commentItem));
        const body = el('textarea', {name: 'comment', maxlength: 10000, required: true, rows: 3});
        const submit = el('button', {class: 'button button--small', type: 'submit'}, 'Add comment');
        const message = el('div', {'aria-live': 'polite'});
        const form = el('form', {novalidate: true, onsubmit: async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!body.value.trim()) {
                message.append(alertBox('Write a comment first.'));
                return;
            }
            submit.disabled = true;
            try {
                const answer = await api('POST', '/api/v1/portal/comments',
                    {target_entity: entity, target_id: item.id, body: body.value});
                list.append(commentItem(answer.comment));
                body.value = '';
                toast('Comment added.');
            } catch (e) {
                handleFailure(e, message);
            }
            submit.disabled = false;
        }}, field('Your comment', body), message, el('div', {class: 'actions'}, submit));
        return el('div', {class: 'comments'}, list, form);
    }

    function commentItem(c) {
        const who = c.author_kind === 'contact' ? c.author_name : `${c.author_name} (${state.organisation.name})`;
        return el('li', {}, el('div', {class: 'comment__who'}, who, ' · ', el('time', {datetime: c.created_at,
            text: formatDate(c.created_at)})), el('div', {class: 'comment__body', text: c.body}));
    }

    function taskCard(task) {
        const side = el('div', {class: 'item__side'});
        if (task.can && task.can.edit) {
            const select = el('select', {name: 'status', 'aria-label': `Status of ${task.title}`},
                Object.entries(statusLabels).map(([value, label]) =>
                    el('option', {value, selected: value === task.status}, label)));
            select.addEventListener('change', async () => {
                select.disabled = true;
                try {
                    const answer = await api('PATCH', `/api/v1/portal/tasks/${encodeURIComponent(task.id)}`,
                        {status: select.value});
                    task.status = answer.task ? answer.task.status : select.value;
                    toast(`“${task.title}” is now ${statusLabels[task.status].toLowerCase()}.`);
                } catch (e) {
                    select.value = task.status;
                    handleFailure(e);
                }
                select.disabled = false;
            });
            side.append(select);
        } else {
            side.append(el('span', {class: 'badge', text: statusLabels[task.status] || task.status}));
        }
        const meta = [];
        if (task.due_date)
            meta.push(`Due ${task.due_date}`);
        meta.push(task.can && task.can.edit ? 'You can change this task' : 'View only');
        const card = el('article', {class: 'card task', 'data-id': task.id},
            el('div', {class: 'item'}, el('div', {class: 'item__main'}, el('h3', {class: 'item__title', text: task.title}),
                task.description ? el('p', {text: task.description}) : null,
                el('div', {class: 'item__meta muted', text: meta.join(' · ')})), side));
        if (task.can && task.can.comment)
            card.append(commentsBlock('task', task));
        return card;
    }

    function fileMeta(file) {
        return [file.folder, formatBytes(file.size), `updated ${formatDate(file.updated_at)}`].filter(Boolean)
            .join(' · ');
    }

    // After uploads: new files join the list and new versions update their line. Nothing else on the
    // page is redrawn, so a comment being typed or a refused upload's message stays where it is.
    async function refreshFiles(project) {
        let page;
        try {
            page = await api('GET', `/api/v1/portal/projects/${encodeURIComponent(project.id)}`);
        } catch (e) {
            handleFailure(e);
            return;
        }
        let list = document.getElementById('files-list');
        if (!list) {
            const empty = document.getElementById('files-empty');
            if (!empty)
                return;
            list = el('ul', {class: 'list', id: 'files-list'});
            empty.replaceWith(list);
        }
        for (const file of page.files) {
            const card = list.querySelector(`.file[data-id="${CSS.escape(file.id)}"]`);
            if (card)
                card.querySelector('.item__meta').textContent = fileMeta(file);
            else
                list.append(el('li', {}, fileCard(file, project)));
        }
    }

    function fileCard(file, project) {
        const side = el('div', {class: 'item__side'});
        if (file.can && file.can.download)
            side.append(el('a', {class: 'button button--small button--secondary', download: file.name,
                href: `/api/v1/portal/files/${encodeURIComponent(file.id)}/content`,
                'aria-label': `Download ${file.name}`}, 'Download'));
        const card = el('article', {class: 'card file', 'data-id': file.id},
            el('div', {class: 'item'}, el('div', {class: 'item__main'}, el('h3', {class: 'item__title', text: file.name}),
                el('div', {class: 'item__meta muted', text: fileMeta(file)})), side));
        if (file.can && file.can.edit) {
            const progress = el('ul', {class: 'uploads'});
            const input = el('input', {type: 'file', class: 'file-input', 'aria-label': `New version of ${file.name}`});
            input.addEventListener('change', () => {
                if (input.files.length)
                    startUpload(project, input.files[0], file.id, progress);
                input.value = '';
            });
            side.append(el('button', {class: 'button button--small', type: 'button', onclick: () => input.click()},
                'Upload new version'), input);
            card.append(progress);
        }
        if (file.can && file.can.comment)
            card.append(commentsBlock('file', file));
        return card;
    }

    function signoffCard(s) {
        const files = el('ul', {class: 'signoff__files'}, (s.files || []).map((f) => el('li', {},
            el('a', {download: f.name, href: `/api/v1/portal/signoffs/${encodeURIComponent(s.id)}/files/` +
                `${encodeURIComponent(f.id)}/content`}, f.name), ` (${formatBytes(f.size || 0)})`)));
        const badgeClass = s.status === 'approved' ? 'badge badge--approved'
            : s.status === 'rejected' ? 'badge badge--rejected' : 'badge';
        const card = el('article', {class: 'card signoff', 'data-id': s.id},
            el('div', {class: 'item'}, el('div', {class: 'item__main'}, el('h3', {class: 'item__title', text: s.title}),
                el('div', {class: 'item__meta muted', text: s.sent_at ? `Sent ${formatDate(s.sent_at)}` : ''})),
            el('span', {class: badgeClass, text: signoffLabels[s.status] || s.status})),
            s.description ? el('p', {class: 'welcome', text: s.description}) : null,
            s.files && s.files.length ? el('p', {class: 'muted', text: 'Files, exactly as sent:'}) : null,
            s.files && s.files.length ? files : null);
        if (s.status === 'approved' || s.status === 'rejected') {
            card.append(el('p', {text: `${s.status === 'approved' ? 'Approved' : 'Changes requested'} by ` +
                `${s.responded_by_name || 'you'} on ${formatDate(s.responded_at)}.`}));
            if (s.response_comment)
                card.append(el('p', {class: 'comment__body', text: `“${s.response_comment}”`}));
        } else if (s.can && s.can.approve) {
            card.append(decisionForm(s, card));
        }
        return card;
    }

    function decisionForm(s, card) {
        const comment = el('textarea', {name: 'decision-comment', maxlength: 5000, rows: 3});
        const message = el('div', {'aria-live': 'polite'});
        const approve = el('button', {class: 'button', type: 'button'}, 'Approve');
        const reject = el('button', {class: 'button button--secondary', type: 'button'}, 'Request changes');
        const decide = async (decision) => {
            message.replaceChildren();
            if (decision === 'rejected' && !comment.value.trim()) {
                message.append(alertBox('Say what should change, so the team knows what to do.'));
                comment.focus();
                return;
            }
            approve.disabled = reject.disabled = true;
            try {
                const answer = await api('POST', `/api/v1/portal/signoffs/${encodeURIComponent(s.id)}/decision`,
                    {decision, comment: comment.value});
                card.replaceWith(signoffCard(answer.signoff));
                toast(decision === 'approved' ? 'Approved. Thank you!' : 'Your request for changes was sent.');
            } catch (e) {
                if (!handleFailure(e, message))
                    approve.disabled = reject.disabled = false;
                if (e.code === 'already_decided')
                    approve.disabled = reject.disabled = true;
            }
        };
        approve.addEventListener('click', () => decide('approved'));
        reject.addEventListener('click', () => decide('rejected'));
        return el('div', {class: 'signoff__decide'},
            field('Comment for the team', comment, 'Optional when you approve; needed when you ask for changes.'), message,
            el('div', {class: 'actions'}, approve, reject));
    }

    // --- uploads --------------------------------------------------------------------------------

    function uploadSection(project) {
        const progress = el('ul', {class: 'uploads', 'aria-label': 'Uploads'});
        const input = el('input', {type: 'file', class: 'file-input', multiple: true, id: 'upload-input',
            'aria-label': 'Choose files to upload'});
        const choose = el('button', {class: 'button', type: 'button', onclick: () => input.click()}, 'Choose files…');
        const zone = el('div', {class: 'dropzone', id: 'dropzone'},
            el('p', {text: 'Drag files here, or'}), choose, input,
            el('p', {class: 'muted', text: 'Files you upload go to “Client Uploads”, where the team sees them at once.'}));
        const add = (files) => {
            for (const file of files)
                startUpload(project, file, null, progress);
        };
        input.addEventListener('change', () => {
            add(Array.from(input.files));
            input.value = '';
        });
        zone.addEventListener('dragover', (event) => {
            event.preventDefault();
            zone.classList.add('dropzone--over');
        });
        zone.addEventListener('dragleave', () => zone.classList.remove('dropzone--over'));
        zone.addEventListener('drop', (event) => {
            event.preventDefault();
            zone.classList.remove('dropzone--over');
            add(Array.from(event.dataTransfer.files || []));
        });
        return el('section', {'aria-labelledby': 'upload-h'}, el('h2', {id: 'upload-h', text: 'Upload files'}), zone,
            progress);
    }

    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

    // One chunk by XMLHttpRequest, for its upload progress events (fetch has none).
    function putChunk(uploadId, offset, blob, onProgress) {
        return new Promise((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            xhr.open('PUT', `/api/v1/portal/uploads/${encodeURIComponent(uploadId)}?offset=${offset}`);
            xhr.setRequestHeader('Content-Type', 'application/octet-stream');
            xhr.setRequestHeader('X-CSRF-Token', state.csrf);
            xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
            xhr.addEventListener('load', () => {
                let body = {};
                try {
                    body = JSON.parse(xhr.responseText);
                } catch (e) {
                    body = {};
                }
                if (xhr.status >= 200 && xhr.status < 300)
                    resolve(body);
                else
                    reject(new ApiError(xhr.status, (body.error || {}).code || 'error',
                        (body.error || {}).message || `The portal answered ${xhr.status}.`, body));
            });
            xhr.addEventListener('error', () => reject(new ApiError(0, 'network_error', 'The connection was lost.')));
            xhr.send(blob);
        });
    }

    // Uploads in chunks and resumes: an interrupted chunk is retried from the server's offset, and
    // the same file chosen again after a reload continues where it stopped (the upload's id is kept
    // in this browser's storage under the file's name, size and date).
    async function startUpload(project, file, replacingId, list) {
        const label = el('span', {class: 'upload__name', text: file.name});
        const status = el('span', {class: 'upload__status', text: 'Starting…'});
        const bar = el('progress', {max: Math.max(file.size, 1), value: 0, 'aria-label': `Upload of ${file.name}`});
        const row = el('li', {class: 'upload'}, el('div', {class: 'upload__row'}, label, status), bar);
        list.append(row);
        const fail = (message) => {
            row.classList.add('upload--failed');
            status.textContent = message;
            status.setAttribute('role', 'alert');
        };
        const key = `atrium.upload:${state.slug}:${project.id}:${replacingId || ''}:${file.name}:${file.size}:` +
            `${file.lastModified}`;
        try {
            let upload = null;
            const saved = localStorage.getItem(key);
            if (saved) {
                try {
                    upload = await api('GET', `/api/v1/portal/uploads/${encodeURIComponent(saved)}`);
                } catch (e) {
                    localStorage.removeItem(key);
                }
            }
            if (!upload) {
                const request = {project_id: project.id, name: file.name, size: file.size,
                    mime_type: file.type || 'application/octet-stream'};
                if (replacingId)
                    request.file_id = replacingId;
                upload = await api('POST', '/api/v1/portal/uploads', request);
                localStorage.setItem(key, upload.upload_id);
            }
            let offset = upload.offset || 0;
            const chunk = Math.min(upload.chunk_size || CHUNK_BYTES, CHUNK_BYTES);
            let failures = 0;
            while (offset < file.size) {
                const end = Math.min(offset + chunk, file.size);
                status.textContent = `${Math.floor((offset * 100) / file.size)} %`;
                try {
                    const answer = await putChunk(upload.upload_id, offset, file.slice(offset, end), (loaded) => {
                        bar.value = offset + loaded;
                        status.textContent = `${Math.floor(((offset + loaded) * 100) / file.size)} %`;
                    });
                    offset = answer.offset;
                    failures = 0;
                } catch (e) {
                    if (e.code === 'offset_mismatch' && e.body && typeof e.body.offset === 'number') {
                        offset = e.body.offset;
                        continue;
                    }
                    if (e.status !== 0 || ++failures > 8)
                        throw e;
                    // The connection dropped: wait, ask the server how much arrived, carry on.
                    status.textContent = 'Connection lost, retrying…';
                    await sleep(Math.min(30000, 1000 * 2 ** (failures - 1)));
                    try {
                        offset = (await api('GET', `/api/v1/portal/uploads/${encodeURIComponent(upload.upload_id)}`))
                            .offset;
                    } catch (again) {
                        if (again.status !== 0)
                            throw again;
                    }
                }
                bar.value = offset;
            }
            status.textContent = 'Saving…';
            await api('POST', `/api/v1/portal/uploads/${encodeURIComponent(upload.upload_id)}/complete`, {});
            localStorage.removeItem(key);
            bar.value = bar.max;
            row.classList.add('upload--done');
            status.textContent = 'Uploaded';
            toast(`“${file.name}” was uploaded.`);
            clearTimeout(startUpload.refresh);
            // Show the new file in the list once a burst of uploads is over.
            startUpload.refresh = setTimeout(() => {
                if (!document.querySelector('.upload:not(.upload--done):not(.upload--failed)'))
                    refreshFiles(project);
            }, 1000);
        } catch (e) {
            if (e.status === 401) {
                handleFailure(e);
                return;
            }
            if (['quota_exceeded', 'file_too_large', 'file_type_not_allowed', 'invalid_field'].includes(e.code))
                localStorage.removeItem(key);
            fail(e.message);
        }
    }

    // --- start ----------------------------------------------------------------------------------

    async function start() {
        const {view, id} = parseLocation();
        // Tokens leave the address bar first, before any request is made.
        const token = view === 'invite' || view === 'reset' || view === 'preview' ? takeFragmentToken() : '';
        if (!state.slug) {
            show('Not found', el('h1', {text: 'There is no portal at this address'}));
            return;
        }
        try {
            state.organisation = (await api('GET', `/api/v1/portal/organisations/${encodeURIComponent(state.slug)}`))
                .organisation;
        } catch (e) {
            show('Not found', el('h1', {text: e.status === 404 ? 'There is no portal at this address'
                : 'The portal cannot be reached'}), el('p', {text: e.message}));
            return;
        }
        applyBrand(state.organisation);
        if (view === 'preview') {
            previewView(token);
            return;
        }
        // An invitation or a reset link works while the portal is still closed; the projects wait.
        if (view === 'invite') {
            inviteView(token);
            return;
        }
        if (view === 'reset') {
            resetView(token);
            return;
        }
        if (!state.organisation.portal_enabled) {
            show('Closed', el('h1', {text: `${state.organisation.name}'s client portal is closed`}),
                el('p', {text: `Ask your contact at ${state.organisation.name} when it opens again.`}));
            return;
        }
        try {
            const me = await api('GET', '/api/v1/portal/me');
            // A session of another organisation's portal does not count here.
            if (me.organisation && me.organisation.slug === state.slug) {
                state.contact = me.contact;
                state.csrf = me.csrf;
            }
        } catch (e) {
            if (e.status !== 401) {
                show('Unavailable', el('h1', {text: 'The portal cannot be reached'}), el('p', {text: e.message}));
                return;
            }
        }
        renderAccount();
        if (view === 'forgot') {
            forgotView();
            return;
        }
        if (!state.contact) {
            signInView();
            return;
        }
        if (view === 'projects' && id)
            projectView(decodeURIComponent(id));
        else if (view === 'signin')
            go('/');
        else
            projectsView();
    }

    document.addEventListener('DOMContentLoaded', () => {
        // The skip link moves focus without putting "#main" into the address (where a token lives).
        document.querySelector('.skip-link').addEventListener('click', (event) => {
            event.preventDefault();
            main().focus();
        });
        start();
    });
})();
