// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// One project: its sign-offs, tasks and files as the client may see them, comments, answers to
// sign-offs, and uploads.

import {api} from '../api.js';
import {el, field, main, show, toast} from '../dom.js';
import {
    fileMeta,
    formatDate,
    formatDay,
    groupByFolder,
    isNewSince,
    projectStatusLabels,
    statusInSentence,
    statusLabels
} from '../format.js';
import {actionForm} from '../form.js';
import {t} from '../i18n.js';
import {handleFailure} from '../session.js';
import {signoffCard} from '../signoffcard.js';
import {state} from '../state.js';
import {startUpload, uploadSection} from '../uploads.js';
import {fileThumb} from '../viewer.js';

export async function projectView(id)
{
    let page;
    try {
        page = await api('GET', `/api/v1/portal/projects/${encodeURIComponent(id)}`);
    } catch (e) {
        if (e.status === 404) {
            show(t('main.notFound'), el('h1', {text : t('project.notAvailable')}),
                el('p', {text : t('project.noLongerShared')}),
                el('a', {href : `${state.base}/`}, t('project.backToProjects')));
            return;
        }
        handleFailure(e, main());
        return;
    }
    // What changed since the visit before this one is marked "new"; a first visit marks nothing.
    let since = null;
    try {
        since = (await api('POST', `/api/v1/portal/projects/${encodeURIComponent(id)}/visit`, {})).previous_visit_at;
    } catch {
        // Only the marks depend on it.
    }
    const isNew = (wire) => isNewSince(wire, since);
    const project = page.project;
    const waiting = page.signoffs.filter((s) => s.can && s.can.approve);
    const answered = page.signoffs.filter((s) => !(s.can && s.can.approve));
    const facts = [ projectStatusLabels[project.status] || project.status ];
    if (project.due_date)
        facts.push(t('projects.due', {date : formatDay(project.due_date)}));
    const sections = [
        el('p', {class : 'breadcrumb'}, el('a', {href : `${state.base}/`}, t('projects.heading'))),
        el('h1', {text : project.name}),
        el('p', {class : 'muted', text : facts.join(' · ')}),
        project.description ? el('p', {class : 'welcome', text : project.description}) : null,
    ];
    if (waiting.length)
        sections.push(section('waiting', t('project.waiting'),
            el('ul', {class : 'list'}, waiting.map((s) => el('li', {}, signoffCard(s, `/api/v1/portal/signoffs/${encodeURIComponent(s.id)}`, isNew))))));
    sections.push(section('tasks', t('project.tasks'),
        page.tasks.length ? el('ul', {class : 'list'}, page.tasks.map((t) => el('li', {}, taskCard(t, isNew))))
                          : el('p', {class : 'muted', text : t('project.noTasks')})));
    const files = el('div', {id : 'files-list'});
    fillFiles(files, page.files, project, isNew);
    const downloadAll = page.files.some((f) => f.can && f.can.download)
        ? el('p', {class : 'actions'},
              el('a', {class : 'button button--secondary', id : 'download-all',
                       href : `/api/v1/portal/projects/${encodeURIComponent(project.id)}/download`},
                  t('project.downloadAll')))
        : null;
    sections.push(section('files', t('project.files'), downloadAll,
        page.files.length ? files
                          : el('p', {class : 'muted', id : 'files-empty', text : t('project.noFiles')})));
    if (project.can && project.can.upload)
        sections.push(uploadSection(project, (p) => refreshFiles(p, isNew)));
    if (answered.length)
        sections.push(section('signoffs', t('project.signoffs'),
            el('ul', {class : 'list'}, answered.map((s) => el('li', {}, signoffCard(s, `/api/v1/portal/signoffs/${encodeURIComponent(s.id)}`, isNew))))));
    sections.push(section('activity', t('project.activity'), activityList(page.activity || [])));
    show(project.name, ...sections);
    revealLinkedItem();
}

function section(key, title, ...content)
{
    return el('section', {'aria-labelledby' : `${key}-h`, class : `section section--${key}`},
        el('h2', {id : `${key}-h`, text : title}), ...content);
}

function newBadge(shown)
{
    return shown ? el('span', {class : 'badge badge--new', text : t('badge.new')}) : null;
}

// The project's recent history, as far as the client may see it (the server chose the entries).
function activityList(entries)
{
    if (!entries.length)
        return el('p', {class : 'muted', text : t('activity.none')});
    // The latest few; the rest on request, so a phone's page does not end in a long history.
    const shown = 8;
    const list = el('ol', {class : 'activity', 'aria-label' : t('activity.recent')}, entries.map((e, i) => {
        const who = e.actor_kind === 'you' ? t('activity.you')
            : e.actor_kind === 'staff'      ? t('activity.staff', {name : e.actor_name, organisation : state.organisation.name})
                                            : e.actor_name;
        return el('li', {class : 'activity__entry', hidden : i >= shown}, el('span', {text : activitySentence(who, e)}),
            el('time', {class : 'muted', datetime : e.at, text : formatDate(e.at)}));
    }));
    if (entries.length <= shown)
        return list;
    const more = el('button', {class : 'button button--small button--secondary', type : 'button'},
        t('activity.showAll', {count : entries.length}));
    more.addEventListener('click', () => {
        for (const item of list.children)
            item.hidden = false;
        more.remove();
        list.children[shown].setAttribute('tabindex', '-1');
        list.children[shown].focus();
    });
    return el('div', {}, list, more);
}

export function activitySentence(who, e)
{
    const item = e.item_title;
    switch (e.what) {
    case 'shared':
        return t('activity.shared', {who, item});
    case 'status':
        return t('activity.status', {who, item, status : statusInSentence[e.detail] || e.detail});
    case 'new_version':
        return t('activity.newVersion', {who, item});
    case 'commented':
        return t('activity.commented', {who, item, comment : e.detail});
    case 'sent':
        return t('activity.sent', {who, item});
    case 'approved':
        return t('activity.approved', {who, item});
    case 'rejected':
        return t('activity.rejected', {who, item});
    default:
        return t('activity.other', {who, item});
    }
}

// A link from an e-mail names one item ("#task-<id>"): bring it into view and give it focus.
function revealLinkedItem()
{
    const match = /^#((task|file|signoff)-[0-9a-f-]{36})$/.exec(location.hash);
    const card = match ? document.getElementById(match[1]) : null;
    if (!card)
        return;
    card.classList.add('card--linked');
    card.scrollIntoView({block : 'center'});
    card.focus({preventScroll : true});
}

// A compact "Comment" / "3 comments" control that opens the thread and the box to answer in, so
// a page of many items is not a page of empty boxes.
function commentsBlock(entity, item)
{
    const comments = item.comments || [];
    const regionId = `comments-${item.id}`;
    const list = el('ol', {class : 'comments__list', 'aria-label' : t('comments.list')}, comments.map(commentItem));
    const body = el('textarea', {name : 'comment', maxlength : 10000, required : true, rows : 3});
    const toggle = el('button',
        {class : 'button button--small button--secondary comments__toggle', type : 'button', 'aria-expanded' : 'false',
         'aria-controls' : regionId});
    const label = () => {
        const n = list.children.length;
        toggle.textContent = n === 0 ? t('comments.none') : t('comments.toggle', {count : n});
    };
    label();
    const form = actionForm({
        label : t('comments.add'),
        button : 'button button--small',
        formClass : null,
        check : () => !body.value.trim() && t('comments.empty'),
        send : async () => {
            const answer = await api('POST', '/api/v1/portal/comments',
                {target_entity : entity, target_id : item.id, body : body.value});
            list.append(commentItem(answer.comment));
            label();
            body.value = '';
            toast(t('comments.added'));
        },
    },
        field(t('comments.yours'), body));
    const region = el('div', {class : 'comments__thread', id : regionId, hidden : true}, list, form);
    toggle.addEventListener('click', () => {
        const open = region.hidden;
        region.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open)
            body.focus();
    });
    return el('div', {class : 'comments'}, toggle, region);
}

function commentItem(c)
{
    const who = c.author_kind === 'contact' ? c.author_name
                                            : t('activity.staff', {name : c.author_name, organisation : state.organisation.name});
    return el('li', {},
        el('div', {class : 'comment__who'}, who, ' · ',
            el('time', {datetime : c.created_at, text : formatDate(c.created_at)})),
        el('div', {class : 'comment__body', text : c.body}));
}

function taskCard(task, isNew)
{
    const side = el('div', {class : 'item__side'});
    if (task.can && task.can.edit) {
        const selectId = `status-${task.id}`;
        const select = el('select', {name : 'status', id : selectId},
            Object.entries(statusLabels).map(([ value,
                label ]) => el('option', {value, selected : value === task.status}, label)));
        select.addEventListener('change', async () => {
            select.disabled = true;
            try {
                const answer =
                    await api('PATCH', `/api/v1/portal/tasks/${encodeURIComponent(task.id)}`, {status : select.value});
                task.status = answer.task ? answer.task.status : select.value;
                toast(t('task.nowStatus', {title : task.title, status : statusInSentence[task.status]}));
            } catch (e) {
                select.value = task.status;
                handleFailure(e);
            }
            select.disabled = false;
        });
        side.append(el('div', {class : 'status-control'},
            el('label', {class : 'status-control__label', for: selectId, text : t('task.status')}), select));
        // Named by its visible label; the task's title describes it.
        select.setAttribute('aria-describedby', `title-${task.id}`);
    } else {
        side.append(el('span', {class : 'badge', text : statusLabels[task.status] || task.status}));
    }
    const meta = [];
    if (task.due_date)
        meta.push(t('projects.due', {date : formatDay(task.due_date)}));
    meta.push(task.can && task.can.edit ? t('task.canChange') : t('task.viewOnly'));
    const card = el('article', {class : 'card task', 'data-id' : task.id, id : `task-${task.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'},
                el('h3', {class : 'item__title'}, el('span', {id : `title-${task.id}`, text : task.title}),
                    newBadge(isNew(task.updated_at))),
                task.description ? el('p', {text : task.description}) : null,
                el('div', {class : 'item__meta muted', text : meta.join(' · ')})),
            side));
    if (task.can && task.can.comment)
        card.append(commentsBlock('task', task));
    return card;
}

// The files, one group per folder (the top level first, untitled), each card kept by id so that a
// refresh never throws away a comment being typed.
function fillFiles(container, files, project, isNew)
{
    const existing = new Map([...container.querySelectorAll('.file') ].map((card) => [ card.dataset.id, card ]));
    const groups = groupByFolder(files).map(([ folder, list ]) => {
        const items = list.map((file) => {
            const kept = existing.get(file.id);
            if (kept) {
                kept.querySelector('.item__meta').textContent = fileMeta(file);
                return el('li', {}, kept);
            }
            return el('li', {}, fileCard(file, project, isNew));
        });
        const heading = folder === '' ? null
            : el('h3', {class : 'folder__name'}, folder === clientUploadsFolder ? t('files.clientUploads')
                                                                              : folder);
        return el('div', {class : 'folder'}, heading, el('ul', {class : 'list'}, items));
    });
    container.replaceChildren(...groups);
}

const clientUploadsFolder = 'Client Uploads';

// After uploads: new files join their folder and new versions update their line. Nothing else on
// the page is redrawn, so a comment being typed or a refused upload's message stays where it is.
async function refreshFiles(project, isNew)
{
    let page;
    try {
        page = await api('GET', `/api/v1/portal/projects/${encodeURIComponent(project.id)}`);
    } catch (e) {
        handleFailure(e);
        return;
    }
    let container = document.getElementById('files-list');
    if (!container) {
        const empty = document.getElementById('files-empty');
        if (!empty)
            return;
        container = el('div', {id : 'files-list'});
        empty.replaceWith(container);
    }
    fillFiles(container, page.files, project, isNew);
}

function fileCard(file, project, isNew)
{
    const side = el('div', {class : 'item__side'});
    if (file.can && file.can.download)
        side.append(el('a', {
            class : 'button button--small button--secondary',
            download : file.name,
            href : `/api/v1/portal/files/${encodeURIComponent(file.id)}/content`,
            'aria-label' : t('file.downloadNamed', {name : file.name})
        },
            t('file.download')));
    const card = el('article', {class : 'card file', 'data-id' : file.id, id : `file-${file.id}`, tabindex : -1},
        el('div', {class : 'item'},
            fileThumb(file.name, file.mime_type,
                file.can && file.can.download ? `/api/v1/portal/files/${encodeURIComponent(file.id)}/preview` : ''),
            el('div', {class : 'item__main'},
                el('h3', {class : 'item__title'}, el('span', {text : file.name}), newBadge(isNew(file.updated_at))),
                el('div', {class : 'item__meta muted', text : fileMeta(file)})),
            side));
    if (file.can && file.can.edit) {
        const progress = el('ul', {class : 'uploads'});
        const input = el('input', {type : 'file', class : 'file-input', 'aria-label' : t('file.newVersionOf', {name : file.name})});
        input.addEventListener('change', () => {
            if (input.files.length)
                startUpload(project, input.files[0], file.id, progress, (p) => refreshFiles(p, isNew));
            input.value = '';
        });
        side.append(el('button', {class : 'button button--small', type : 'button', onclick : () => input.click()},
                        t('file.uploadNewVersion')),
            input);
        card.append(progress);
    }
    if (file.can && file.can.comment)
        card.append(commentsBlock('file', file));
    return card;
}
