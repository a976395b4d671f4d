// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Signing in, and asking for a link to choose a new password.

import {api} from '../api.js';
import {alertBox, el, field, show} from '../dom.js';
import {go} from '../router.js';
import {state} from '../state.js';

export function welcomeBlock()
{
    const org = state.organisation;
    const parts = [ el('h1', {text : `Welcome to ${org.name}`}) ];
    if (org.welcome_text)
        parts.push(el('p', {class : 'welcome', text : org.welcome_text}));
    return parts;
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
                await api('POST', '/api/v1/portal/login',
                    {slug : state.slug, email : email.value.trim(), password : password.value});
                // Signed in where the link pointed: the same address draws the page now.
                if (target && target === location.pathname + location.hash)
                    location.reload();
                else if (target)
                    location.assign(target);
                else
                    go('/');
            } catch (e) {
                password.value = '';
                message.append(alertBox(e.message));
                submit.disabled = false;
                password.focus();
            }
        }
    },
        field('E-mail address', email), field('Password', password), message,
        el('div', {class : 'actions'}, submit, el('a', {href : `${state.base}/forgot`}, 'Forgot your password?')));
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
