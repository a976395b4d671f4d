// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A sign-off as its approvers see it, in a project page or opened from a personal link: what is
// asked (the files exactly as sent, with previews), by when, who must approve and what each of them
// answered, the earlier rounds, and the answer form while the reader still has to answer.

import {api} from './api.js';
import {alertBox, el, field, toast} from './dom.js';
import {formatBytes, formatDate, formatDay, signoffLabels} from './format.js';
import {handleFailure} from './session.js';
import {fileThumb} from './viewer.js';

export const decisionLabels = {
    approved : 'approved',
    rejected : 'asked for changes'
};

// "Ivy: approved · Noah: waiting": each approver of a round and their answer. Pure.
export function approverLine(round)
{
    return (round.approvers || [])
        .map((a) => `${a.name}: ${a.decision ? decisionLabels[a.decision] || a.decision : 'waiting'}`)
        .join(' · ');
}

// The first characters of a SHA-256, enough to tell versions apart when reading. Pure.
export function shortSha(sha)
{
    return (sha || '').slice(0, 12);
}

// `base`: the sign-off's API path (/api/v1/portal/signoffs/<id>, or …/link/signoffs/<id> for a
// personal link). `isNew(wire)` marks what changed since the last visit.
export function signoffCard(s, base, isNew = () => false)
{
    const files = el('ul', {class : 'signoff__files'}, (s.files || []).map((f) => {
        const fileBase = `${base}/files/${encodeURIComponent(f.id)}`;
        // What is to be approved can be seen before it is downloaded.
        return el('li', {class : 'signoff__file'}, fileThumb(f.name, '', `${fileBase}/preview`),
            el('span', {}, el('a', {download : f.name, href : `${fileBase}/content`}, f.name),
                ` (${formatBytes(f.size || 0)})`));
    }));
    const badgeClass = s.status === 'approved' ? 'badge badge--approved'
        : s.status === 'rejected'              ? 'badge badge--rejected'
                                               : 'badge';
    const waitingForReader = s.can && s.can.approve;
    const label = s.status === 'sent' && !waitingForReader ? 'Waiting for answers' : signoffLabels[s.status] || s.status;
    const meta = [];
    if (s.round > 1)
        meta.push(`Round ${s.round}`);
    if (s.sent_at)
        meta.push(`Sent ${formatDate(s.sent_at)}`);
    if (s.due_date && s.status === 'sent')
        meta.push(`Answer by ${formatDay(s.due_date)}`);
    const rounds = s.rounds || [];
    const current = rounds.length ? rounds[rounds.length - 1] : null;
    const card = el('article', {class : 'card signoff', 'data-id' : s.id, id : `signoff-${s.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'},
                el('h3', {class : 'item__title'}, el('span', {text : s.title}),
                    isNew(s.sent_at) ? el('span', {class : 'badge badge--new', text : 'New'}) : null),
                el('div', {class : 'item__meta muted', text : meta.join(' · ')})),
            el('span', {class : badgeClass, text : label})),
        s.description ? el('p', {class : 'welcome', text : s.description}) : null,
        s.files && s.files.length ? el('p', {class : 'muted', text : 'Files, exactly as sent:'}) : null,
        s.files && s.files.length ? files : null,
        s.files && s.files.length > 1
            ? el('p', {},
                  el('a', {class : 'button button--small button--secondary', href : `${base}/download`},
                      'Download these files (ZIP)'))
            : null,
        current && current.approvers && current.approvers.length
            ? el('p', {class : 'signoff__approvers'}, el('strong', {text : 'Approvers: '}), approverLine(current))
            : null);
    if (current)
        for (const a of current.answers || [])
            if (a.comment)
                card.append(el('p', {class : 'comment__body', text : `${a.name}: “${a.comment}”`}));
    if (s.status === 'approved' || s.status === 'rejected') {
        card.append(el('p', {
            text : `${s.status === 'approved' ? 'Approved' : 'Changes requested'}` +
                (s.responded_by_name ? ` by ${s.responded_by_name}` : '') + ` on ${formatDate(s.responded_at)}.`
        }));
        // The decision as evidence: every round's files (SHA-256) and answers, as a PDF.
        card.append(el('p', {},
            el('a', {class : 'button button--small button--secondary', href : `${base}/certificate`, download : ''},
                'Download certificate (PDF)')));
    } else if (waitingForReader) {
        card.append(decisionForm(s, base, card));
    } else if (s.you_answered) {
        card.append(el('p', {class : 'muted', text : 'You have answered; the others have not all answered yet.'}));
    }
    if (rounds.length > 1)
        card.append(earlierRounds(rounds.slice(0, -1)));
    return card;
}

// Each earlier round: when it was sent, its files (with the start of their SHA-256) and its answers.
function earlierRounds(rounds)
{
    return el('details', {class : 'signoff__rounds'}, el('summary', {text : `Earlier rounds (${rounds.length})`}),
        rounds.map((r) => el('section', {class : 'signoff__round'},
            el('h4', {text : `Round ${r.round}` + (r.sent_at ? ` · sent ${formatDate(r.sent_at)}` : '')}),
            el('ul', {class : 'signoff__files'},
                (r.files || []).map((f) => el('li', {}, `${f.name} (${formatBytes(f.size || 0)}) · SHA-256 `,
                    el('code', {text : shortSha(f.sha256), title : f.sha256})))),
            el('ul', {class : 'comments'},
                (r.answers || []).map((a) => el('li', {class : 'comment'},
                    el('span', {class : 'comment__meta muted',
                                text : `${a.name} ${decisionLabels[a.decision] || a.decision}, ${formatDate(a.at)}` +
                                    (a.via === 'link' ? ' (by e-mail link)' : '')}),
                    a.comment ? el('p', {class : 'comment__body', text : a.comment}) : null))))));
}

function decisionForm(s, base, card)
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
            const answer = await api('POST', `${base}/decision`, {decision, comment : comment.value});
            card.replaceWith(signoffCard(answer.signoff, base));
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
