// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Previews: thumbnails in file lists and sign-off cards, and a larger view in a dialog, page by
// page for PDFs. The server renders them (always PNG, only for files the client may download); a
// file without a preview keeps its type mark.

import {el} from './dom.js';
import {fileFamily, fileTypeMark} from './format.js';
import {t} from './i18n.js';

// Whether the server makes previews of this file. Pure.
export function hasPreview(name, mime)
{
    const family = fileFamily(name, mime);
    return family === 'pdf' || (family === 'image' && /\.(png|jpe?g|gif|bmp)$/i.test(name || ''));
}

// The mark at the left of a file: its thumbnail, opening the larger view, or its type mark.
export function fileThumb(name, mime, previewUrl)
{
    const mark = el('span', {class : `filetype filetype--${fileFamily(name, mime)}`, 'aria-hidden' : 'true',
                             text : fileTypeMark(name, mime)});
    if (!previewUrl || !hasPreview(name, mime))
        return mark;
    const image = el('img', {class : 'thumb__image', src : previewUrl, alt : '', loading : 'lazy', width : 64});
    const button = el('button', {class : 'thumb', type : 'button', 'aria-label' : t('viewer.preview', {name}),
                                 onclick : () => openViewer(name, previewUrl)},
        image);
    // The server may be busy rendering others (503): once more a moment later; no preview after
    // all (a file it could not render): the type mark instead.
    let retried = false;
    image.addEventListener('error', () => {
        if (retried) {
            button.replaceWith(mark);
            return;
        }
        retried = true;
        setTimeout(() => {
            image.src = `${previewUrl}?size=thumb`;
        }, 1500 + Math.random() * 1500);
    });
    return button;
}

let dialog = null;

function viewerDialog()
{
    if (dialog)
        return dialog;
    const title = el('h2', {class : 'viewer__title', id : 'viewer-title'});
    const image = el('img', {class : 'viewer__image', alt : ''});
    const status = el('p', {class : 'viewer__status muted', 'aria-live' : 'polite'});
    const previous = el('button', {class : 'button button--secondary', type : 'button'}, t('viewer.previous'));
    const next = el('button', {class : 'button button--secondary', type : 'button'}, t('viewer.next'));
    const close = el('button', {class : 'button', type : 'button'}, t('viewer.close'));
    const nav = el('div', {class : 'actions viewer__pages'}, previous, status, next);
    dialog = el('dialog', {class : 'viewer', 'aria-labelledby' : 'viewer-title'},
        el('div', {class : 'viewer__head'}, title, close), el('div', {class : 'viewer__body'}, image), nav);
    dialog.parts = {title, image, status, previous, next, nav};
    close.addEventListener('click', () => dialog.close());
    document.body.append(dialog);
    return dialog;
}

// The larger view of `name`'s preview (`url` is its thumbnail's address).
export async function openViewer(name, url)
{
    const d = viewerDialog();
    const {title, image, status, previous, next, nav} = d.parts;
    title.textContent = name;
    image.alt = name;
    let page = 1;
    let pages = 1;
    const show = async () => {
        const pageUrl = `${url}?size=large&page=${page}`;
        status.textContent = t('page.loading');
        try {
            const answer = await fetch(pageUrl, {credentials : 'same-origin'});
            if (!answer.ok)
                throw new Error(`${answer.status}`);
            pages = Number(answer.headers.get('X-Preview-Pages')) || 1;
        } catch {
            status.textContent = t('viewer.cannotShow');
            return;
        }
        image.src = pageUrl; // from the browser's cache now
        image.alt = pages > 1 ? t('viewer.pageAlt', {name, page, pages}) : name;
        status.textContent = pages > 1 ? t('viewer.page', {page, pages}) : '';
        nav.hidden = pages <= 1;
        previous.disabled = page <= 1;
        next.disabled = page >= pages;
    };
    previous.onclick = () => {
        if (page > 1) {
            --page;
            show();
        }
    };
    next.onclick = () => {
        if (page < pages) {
            ++page;
            show();
        }
    };
    nav.hidden = true;
    image.removeAttribute('src');
    if (!d.open)
        d.showModal();
    await show();
}
