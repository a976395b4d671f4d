// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// One project: its sign-offs, tasks and files as the client may see them, comments, answers to
// sign-offs, and uploads.

import {api} from '../api.js';
import {alertBox, el, field, main, show, toast} from '../dom.js';
import {fileMeta, formatBytes, formatDate, signoffLabels, statusLabels} from '../format.js';
import {handleFailure} from '../session.js';
import {state} from '../state.js';
import {startUpload, uploadSection} from '../uploads.js';

export async function projectView(id)
{
    let page;
    try {
        page = await api('GET', `/api/v1/portal/projects/${encodeURIComponent(id)}`);
    } catch (e) {
        if (e.status === 404) {
            show('Not found', el('h1', {text : 'This project is not available'}),
                el('p', {text : 'It may no longer be shared with you.'}),
                el('a', {href : `${state.base}/`}, 'Back to your projects'));
            return;
        }
        handleFailure(e, main());
        return;
    }
    const project = page.project;
    const sections = [
        el('p', {class : 'breadcrumb'}, el('a', {href : `${state.base}/`}, 'Your projects')),
        el('h1', {text : project.name}),
        project.description ? el('p', {class : 'welcome', text : project.description}) : null,
    ];
    if (page.signoffs.length)
        sections.push(
            el('section', {'aria-labelledby' : 'signoffs-h'}, el('h2', {id : 'signoffs-h', text : 'Sign-offs'}),
                el('ul', {class : 'list'}, page.signoffs.map((s) => el('li', {}, signoffCard(s))))));
    sections.push(el('section', {'aria-labelledby' : 'tasks-h'}, el('h2', {id : 'tasks-h', text : 'Tasks'}),
        page.tasks.length ? el('ul', {class : 'list'}, page.tasks.map((t) => el('li', {}, taskCard(t))))
                          : el('p', {class : 'muted', text : 'No tasks are shared with you in this project.'})));
    sections.push(el('section', {'aria-labelledby' : 'files-h'}, el('h2', {id : 'files-h', text : 'Files'}),
        page.files.length
            ? el('ul', {class : 'list', id : 'files-list'}, page.files.map((f) => el('li', {}, fileCard(f, project))))
            : el('p', {class : 'muted', id : 'files-empty', text : 'No files are shared with you in this project.'})));
    if (project.can && project.can.upload)
        sections.push(uploadSection(project, refreshFiles));
    show(project.name, ...sections);
    revealLinkedItem();
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

function commentsBlock(entity, item)
{
    const list = el('ol', {'aria-label' : 'Comments'}, (item.comments || []).map(commentItem));
    const body = el('textarea', {name : 'comment', maxlength : 10000, required : true, rows : 3});
    const submit = el('button', {class : 'button button--small', type : 'submit'}, 'Add comment');
    const message = el('div', {'aria-live' : 'polite'});
    const form = el('form', {
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!body.value.trim()) {
                message.append(alertBox('Write a comment first.'));
                return;
            }
            submit.disabled = true;
            try {
                const answer = await api('POST', '/api/v1/portal/comments',
                    {target_entity : entity, target_id : item.id, body : body.value});
                list.append(commentItem(answer.comment));
                body.value = '';
                toast('Comment added.');
            } catch (e) {
                handleFailure(e, message);
            }
            submit.disabled = false;
        }
    },
        field('Your comment', body), message, el('div', {class : 'actions'}, submit));
    return el('div', {class : 'comments'}, list, form);
}

function commentItem(c)
{
    const who = c.author_kind === 'contact' ? c.author_name : `${c.author_name} (${state.organisation.name})`;
    return el('li', {},
        el('div', {class : 'comment__who'}, who, ' · ',
            el('time', {datetime : c.created_at, text : formatDate(c.created_at)})),
        el('div', {class : 'comment__body', text : c.body}));
}

function taskCard(task)
{
    const side = el('div', {class : 'item__side'});
    if (task.can && task.can.edit) {
        const select = el('select', {name : 'status', 'aria-label' : `Status of ${task.title}`},
            Object.entries(statusLabels).map(([ value,
                label ]) => el('option', {value, selected : value === task.status}, label)));
        select.addEventListener('change', async () => {
            select.disabled = true;
            try {
                const answer =
                    await api('PATCH', `/api/v1/portal/tasks/${encodeURIComponent(task.id)}`, {status : select.value});
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
        side.append(el('span', {class : 'badge', text : statusLabels[task.status] || task.status}));
    }
    const meta = [];
    if (task.due_date)
        meta.push(`Due ${task.due_date}`);
    meta.push(task.can && task.can.edit ? 'You can change this task' : 'View only');
    const card = el('article', {class : 'card task', 'data-id' : task.id, id : `task-${task.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'}, el('h3', {class : 'item__title', text : task.title}),
                task.description ? el('p', {text : task.description}) : null,
                el('div', {class : 'item__meta muted', text : meta.join(' · ')})),
            side));
    if (task.can && task.can.comment)
        card.append(commentsBlock('task', task));
    return card;
}

// After uploads: new files join the list and new versions update their line. Nothing else on the
// page is redrawn, so a comment being typed or a refused upload's message stays where it is.
async function refreshFiles(project)
{
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
        list = el('ul', {class : 'list', id : 'files-list'});
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

function fileCard(file, project)
{
    const side = el('div', {class : 'item__side'});
    if (file.can && file.can.download)
        side.append(el('a', {
            class : 'button button--small button--secondary',
            download : file.name,
            href : `/api/v1/portal/files/${encodeURIComponent(file.id)}/content`,
            'aria-label' : `Download ${file.name}`
        },
            'Download'));
    const card = el('article', {class : 'card file', 'data-id' : file.id, id : `file-${file.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'}, el('h3', {class : 'item__title', text : file.name}),
                el('div', {class : 'item__meta muted', text : fileMeta(file)})),
            side));
    if (file.can && file.can.edit) {
        const progress = el('ul', {class : 'uploads'});
        const input = el('input', {type : 'file', class : 'file-input', 'aria-label' : `New version of ${file.name}`});
        input.addEventListener('change', () => {
            if (input.files.length)
                startUpload(project, input.files[0], file.id, progress, refreshFiles);
            input.value = '';
        });
        side.append(el('button', {class : 'button button--small', type : 'button', onclick : () => input.click()},
                        'Upload new version'),
            input);
        card.append(progress);
    }
    if (file.can && file.can.comment)
        card.append(commentsBlock('file', file));
    return card;
}

function signoffCard(s)
{
    const files = el('ul', {class : 'signoff__files'},
        (s.files || [])
            .map((f) => el('li', {},
                     el('a', {
                         download : f.name,
                         href : `/api/v1/portal/signoffs/${encodeURIComponent(s.id)}/files/` +
                             `${encodeURIComponent(f.id)}/content`
                     },
                         f.name),
                     ` (${formatBytes(f.size || 0)})`)));
    const badgeClass = s.status === 'approved' ? 'badge badge--approved'
        : s.status === 'rejected'              ? 'badge badge--rejected'
                                               : 'badge';
    const card = el('article', {class : 'card signoff', 'data-id' : s.id, id : `signoff-${s.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'}, el('h3', {class : 'item__title', text : s.title}),
                el('div', {class : 'item__meta muted', text : s.sent_at ? `Sent ${formatDate(s.sent_at)}` : ''})),
            el('span', {class : badgeClass, text : signoffLabels[s.status] || s.status})),
        s.description ? el('p', {class : 'welcome', text : s.description}) : null,
        s.files && s.files.length ? el('p', {class : 'muted', text : 'Files, exactly as sent:'}) : null,
        s.files && s.files.length ? files : null);
    if (s.status === 'approved' || s.status === 'rejected') {
        card.append(el('p', {
            text : `${s.status === 'approved' ? 'Approved' : 'Changes requested'} by ` +
                `${s.responded_by_name || 'you'} on ${formatDate(s.responded_at)}.`
        }));
        if (s.response_comment)
            card.append(el('p', {class : 'comment__body', text : `“${s.response_comment}”`}));
    } else if (s.can && s.can.approve) {
        card.append(decisionForm(s, card));
    }
    return card;
}

function decisionForm(s, card)
{
    const comment = el('textarea', {name : 'decision-comment', maxlength : 5000, rows : 3});
    const message = el('div', {'aria-live' : 'polite'});
    const approve = el('button', {class : 'button', type : 'button'}, 'Approve');
    const reject = el('button', {class : 'button button--secondary', type : 'button'}, 'Request changes');
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
                {decision, comment : comment.value});
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
    return el('div', {class : 'signoff__decide'},
        field('Comment for the team', comment, 'Optional when you approve; needed when you ask for changes.'), message,
        el('div', {class : 'actions'}, approve, reject));
}
