// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Uploads in chunks, resumable. The planning (chunk sizes, offsets, retries, the key an upload is
// remembered under) is pure and tested in Node (portal/test/uploads.test.mjs); the rest draws the
// progress and talks to the server.

import {api, putChunk} from './api.js';
import {el, toast} from './dom.js';
import {errorText, t} from './i18n.js';
import {handleFailure} from './session.js';
import {state} from './state.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;

// The key a browser remembers an unfinished upload's id under: the portal, the project, the file
// it replaces, and the chosen file's name, size and date. The same file chosen again resumes.
export function uploadKey(slug, projectId, replacingId, file)
{
    return `atrium.upload:${slug}:${projectId}:${replacingId || ''}:${file.name}:${file.size}:${file.lastModified}`;
}

// The chunk size to send: what the server offers, never more than CHUNK_BYTES.
export function chunkSizeOf(upload)
{
    return Math.min(upload.chunk_size || CHUNK_BYTES, CHUNK_BYTES);
}

// The [start, end) byte ranges of an upload of `size` bytes from `offset` on.
export function chunkRanges(offset, size, chunk)
{
    const ranges = [];
    for (let at = offset; at < size; at = Math.min(at + chunk, size))
        ranges.push([ at, Math.min(at + chunk, size) ]);
    return ranges;
}

export function percent(done, size)
{
    return size > 0 ? Math.floor((done * 100) / size) : 100;
}

// Where to go on when the server says the chunk was not the one it waits for; null otherwise.
export function resumeOffset(error)
{
    if (error && error.code === 'offset_mismatch' && error.body && typeof error.body.offset === 'number')
        return error.body.offset;
    return null;
}

// Waiting after the n-th lost connection in a row: 1 s, 2 s, 4 s … at most 30 s.
export function retryDelayMs(failures)
{
    return Math.min(30000, 1000 * 2 ** (failures - 1));
}

// Refusals that no retry changes: the remembered upload is forgotten.
export function forgetsUpload(code)
{
    return [ 'quota_exceeded', 'file_too_large', 'file_type_not_allowed', 'invalid_field' ].includes(code);
}

// What a client reads when an upload is refused: in plain words where the server's code says more
// than its message (a full studio storage is not the client's fault, and they should say so).
export function refusalMessage(error, studio)
{
    const who = studio || t('upload.studio');
    if (error && error.code === 'quota_exceeded')
        return t('upload.quotaFull', {studio : who});
    if (error && error.code === 'too_many_uploads')
        return t('upload.tooMany');
    return error && (error.code || error.message) ? errorText(error) : t('upload.failed');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function uploadSection(project, refresh)
{
    const progress = el('ul', {class : 'uploads', 'aria-label' : t('upload.list')});
    const input = el('input', {
        type : 'file',
        class : 'file-input',
        multiple : true,
        id : 'upload-input',
        'aria-label' : t('upload.choose')
    });
    const choose = el('button', {class : 'button', type : 'button', onclick : () => input.click()}, t('upload.chooseButton'));
    // Dragging is offered only where there is a mouse: a phone or tablet has nothing to drag from.
    const canDrag = typeof matchMedia !== 'function' || matchMedia('(pointer: fine)').matches;
    const zone = el('div', {class : 'dropzone', id : 'dropzone'}, canDrag ? el('p', {text : t('upload.drag')}) : null,
        choose,
        input,
        el('p',
            {class : 'muted', text : t('upload.where')}));
    const add = (files) => {
        for (const file of files)
            startUpload(project, file, null, progress, refresh);
    };
    input.addEventListener('change', () => {
        add(Array.from(input.files));
        input.value = '';
    });
    zone.addEventListener('dragover', (event) => {
        event.preventDefault();
        zone.classList.add('dropzone--over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dropzone--over'));
    zone.addEventListener('drop', (event) => {
        event.preventDefault();
        zone.classList.remove('dropzone--over');
        add(Array.from(event.dataTransfer.files || []));
    });
    return el('section', {'aria-labelledby' : 'upload-h'}, el('h2', {id : 'upload-h', text : t('upload.heading')}), zone,
        progress);
}

// Uploads in chunks and resumes: an interrupted chunk is retried from the server's offset, and
// the same file chosen again after a reload continues where it stopped (the upload's id is kept
// in this browser's storage under the file's name, size and date).
export async function startUpload(project, file, replacingId, list, refresh)
{
    const label = el('span', {class : 'upload__name', text : file.name});
    const status = el('span', {class : 'upload__status', text : t('upload.starting')});
    const bar = el('progress', {max : Math.max(file.size, 1), value : 0, 'aria-label' : t('upload.of', {name : file.name})});
    const row = el('li', {class : 'upload'}, el('div', {class : 'upload__row'}, label, status), bar);
    list.append(row);
    const fail = (message) => {
        row.classList.add('upload--failed');
        status.textContent = message;
        status.setAttribute('role', 'alert');
    };
    const key = `atrium.upload:${state.slug}:${project.id}:${replacingId || ''}:${file.name}:${file.size}:` +
        `${file.lastModified}`;
    try {
        let upload = null;
        const saved = localStorage.getItem(key);
        if (saved) {
            try {
                upload = await api('GET', `/api/v1/portal/uploads/${encodeURIComponent(saved)}`);
            } catch {
                localStorage.removeItem(key);
            }
        }
        if (!upload) {
            const request = {
                project_id : project.id,
                name : file.name,
                size : file.size,
                mime_type : file.type || 'application/octet-stream'
            };
            if (replacingId)
                request.file_id = replacingId;
            upload = await api('POST', '/api/v1/portal/uploads', request);
            localStorage.setItem(key, upload.upload_id);
        }
        let offset = upload.offset || 0;
        const chunk = chunkSizeOf(upload);
        let failures = 0;
        while (offset < file.size) {
            const end = Math.min(offset + chunk, file.size);
            status.textContent = t('upload.percent', {percent : percent(offset, file.size)});
            try {
                const answer = await putChunk(upload.upload_id, offset, file.slice(offset, end), (loaded) => {
                    bar.value = offset + loaded;
                    status.textContent = t('upload.percent', {percent : percent(offset + loaded, file.size)});
                });
                offset = answer.offset;
                failures = 0;
            } catch (e) {
                const resume = resumeOffset(e);
                if (resume !== null) {
                    offset = resume;
                    continue;
                }
                if (e.status !== 0 || ++failures > 8)
                    throw e;
                // The connection dropped: wait, ask the server how much arrived, carry on.
                status.textContent = t('upload.retrying');
                await sleep(retryDelayMs(failures));
                try {
                    offset =
                        (await api('GET', `/api/v1/portal/uploads/${encodeURIComponent(upload.upload_id)}`)).offset;
                } catch (again) {
                    if (again.status !== 0)
                        throw again;
                }
            }
            bar.value = offset;
        }
        status.textContent = t('upload.saving');
        await api('POST', `/api/v1/portal/uploads/${encodeURIComponent(upload.upload_id)}/complete`, {});
        localStorage.removeItem(key);
        bar.value = bar.max;
        row.classList.add('upload--done');
        status.textContent = t('upload.done');
        toast(t('upload.uploaded', {name : file.name}));
        clearTimeout(startUpload.refresh);
        // Show the new file in the list once a burst of uploads is over.
        startUpload.refresh = setTimeout(() => {
            if (!document.querySelector('.upload:not(.upload--done):not(.upload--failed)'))
                refresh(project);
        }, 1000);
    } catch (e) {
        if (e.status === 401) {
            handleFailure(e);
            return;
        }
        if (forgetsUpload(e.code))
            localStorage.removeItem(key);
        fail(refusalMessage(e, state.organisation && state.organisation.name));
    }
}
