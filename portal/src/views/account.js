// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The signed-in client's account: name, password (the current one first; other devices are signed
// out), two-factor sign-in, how often notification e-mail comes, and the devices signed in, each of
// which can be signed out. The server decides everything; this page only asks. Turning two-factor
// sign-in on is shared with a sign-in that may only continue that way (views/signin.js).

import {api} from '../api.js';
import {alertBox, el, field, main, show, toast} from '../dom.js';
import {deviceName, formatDate} from '../format.js';
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
    show('Your account', el('p', {class : 'breadcrumb'}, el('a', {href : `${state.base}/`}, 'Your projects')),
        el('h1', {text : 'Your account'}), el('p', {class : 'muted', text : account.email}), nameSection(account),
        passwordSection(), secondFactorSection(account.second_factor || {}), notificationSection(account),
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
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Save name');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!name.value.trim()) {
                message.append(alertBox('Enter your name.'));
                return;
            }
            submit.disabled = true;
            try {
                const saved = await api('PATCH', '/api/v1/portal/account', {name : name.value});
                name.value = saved.name;
                state.contact.name = saved.name;
                renderAccount();
                message.append(alertBox('Your name is saved.', true));
            } catch (e) {
                handleFailure(e, message);
            }
            submit.disabled = false;
        }
    },
        field('Name', name, 'How the team and your colleagues see you.'), message, el('div', {class : 'actions'}, submit));
    return section('name', 'Profile', form);
}

function passwordSection()
{
    const current = el('input', {type : 'password', name : 'current-password', autocomplete : 'current-password',
                                 required : true});
    const pw = newPasswordFields('New password');
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Change password');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!current.value) {
                message.append(alertBox('Enter your current password.'));
                return;
            }
            const problem = pw.problem();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/account/password',
                    {current_password : current.value, new_password : pw.password.value});
                current.value = pw.password.value = pw.repeat.value = '';
                message.append(alertBox('Your password is changed. Your other devices were signed out.', true));
                refreshSessions();
            } catch (e) {
                current.value = '';
                handleFailure(e, message);
            }
            submit.disabled = false;
        }
    },
        field('Current password', current), ...pw.fields, message, el('div', {class : 'actions'}, submit));
    return section('password', 'Change your password', form);
}

// Two-factor sign-in: off (what it is, and a button), enrolling (the QR code the server draws, the
// key as text, a first code), the recovery codes shown once, or on (codes left, new ones).
function secondFactorSection(status)
{
    const body = el('div', {id : 'second-factor'});
    const render = (s) => body.replaceChildren(...(s.enabled ? secondFactorOn(s, render) : secondFactorOff(render)));
    render(status);
    return section('second-factor', 'Two-factor sign-in', body);
}

function secondFactorOff(render)
{
    const message = el('div', {'aria-live' : 'polite'});
    const start = el('button', {class : 'button', type : 'button', id : 'second-factor-start'},
        'Turn on two-factor sign-in');
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
                .replaceChildren(...enrolmentSteps({secret : enrolment.secret, qr, submit : 'Turn on', confirm,
                                                    failed : handleFailure}));
        } catch (e) {
            handleFailure(e, message);
            start.disabled = false;
        }
    });
    return [
        el('p', {text : 'Signing in then takes your password and a code from an authenticator app on your phone, so a '
                      + 'stolen password alone is not enough.'}),
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
        el('img', {class : 'qr', alt : 'QR code for your authenticator app', width : 222, height : 222, src : qr});
    const code = el('input', {type : 'text', name : 'second-factor-code', autocomplete : 'one-time-code',
                              inputmode : 'numeric', maxlength : 10, required : true, spellcheck : 'false'});
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, submitLabel);
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const typed = code.value.replace(/\s/g, '');
            if (!/^\d{6}$/.test(typed)) {
                message.append(alertBox('Enter the six digits the app shows.'));
                code.focus();
                return;
            }
            submit.disabled = true;
            try {
                await confirm(typed);
            } catch (e) {
                code.value = '';
                if (e.code === 'invalid_code')
                    message.append(alertBox('That code is not right. Check that the phone\'s clock is right and '
                                            + 'enter the newest code.'));
                else
                    failed(e, message);
                submit.disabled = false;
                if (code.isConnected)
                    code.focus();
            }
        }
    },
        field('Code from the app', code), message, el('div', {class : 'actions'}, submit));
    return [
        el('p', {text : '1. Scan this code with your authenticator app (for example FreeOTP, Aegis or Google '
                      + 'Authenticator), or type the key into it.'}),
        image, el('p', {}, 'Key: ', el('code', {class : 'secret', text : key})),
        el('p', {text : '2. Enter the code the app shows.'}), form
    ];
}

// The recovery codes of a factor just set up (or renewed), shown once; `done` when they are saved.
export function recoveryCodesShown(codes, doneLabel, done)
{
    const button = el('button', {class : 'button', type : 'button'}, doneLabel);
    button.addEventListener('click', done);
    return [
        alertBox('Two-factor sign-in is on.', true),
        el('p', {text : 'Keep these recovery codes somewhere safe, away from your phone: each signs you in once if the '
                      + 'phone is lost. They are shown only now.'}),
        el('ul', {class : 'recovery-codes', id : 'recovery-codes'}, codes.map((c) => el('li', {}, el('code', {text : c})))),
        el('div', {class : 'actions'}, button)
    ];
}

// On the account page, the codes are followed by the section as it is now (codes left).
function savedCodes(codes, render)
{
    return recoveryCodesShown(codes, 'I have saved them', async () => {
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
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button button--secondary', type : 'submit'}, 'Make new recovery codes');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            submit.disabled = true;
            try {
                const answer = await api('POST', '/api/v1/portal/account/second-factor/recovery-codes',
                    {code : code.value.replace(/\s/g, '')});
                form.closest('#second-factor').replaceChildren(...savedCodes(answer.recovery_codes, render));
            } catch (e) {
                code.value = '';
                message.append(alertBox(e.code === 'invalid_code' ? 'That code is not right. Enter the newest one.'
                                                                  : e.message));
                submit.disabled = false;
            }
        }
    },
        field('Code from the app', code, 'New recovery codes replace all the earlier ones.'), message,
        el('div', {class : 'actions'}, submit));
    const left = status.recovery_codes_left;
    return [
        alertBox('Two-factor sign-in is on.', true),
        el('p', {class : 'muted',
                 text : `${left === 1 ? 'One recovery code' : `${left} recovery codes`} left. Lost your phone and `
                     + 'your codes? Your contact can turn it off for you.'}),
        form
    ];
}

function notificationSection(account)
{
    const current = (account.notifications && account.notifications.email) || 'immediate';
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Save');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const chosen = form.querySelector('input[name="account-mail"]:checked');
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/account/notifications', {email : chosen.value});
                message.append(alertBox('Saved.', true));
            } catch (e) {
                handleFailure(e, message);
            }
            submit.disabled = false;
        }
    },
        mailChoices('account-mail', current, 'E-mail me about new activity'), message,
        el('div', {class : 'actions'}, submit));
    return section('notifications', 'E-mail notifications', form);
}

function sessionsSection(sessions)
{
    const list = el('ul', {class : 'list sessions', id : 'sessions'});
    const message = el('div', {'aria-live' : 'polite'});
    fillSessions(list, sessions);
    const others = el('button', {class : 'button button--secondary', type : 'button', id : 'end-others'},
        'Sign out all other devices');
    others.addEventListener('click', async () => {
        message.replaceChildren();
        others.disabled = true;
        try {
            const answer = await api('POST', '/api/v1/portal/sessions/end-others', {});
            toast(answer.ended === 1 ? 'One other device was signed out.'
                                     : `${answer.ended} other devices were signed out.`);
            refreshSessions();
        } catch (e) {
            handleFailure(e, message);
        }
        others.disabled = false;
    });
    return section('sessions', 'Signed-in devices', list, message, el('div', {class : 'actions'}, others));
}

function fillSessions(list, sessions)
{
    list.replaceChildren(...sessions.map((s) => {
        const facts = [ s.address, `last seen ${formatDate(s.last_seen_at)}` ].filter(Boolean).join(' · ');
        const side = s.current ? el('span', {class : 'badge', text : 'This device'})
                               : el('button', {class : 'button button--small button--secondary', type : 'button',
                                               'aria-label' : `Sign out ${deviceName(s.device)}, ${facts}`,
                                               onclick : () => endSession(s.id)},
                                     'Sign out');
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
        toast('That device was signed out.');
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
