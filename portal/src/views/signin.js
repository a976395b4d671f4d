// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Signing in (with a code after the password when two-factor sign-in is on, or by turning it on
// when the organisation requires it), and asking for a link to choose a new password.

import {api} from '../api.js';
import {alertBox, el, field, show} from '../dom.js';
import {actionForm, sayFailure} from '../form.js';
import {errorText, t} from '../i18n.js';
import {go} from '../router.js';
import {state} from '../state.js';
import {enrolmentSteps, recoveryCodesShown} from './account.js';

export function welcomeBlock()
{
    const org = state.organisation;
    const parts = [ el('h1', {text : t('signin.welcome', {organisation : org.name})}) ];
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
    const form = actionForm({
        label : t('signin.continue'),
        check : () => !code.value.trim() && t('signin.enterCode'),
        send : async () => {
            // Six digits are a code of the app; anything else is a recovery code.
            const typed = code.value.trim();
            const digits = typed.replace(/\s/g, '');
            const body = /^\d{6}$/.test(digits) ? {challenge, code : digits} : {challenge, recovery_code : typed};
            await api('POST', '/api/v1/portal/login/second-factor', body);
            arrive(target);
        },
        failed : (e, message) => {
            if (e.code === 'challenge_expired' || e.status === 429) {
                signInView(e.status === 429 ? errorText(e) : t('signin.tooLong'), target);
                return;
            }
            code.value = '';
            message.append(alertBox(e.code === 'invalid_code' ? t('account.codeWrong') : errorText(e)));
            code.focus();
        },
        leaves : true,
    },
        field(t('signin.code'), code, t('signin.codeHint')));
    queueMicrotask(() => code.focus());
    return form;
}

// The organisation requires two-factor sign-in and its grace period is over: this sign-in goes on
// only by turning it on. The sign-in's challenge (minutes, a few tries) is all it holds; each call
// of enrol makes a new key, so a new sign-in means scanning again.
async function enrolmentView(challenge, target)
{
    const title = t('signin.setUpSecondFactor');
    show(title, el('h1', {text : title}), el('p', {class : 'muted', text : t('signin.oneMoment')}));
    let enrolment;
    try {
        enrolment = await api('POST', '/api/v1/portal/login/enrol', {challenge});
    } catch (e) {
        startOver(e, target);
        return;
    }
    const confirm = async (code) => {
        const answer = await api('POST', '/api/v1/portal/login/enrol/confirm', {challenge, code});
        show(t('signin.recoveryCodes'), el('h1', {text : t('signin.saveCodes')}),
            ...recoveryCodesShown(answer.recovery_codes || [], t('signin.continue'), () => arrive(target)));
    };
    const failed = (e, where) => {
        if (e.code === 'challenge_expired')
            startOver(e, target);
        else
            where.replaceChildren(alertBox(errorText(e)));
    };
    const org = state.organisation.name;
    show(title, el('h1', {text : title}),
        el('p', {text : t('signin.requires', {organisation : org})}),
        ...enrolmentSteps({secret : enrolment.secret, qr : enrolment.qr, submit : t('signin.turnOnAndSignIn'), confirm,
                           failed}),
        el('p', {class : 'muted'}, t('signin.noApp'), el('a', {href : `${state.base}/signin`}, t('signin.back')), '.'));
}

// An enrolment that can no longer go on: why, and a new sign-in.
function startOver(error, target)
{
    const expired = error.code === 'challenge_expired';
    const again = el('button', {class : 'button', type : 'button', onclick : () => signInView(undefined, target)},
        t('signin.again'));
    show(t('signin.title'), el('h1', {text : expired ? t('signin.expired') : t('signin.cannotSetUp')}),
        alertBox(expired ? t('signin.expiredText') : errorText(error)),
        el('div', {class : 'actions'}, again));
}

// `target`: where to go once signed in (returnTarget: a page of this portal), the project list by default.
export function signInView(notice, target)
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const password =
        el('input', {type : 'password', name : 'password', autocomplete : 'current-password', required : true});
    const form = actionForm({
        label : t('signin.title'),
        notice,
        beside : [
            el('a', {href : `${state.base}/forgot`}, t('signin.forgot')),
            el('a', {href : `${state.base}/link`, id : 'signin-link'}, t('signin.mailLink'))
        ],
        check : () => (!email.value.trim() || !password.value) && t('signin.enterBoth'),
        send : async ({form}) => {
            const answer = await api('POST', '/api/v1/portal/login',
                {slug : state.slug, email : email.value.trim(), password : password.value});
            if (answer.second_factor_required)
                form.replaceWith(codeForm(answer.challenge, target));
            else if (answer.second_factor_enrolment_required)
                enrolmentView(answer.challenge, target);
            else
                arrive(target);
        },
        failed : (e, message) => {
            password.value = '';
            sayFailure(e, message);
            password.focus();
        },
        leaves : true,
    },
        field(t('signin.email'), email), field(t('signin.password'), password));
    show(t('signin.title'), ...welcomeBlock(), el('h2', {text : t('signin.title')}), form,
        el('p', {class : 'muted', text : t('signin.newHere', {organisation : state.organisation.name})}));
}

export function forgotView()
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const form = actionForm({
        label : t('signin.sendLink'),
        beside : [ el('a', {href : `${state.base}/signin`}, t('signin.back')) ],
        send : async ({form}) => {
            await api('POST', '/api/v1/portal/password/forgot', {slug : state.slug, email : email.value.trim()});
            form.replaceWith(alertBox(t('signin.forgotSent'), true));
        },
        failed : sayFailure,
        leaves : true,
    },
        field(t('signin.email'), email, t('signin.forgotHint')));
    show(t('signin.forgotTitle'), el('h1', {text : t('signin.chooseNew')}), form);
}

// "E-mail me a sign-in link": the same answer whether or not the address has an account.
export function linkRequestView()
{
    const email = el('input', {type : 'email', name : 'email', autocomplete : 'username', required : true});
    const form = actionForm({
        label : t('signin.sendLink'),
        beside : [ el('a', {href : `${state.base}/signin`}, t('signin.back')) ],
        check : () => !email.value.trim() && t('signin.enterEmail'),
        send : async ({form}) => {
            await api('POST', '/api/v1/portal/login/link', {slug : state.slug, email : email.value.trim()});
            form.replaceWith(alertBox(t('signin.linkSent'), true));
        },
        failed : sayFailure,
        leaves : true,
    },
        field(t('signin.email'), email, t('signin.linkHint')));
    show(t('signin.byEmail'), el('h1', {text : t('signin.withLink')}), form);
}

// The e-mailed link: signs in at once, or asks for the code when two-factor sign-in is on, or for
// turning it on when the organisation requires it.
export async function signInLinkView(token)
{
    show(t('signin.signingIn'), el('h1', {text : t('signin.signingInHeading')}));
    try {
        const answer = await api('POST', '/api/v1/portal/login/link/use', {token});
        if (answer.second_factor_required) {
            show(t('signin.title'), el('h1', {text : t('signin.oneMoreStep')}), codeForm(answer.challenge, `${state.base}/`));
            return;
        }
        if (answer.second_factor_enrolment_required) {
            enrolmentView(answer.challenge, `${state.base}/`);
            return;
        }
        location.assign(`${state.base}/`);
    } catch (e) {
        show(t('signin.title'), el('h1', {text : t('signin.linkDead')}), alertBox(errorText(e)),
            el('p', {}, el('a', {href : `${state.base}/link`}, t('signin.newLink')), t('signin.or'),
                el('a', {href : `${state.base}/signin`}, t('signin.withPassword')), '.'));
    }
}
