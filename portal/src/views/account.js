// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in client's account: name, language, password (the current one first; other devices are signed
// out), two-factor sign-in, how often notification e-mail comes, and the devices signed in, each of
// which can be signed out. The server decides everything; this page only asks. Turning two-factor
// sign-in on is shared with a sign-in that may only continue that way (views/signin.js).

import {api} from '../api.js';
import {alertBox, el, field, main, show, toast} from '../dom.js';
import {deviceName, formatDate} from '../format.js';
import {actionForm} from '../form.js';
import {errorText, t} from '../i18n.js';
import {useLanguage} from '../language.js';
import {handleFailure, renderAccount, revealSecondFactor} from '../session.js';
import {state} from '../state.js';
import {mailChoices} from './email.js';
import {newPasswordFields} from './password.js';

export async function accountView()
{
    let account;
    try {
        account = await api('GET', '/api/v1/portal/account');
    } catch (e) {
        handleFailure(e, main());
        return;
    }
    show(t('account.title'), el('p', {class : 'breadcrumb'}, el('a', {href : `${state.base}/`}, t('projects.heading'))),
        el('h1', {text : t('account.title')}), el('p', {class : 'muted', text : account.email}), nameSection(account),
        languageSection(account), passwordSection(), secondFactorSection(account.second_factor || {}), notificationSection(account),
        sessionsSection(account.sessions || []));
    // The link of the notice asking for two-factor sign-in (session.js) leads here.
    if (location.hash === '#second-factor')
        revealSecondFactor();
}

function section(key, title, ...content)
{
    return el('section', {'aria-labelledby' : `${key}-h`, class : 'card account-section'},
        el('h2', {id : `${key}-h`, text : title}), ...content);
}

function nameSection(account)
{
    const name = el('input', {type : 'text', name : 'name', autocomplete : 'name', maxlength : 200, required : true,
                              value : account.name});
    const form = actionForm({
        label : t('account.saveName'),
        check : () => !name.value.trim() && t('account.enterName'),
        send : async ({message}) => {
            const saved = await api('PATCH', '/api/v1/portal/account', {name : name.value});
            name.value = saved.name;
            state.contact.name = saved.name;
            renderAccount();
            message.append(alertBox(t('account.nameSaved'), true));
        },
    },
        field(t('account.name'), name, t('account.nameHint')));
    return section('name', t('account.profile'), form);
}

// The language of the portal and of the e-mails it sends: automatic (the browser's), or one chosen.
// Saving draws the page again in it.
function languageSection(account)
{
    const names = {en : 'English', de : 'Deutsch'}; // each in its own language
    const select = el('select', {name : 'language', id : 'account-language'},
        el('option', {value : '', selected : !account.language}, t('account.languageAutomatic')),
        Object.entries(names).map(([ value, label ]) =>
            el('option', {value, lang : value, selected : account.language === value}, label)));
    const form = actionForm({
        label : t('account.saveLanguage'),
        messageId : 'language-message',
        send : async () => {
            const saved = await api('PATCH', '/api/v1/portal/account', {language : select.value});
            state.contact.language = saved.language || '';
            useLanguage(state.contact.language);
            renderAccount();
            await accountView(); // a new page, in the new language: the word goes there
            const again = document.getElementById('language-message');
            if (again)
                again.replaceChildren(alertBox(t('account.languageSaved'), true));
        },
    },
        field(t('account.languageLabel'), select, t('account.languageHint')));
    return section('language', t('account.language'), form);
}

function passwordSection()
{
    const current = el('input', {type : 'password', name : 'current-password', autocomplete : 'current-password',
                                 required : true});
    const pw = newPasswordFields(t('account.newPassword'));
    const form = actionForm({
        label : t('account.changePassword'),
        check : () => (!current.value ? t('account.enterCurrent') : pw.problem()),
        send : async ({message}) => {
            await api('POST', '/api/v1/portal/account/password',
                {current_password : current.value, new_password : pw.password.value});
            current.value = pw.password.value = pw.repeat.value = '';
            message.append(alertBox(t('account.passwordChanged'), true));
            refreshSessions();
        },
        failed : (e, message) => {
            current.value = '';
            handleFailure(e, message);
        },
    },
        field(t('account.currentPassword'), current), ...pw.fields);
    return section('password', t('account.passwordHeading'), form);
}

// Two-factor sign-in: off (what it is, and a button), enrolling (the QR code the server draws, the
// key as text, a first code), the recovery codes shown once, or on (codes left, new ones).
function secondFactorSection(status)
{
    const body = el('div', {id : 'second-factor'});
    const render = (s) => body.replaceChildren(...(s.enabled ? secondFactorOn(s, render) : secondFactorOff(render)));
    render(status);
    return section('second-factor', t('account.secondFactor'), body);
}

function secondFactorOff(render)
{
    const message = el('div', {'aria-live' : 'polite'});
    const start = el('button', {class : 'button', type : 'button', id : 'second-factor-start'},
        t('account.turnOnSecondFactor'));
    start.addEventListener('click', async () => {
        message.replaceChildren();
        start.disabled = true;
        try {
            const enrolment = await api('POST', '/api/v1/portal/account/second-factor/enrol', {});
            const key = enrolment.secret.replace(/\s/g, '');
            const qr = `/api/v1/portal/account/second-factor/qr?v=${encodeURIComponent(key.slice(0, 4))}`;
            const confirm = async (code) => {
                const answer = await api('POST', '/api/v1/portal/account/second-factor/confirm', {code});
                // Set up now: the portal's request to do so (the notice under the header) goes.
                state.secondFactorRequiredBy = '';
                renderAccount();
                document.getElementById('second-factor').replaceChildren(...savedCodes(answer.recovery_codes, render));
            };
            start.closest('#second-factor')
                .replaceChildren(...enrolmentSteps({secret : enrolment.secret, qr, submit : t('account.turnOn'), confirm,
                                                    failed : handleFailure}));
        } catch (e) {
            handleFailure(e, message);
            start.disabled = false;
        }
    });
    return [
        el('p', {text : t('account.secondFactorWhat')}),
        message, el('div', {class : 'actions'}, start)
    ];
}

// Turning two-factor sign-in on, here and in a sign-in that may only continue by enrolling (views/
// signin.js): the QR code (`qr`, its address), the key as text, and a first code from the app, which
// `confirm(code)` sends; it draws what comes next. A wrong code keeps the form; `failed(error,
// where)` says what went wrong otherwise.
export function enrolmentSteps({secret, qr, submit : submitLabel, confirm, failed})
{
    const key = secret.replace(/\s/g, '').replace(/(.{4})/g, '$1 ').trim();
    const image =
        el('img', {class : 'qr', alt : t('account.qrAlt'), width : 222, height : 222, src : qr});
    const code = el('input', {type : 'text', name : 'second-factor-code', autocomplete : 'one-time-code',
                              inputmode : 'numeric', maxlength : 10, required : true, spellcheck : 'false'});
    const typed = () => code.value.replace(/\s/g, '');
    const form = actionForm({
        label : submitLabel,
        check : () => {
            if (/^\d{6}$/.test(typed()))
                return '';
            code.focus();
            return t('account.sixDigits');
        },
        send : () => confirm(typed()),
        failed : (e, message) => {
            code.value = '';
            if (e.code === 'invalid_code')
                message.append(alertBox(t('account.codeWrongClock')));
            else
                failed(e, message);
            if (code.isConnected)
                code.focus();
        },
        leaves : true, // confirm() draws what comes next
    },
        field(t('account.codeFromApp'), code));
    return [
        el('p', {text : t('account.scanStep')}), image,
        el('p', {}, t('account.key'), el('code', {class : 'secret', text : key})), el('p', {text : t('account.enterStep')}),
        form
    ];
}

// The recovery codes of a factor just set up (or renewed), shown once; `done` when they are saved.
export function recoveryCodesShown(codes, doneLabel, done)
{
    const button = el('button', {class : 'button', type : 'button'}, doneLabel);
    button.addEventListener('click', done);
    return [
        alertBox(t('account.secondFactorOn'), true), el('p', {text : t('account.keepCodes')}),
        el('ul', {class : 'recovery-codes', id : 'recovery-codes'}, codes.map((c) => el('li', {}, el('code', {text : c})))),
        el('div', {class : 'actions'}, button)
    ];
}

// On the account page, the codes are followed by the section as it is now (codes left).
function savedCodes(codes, render)
{
    return recoveryCodesShown(codes, t('account.savedThem'), async () => {
        try {
            render((await api('GET', '/api/v1/portal/account')).second_factor || {});
        } catch (e) {
            handleFailure(e);
        }
    });
}

function secondFactorOn(status, render)
{
    const code = el('input', {type : 'text', name : 'second-factor-code', autocomplete : 'one-time-code',
                              inputmode : 'numeric', maxlength : 10, required : true});
    const form = actionForm({
        label : t('account.newCodes'),
        button : 'button button--secondary',
        send : async ({form}) => {
            const answer = await api('POST', '/api/v1/portal/account/second-factor/recovery-codes',
                {code : code.value.replace(/\s/g, '')});
            form.closest('#second-factor').replaceChildren(...savedCodes(answer.recovery_codes, render));
        },
        failed : (e, message) => {
            code.value = '';
            message.append(alertBox(e.code === 'invalid_code' ? t('account.codeWrong') : errorText(e)));
        },
        leaves : true, // the codes take the form's place
    },
        field(t('account.codeFromApp'), code, t('account.newCodesHint')));
    const left = status.recovery_codes_left;
    return [
        alertBox(t('account.secondFactorOn'), true), el('p', {class : 'muted', text : t('account.codesLeft', {count : left})}),
        form
    ];
}

function notificationSection(account)
{
    const current = (account.notifications && account.notifications.email) || 'immediate';
    const form = actionForm({
        label : t('account.save'),
        send : async ({form, message}) => {
            const chosen = form.querySelector('input[name="account-mail"]:checked');
            await api('POST', '/api/v1/portal/account/notifications', {email : chosen.value});
            message.append(alertBox(t('account.saved'), true));
        },
    },
        mailChoices('account-mail', current, t('account.mailLegend')));
    return section('notifications', t('account.notifications'), form);
}

function sessionsSection(sessions)
{
    const list = el('ul', {class : 'list sessions', id : 'sessions'});
    const message = el('div', {'aria-live' : 'polite'});
    fillSessions(list, sessions);
    const others = el('button', {class : 'button button--secondary', type : 'button', id : 'end-others'},
        t('account.signOutOthers'));
    others.addEventListener('click', async () => {
        message.replaceChildren();
        others.disabled = true;
        try {
            const answer = await api('POST', '/api/v1/portal/sessions/end-others', {});
            toast(t('account.othersSignedOut', {count : answer.ended}));
            refreshSessions();
        } catch (e) {
            handleFailure(e, message);
        }
        others.disabled = false;
    });
    return section('sessions', t('account.devices'), list, message, el('div', {class : 'actions'}, others));
}

function fillSessions(list, sessions)
{
    list.replaceChildren(...sessions.map((s) => {
        const facts = [ s.address, t('account.lastSeen', {date : formatDate(s.last_seen_at)}) ].filter(Boolean).join(' · ');
        const side = s.current ? el('span', {class : 'badge', text : t('account.thisDevice')})
                               : el('button', {class : 'button button--small button--secondary', type : 'button',
                                               'aria-label' : t('account.signOutDevice', {device : deviceName(s.device), facts}),
                                               onclick : () => endSession(s.id)},
                                     t('account.signOut'));
        return el('li', {class : 'card session', 'data-id' : s.id},
            el('div', {class : 'item'},
                el('div', {class : 'item__main'}, el('h3', {class : 'item__title', text : deviceName(s.device)}),
                    el('div', {class : 'item__meta muted', text : facts})),
                side));
    }));
}

async function endSession(id)
{
    try {
        await api('DELETE', `/api/v1/portal/sessions/${encodeURIComponent(id)}`, {});
        toast(t('account.deviceSignedOut'));
    } catch (e) {
        handleFailure(e);
    }
    refreshSessions();
}

async function refreshSessions()
{
    const list = document.getElementById('sessions');
    if (!list)
        return;
    try {
        fillSessions(list, (await api('GET', '/api/v1/portal/account')).sessions || []);
    } catch (e) {
        handleFailure(e);
    }
}
