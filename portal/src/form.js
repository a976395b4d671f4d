// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The portal's forms that do one thing: their fields, a live message, one button (and links beside
// it); `button` and `formClass` are their classes. Every such form behaves the same way:
//  - submitting runs `check()`, which returns what to fix, or nothing; what it returns is said in
//    the message and nothing is sent;
//  - otherwise the button is off while `send({form, message})` runs;
//  - an error it throws goes to `failed(error, message)`: by default handleFailure (an ended
//    session leads to sign-in; anything else is said in the message);
//  - then the button is on again, unless `leaves` says that success takes the client elsewhere (a
//    sign-in, a new account), where a second press would only send the same thing again.

import {alertBox, el} from './dom.js';
import {errorText} from './i18n.js';
import {handleFailure} from './session.js';

// For pages that need no session (a link's token stands for it): what went wrong, said.
export function sayFailure(error, message)
{
    message.replaceChildren(alertBox(errorText(error)));
}

export function actionForm(
    {label, button = 'button', formClass = 'form narrow', messageId, notice, beside = [], check, send,
     failed = handleFailure, leaves},
    ...fields)
{
    const message = el('div', {'aria-live' : 'polite', id : messageId});
    if (notice)
        message.append(alertBox(notice));
    const submit = el('button', {class : button, type : 'submit'}, label);
    const form = el('form', {
        class : formClass,
        novalidate : true,
        onsubmit : async (event) => {
            event.preventDefault();
            message.replaceChildren();
            const problem = check && check();
            if (problem) {
                message.append(alertBox(problem));
                return;
            }
            submit.disabled = true;
            try {
                await send({form, message});
                if (leaves)
                    return;
            } catch (e) {
                failed(e, message);
            }
            submit.disabled = false;
        }
    },
        ...fields, message, el('div', {class : 'actions'}, submit, ...beside));
    return form;
}
