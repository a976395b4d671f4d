// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Signing in (with a code after the password when two-factor sign-in is on, or by turning it on
// when the organisation requires it), and asking for a link to choose a new password.

import {api} from '../api.js';
import {alertBox, el, field, show} from '../dom.js';
import {go} from '../router.js';
import {state} from '../state.js';
import {enrolmentSteps, recoveryCodesShown} from './account.js';

export function welcomeBlock()
{
    const org = state.organisation;
    const parts = [ el('h1', {text : `Welcome to ${org.name}`}) ];
    if (org.welcome_text)
        parts.push(el('p', {class : 'welcome', text : org.welcome_text}));
    return parts;
}

// Signed in: to the page the link pointed at, else the project list.
function arrive(target)
{
    if (target && target === location.pathname + location.hash)
        location.reload(); // the same address draws the page now
    else if (target)
        location.assign(target);
    else
        go('/');
}

// A code of the client's authenticator app, or one of their recovery codes, after the password.
function codeForm(challenge, target)
{
    const code = el('input', {type : 'text', name : 'code', autocomplete : 'one-time-code', inputmode : 'numeric',
                              maxlength : 40, required : true, spellcheck : 'false'});
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Continue');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const typed = code.value.trim();
            if (!typed) {
                message.append(alertBox('Enter the code your authenticator app shows.'));
                return;
            }
            // Six digits are a code of the app; anything else is a recovery code.
            const digits = typed.replace(/\s/g, '');
            const body = /^\d{6}$/.test(digits) ? {challenge, code : digits} : {challenge, recovery_code : typed};
            submit.disabled = true;
            try {
                await api('POST', '/api/v1/portal/login/second-factor', body);
                arrive(target);
            } catch (e) {
                if (e.code === 'challenge_expired' || e.status === 429) {
                    signInView(e.status === 429 ? e.message : 'That took too long. Sign in again.', target);
                    return;
                }
                code.value = '';
                message.append(alertBox(e.code === 'invalid_code' ? 'That code is not right. Enter the newest one.'
                                                                  : e.message));
                submit.disabled = false;
                code.focus();
            }
        }
    },
        field('Code', code, 'The six digits your authenticator app shows, or one of your recovery codes.'), message,
        el('div', {class : 'actions'}, submit));
    queueMicrotask(() => code.focus());
    return form;
}

// The organisation requires two-factor sign-in and its grace period is over: this sign-in goes on
// only by turning it on. The sign-in's challenge (minutes, a few tries) is all it holds; each call
// of enrol makes a new key, so a new sign-in means scanning again.
async function enrolmentView(challenge, target)
{
    const title = 'Set up two-factor sign-in';
    show(title, el('h1', {text : title}), el('p', {class : 'muted', text : 'One moment…'}));
    let enrolment;
    try {
        enrolment = await api('POST', '/api/v1/portal/login/enrol', {challenge});
    } catch (e) {
        startOver(e, target);
        return;
    }
    const confirm = async (code) => {
        const answer = await api('POST', '/api/v1/portal/login/enrol/confirm', {challenge, code});
        show('Recovery codes', el('h1', {text : 'Save your recovery codes'}),
            ...recoveryCodesShown(answer.recovery_codes || [], 'Continue', () => arrive(target)));
    };
    const failed = (e, where) => {
        if (e.code === 'challenge_expired')
            startOver(e, target);
        else
            where.replaceChildren(alertBox(e.message));
    };
    const org = state.organisation.name;
    show(title, el('h1', {text : title}),
        el('p', {text : `${org} requires two-factor sign-in for its client portal. Set it up now to continue: it `
                      + 'takes an authenticator app on your phone and a minute.'}),
        ...enrolmentSteps({secret : enrolment.secret, qr : enrolment.qr, submit : 'Turn on and sign in', confirm,
                           failed}),
        el('p', {class : 'muted'}, 'No authenticator app at hand? ',
            el('a', {href : `${state.base}/signin`}, 'Back to sign in'), '.'));
}

// An enrolment that can no longer go on: why, and a new sign-in.
function startOver(error, target)
{
    const expired = error.code === 'challenge_expired';
    const again = el('button', {class : 'button', type : 'button', onclick : () => signInView(undefined, target)},
        'Sign in again');
    show('Sign in', el('h1', {text : expired ? 'This sign-in has expired' : 'Two-factor sign-in cannot be set up now'}),
        alertBox(expired ? 'It took too long, or a wrong code was entered too often. Sign in again to get a new code '
                           + 'to scan: the one shown before no longer works.'
                         : error.message),
        el('div', {class : 'actions'}, again));
}

// `target`: where to go once signed in (returnTarget: a page of this portal), the project list by default.
export function signInView(notice, target)
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const password =
        el('input', {type : 'password', name : 'password', autocomplete : 'current-password', required : true});
    const message = el('div', {'aria-live' : 'polite'});
    if (notice)
        message.append(alertBox(notice));
    const submit = el('button', {class : 'button', type : 'submit'}, 'Sign in');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!email.value.trim() || !password.value) {
                message.append(alertBox('Enter your e-mail address and your password.'));
                return;
            }
            submit.disabled = true;
            try {
                const answer = await api('POST', '/api/v1/portal/login',
                    {slug : state.slug, email : email.value.trim(), password : password.value});
                if (answer.second_factor_required) {
                    form.replaceWith(codeForm(answer.challenge, target));
                    return;
                }
                if (answer.second_factor_enrolment_required) {
                    enrolmentView(answer.challenge, target);
                    return;
                }
                arrive(target);
            } catch (e) {
                password.value = '';
                message.append(alertBox(e.message));
                submit.disabled = false;
                password.focus();
            }
        }
    },
        field('E-mail address', email), field('Password', password), message,
        el('div', {class : 'actions'}, submit, el('a', {href : `${state.base}/forgot`}, 'Forgot your password?'),
            el('a', {href : `${state.base}/link`, id : 'signin-link'}, 'E-mail me a sign-in link')));
    show('Sign in', ...welcomeBlock(), el('h2', {text : 'Sign in'}), form,
        el('p', {class : 'muted'}, 'New here? Your contact at ', state.organisation.name,
            ' sends you an invitation by e-mail or a link.'));
}

export function forgotView()
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Send the link');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            submit.disabled = true;
            try {
                const answer = await api(
                    'POST', '/api/v1/portal/password/forgot', {slug : state.slug, email : email.value.trim()});
                form.replaceWith(alertBox(answer.message, true));
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }
    },
        field('E-mail address', email, 'We send a link to choose a new password. It works once, for an hour.'), message,
        el('div', {class : 'actions'}, submit, el('a', {href : `${state.base}/signin`}, 'Back to sign in')));
    show('Forgotten password', el('h1', {text : 'Choose a new password'}), form);
}

// "E-mail me a sign-in link": the same answer whether or not the address has an account.
export function linkRequestView()
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const message = el('div', {'aria-live' : 'polite'});
    const submit = el('button', {class : 'button', type : 'submit'}, 'Send the link');
    const form = el('form', {
        class : 'form narrow',
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            if (!email.value.trim()) {
                message.append(alertBox('Enter your e-mail address.'));
                return;
            }
            submit.disabled = true;
            try {
                const answer =
                    await api('POST', '/api/v1/portal/login/link', {slug : state.slug, email : email.value.trim()});
                form.replaceWith(alertBox(answer.message, true));
            } catch (e) {
                message.append(alertBox(e.message));
                submit.disabled = false;
            }
        }
    },
        field('E-mail address', email, 'We send a link that signs you in once, within 15 minutes. No password needed.'),
        message, el('div', {class : 'actions'}, submit, el('a', {href : `${state.base}/signin`}, 'Back to sign in')));
    show('Sign in by e-mail', el('h1', {text : 'Sign in with a link'}), form);
}

// The e-mailed link: signs in at once, or asks for the code when two-factor sign-in is on, or for
// turning it on when the organisation requires it.
export async function signInLinkView(token)
{
    show('Signing in', el('h1', {text : 'Signing in…'}));
    try {
        const answer = await api('POST', '/api/v1/portal/login/link/use', {token});
        if (answer.second_factor_required) {
            show('Sign in', el('h1', {text : 'One more step'}), codeForm(answer.challenge, `${state.base}/`));
            return;
        }
        if (answer.second_factor_enrolment_required) {
            enrolmentView(answer.challenge, `${state.base}/`);
            return;
        }
        location.assign(`${state.base}/`);
    } catch (e) {
        show('Sign in', el('h1', {text : 'This link no longer works'}), alertBox(e.message),
            el('p', {}, el('a', {href : `${state.base}/link`}, 'Send a new link'), ' or ',
                el('a', {href : `${state.base}/signin`}, 'sign in with your password'), '.'));
    }
}
