// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A sign-off as its approvers see it, in a project page or opened from a personal link: what is
// asked (the files exactly as sent, with previews), by when, who must approve and what each of them
// answered, the earlier rounds, and the answer form while the reader still has to answer.

import {api} from './api.js';
import {alertBox, el, field, toast} from './dom.js';
import {formatBytes, formatDate, formatDay, signoffLabels} from './format.js';
import {t} from './i18n.js';
import {handleFailure} from './session.js';
import {fileThumb} from './viewer.js';

export const decisionLabels = {
    get approved() { return t('signoff.decision.approved'); },
    get rejected() { return t('signoff.decision.rejected'); },
};

// "Ivy: approved · Noah: waiting": each approver of a round and their answer. Pure.
export function approverLine(round)
{
    return (round.approvers || [])
        .map((a) => `${a.name}: ${a.decision ? decisionLabels[a.decision] || a.decision : t('signoff.approverWaiting')}`)
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
    const label = s.status === 'sent' && !waitingForReader ? t('signoff.waitingForAnswers') : signoffLabels[s.status] || s.status;
    const meta = [];
    if (s.round > 1)
        meta.push(t('signoff.round', {round : s.round}));
    if (s.sent_at)
        meta.push(t('signoff.sent', {date : formatDate(s.sent_at)}));
    if (s.due_date && s.status === 'sent')
        meta.push(t('signoff.answerBy', {date : formatDay(s.due_date)}));
    const rounds = s.rounds || [];
    const current = rounds.length ? rounds[rounds.length - 1] : null;
    const card = el('article', {class : 'card signoff', 'data-id' : s.id, id : `signoff-${s.id}`, tabindex : -1},
        el('div', {class : 'item'},
            el('div', {class : 'item__main'},
                el('h3', {class : 'item__title'}, el('span', {text : s.title}),
                    isNew(s.sent_at) ? el('span', {class : 'badge badge--new', text : t('badge.new')}) : null),
                el('div', {class : 'item__meta muted', text : meta.join(' · ')})),
            el('span', {class : badgeClass, text : label})),
        s.description ? el('p', {class : 'welcome', text : s.description}) : null,
        s.files && s.files.length ? el('p', {class : 'muted', text : t('signoff.filesAsSent')}) : null,
        s.files && s.files.length ? files : null,
        s.files && s.files.length > 1
            ? el('p', {},
                  el('a', {class : 'button button--small button--secondary', href : `${base}/download`},
                      t('signoff.downloadFiles')))
            : null,
        current && current.approvers && current.approvers.length
            ? el('p', {class : 'signoff__approvers'}, el('strong', {text : t('signoff.approvers')}), approverLine(current))
            : null);
    if (current)
        for (const a of current.answers || [])
            if (a.comment)
                card.append(el('p', {class : 'comment__body', text : `${a.name}: “${a.comment}”`}));
    if (s.status === 'approved' || s.status === 'rejected') {
        const said = {name : s.responded_by_name, date : formatDate(s.responded_at)};
        const approved = s.status === 'approved';
        card.append(el('p', {
            text : s.responded_by_name ? (approved ? t('signoff.approvedBy', said) : t('signoff.rejectedBy', said))
                                       : (approved ? t('signoff.approvedOn', said) : t('signoff.rejectedOn', said))
        }));
        // The decision as evidence: every round's files (SHA-256) and answers, as a PDF.
        card.append(el('p', {},
            el('a', {class : 'button button--small button--secondary', href : `${base}/certificate`, download : ''},
                t('signoff.certificate'))));
    } else if (waitingForReader) {
        card.append(decisionForm(s, base, card));
    } else if (s.you_answered) {
        card.append(el('p', {class : 'muted', text : t('signoff.othersPending')}));
    }
    if (rounds.length > 1)
        card.append(earlierRounds(rounds.slice(0, -1)));
    return card;
}

// Each earlier round: when it was sent, its files (with the start of their SHA-256) and its answers.
function earlierRounds(rounds)
{
    return el('details', {class : 'signoff__rounds'}, el('summary', {text : t('signoff.earlierRounds', {count : rounds.length})}),
        rounds.map((r) => el('section', {class : 'signoff__round'},
            el('h4', {text : r.sent_at ? t('signoff.roundSent', {round : r.round, date : formatDate(r.sent_at)})
                                  : t('signoff.round', {round : r.round})}),
            el('ul', {class : 'signoff__files'},
                (r.files || []).map((f) => el('li', {}, `${f.name} (${formatBytes(f.size || 0)}) · SHA-256 `,
                    el('code', {text : shortSha(f.sha256), title : f.sha256})))),
            el('ul', {class : 'comments'},
                (r.answers || []).map((a) => el('li', {class : 'comment'},
                    el('span', {class : 'comment__meta muted',
                                text : t('signoff.answer', {name : a.name, decision : decisionLabels[a.decision] || a.decision,
                                                            date : formatDate(a.at)}) +
                                    (a.via === 'link' ? t('signoff.byLink') : '')}),
                    a.comment ? el('p', {class : 'comment__body', text : a.comment}) : null))))));
}

function decisionForm(s, base, card)
{
    const comment = el('textarea', {name : 'decision-comment', maxlength : 5000, rows : 3});
    const message = el('div', {'aria-live' : 'polite'});
    const approve = el('button', {class : 'button', type : 'button'}, t('signoff.approve'));
    const reject = el('button', {class : 'button button--secondary', type : 'button'}, t('signoff.requestChanges'));
    const decide = async (decision) => {
        message.replaceChildren();
        if (decision === 'rejected' && !comment.value.trim()) {
            message.append(alertBox(t('signoff.sayWhat')));
            comment.focus();
            return;
        }
        approve.disabled = reject.disabled = true;
        try {
            const answer = await api('POST', `${base}/decision`, {decision, comment : comment.value});
            card.replaceWith(signoffCard(answer.signoff, base));
            toast(decision === 'approved' ? t('signoff.thanks') : t('signoff.changesSent'));
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
        field(t('signoff.commentLabel'), comment, t('signoff.commentHint')), message,
        el('div', {class : 'actions'}, approve, reject));
}
