// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The portal's API client. It talks only to /api/v1/portal/… with the session cookie (HttpOnly,
// so never seen here) and sends the session's CSRF token on every state-changing request.

import {t} from './i18n.js';
import {state} from './state.js';

export class ApiError extends Error
{
    constructor(status, code, message, body)
    {
        super(message);
        this.status = status;
        this.code = code;
        this.body = body;
    }
}

// The fetch() options of a request: JSON in and out, same-origin credentials, never cached, and the
// CSRF token on anything but a GET. Pure, for the tests.
export function requestInit(method, body, csrf)
{
    const headers = {'Accept' : 'application/json'};
    const init = {method, headers, credentials : 'same-origin', cache : 'no-store'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && csrf)
        headers['X-CSRF-Token'] = csrf;
    return init;
}

// The error a failed answer stands for: the server's {error: {code, message}}, or a plain one.
export function errorFromAnswer(status, data)
{
    const error = (data && data.error) || {};
    return new ApiError(status, error.code || 'error', error.message || t('error.status', {status : String(status)}), data || {});
}

export async function api(method, path, body)
{
    let response;
    try {
        response = await fetch(path, requestInit(method, body, state.csrf));
    } catch {
        throw new ApiError(0, 'network_error', t('error.network_error'));
    }
    let data = {};
    try {
        data = await response.json();
    } catch {
        data = {};
    }
    if (!response.ok)
        throw errorFromAnswer(response.status, data);
    return data;
}

// One chunk of an upload by XMLHttpRequest, for its upload progress events (fetch has none).
export function putChunk(uploadId, offset, blob, onProgress)
{
    return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', `/api/v1/portal/uploads/${encodeURIComponent(uploadId)}?offset=${offset}`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.setRequestHeader('X-CSRF-Token', state.csrf);
        xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
        xhr.addEventListener('load', () => {
            let body = {};
            try {
                body = JSON.parse(xhr.responseText);
            } catch {
                body = {};
            }
            if (xhr.status >= 200 && xhr.status < 300)
                resolve(body);
            else
                reject(errorFromAnswer(xhr.status, body));
        });
        xhr.addEventListener('error', () => reject(new ApiError(0, 'network_error', t('error.connection_lost'))));
        xhr.send(blob);
    });
}
