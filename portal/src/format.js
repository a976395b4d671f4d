// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// How values read to a client: sizes, dates, statuses, in the portal's language (i18n.js). Pure: no
// DOM, so Node's test runner can import it (portal/test/format.test.mjs).

import {locale, t} from './i18n.js';

// Sizes as people say them: "27 bytes", "1 byte", "1.5 kB", "12 MB" (decimal units, as file
// managers show them), in the portal's language.
export function formatBytes(n, lang = locale())
{
    if (n < 1000)
        return new Intl.NumberFormat(lang, {style : 'unit', unit : 'byte', unitDisplay : 'long'}).format(n);
    const units = [ 'kilobyte', 'megabyte', 'gigabyte', 'terabyte' ];
    let v = n / 1000;
    let i = 0;
    while (v >= 1000 && i < units.length - 1) {
        v /= 1000;
        ++i;
    }
    return new Intl.NumberFormat(lang,
        {style : 'unit', unit : units[i], unitDisplay : 'short', maximumFractionDigits : v < 10 ? 1 : 0})
        .format(v);
}

export function formatDate(wire, lang = locale())
{
    if (!wire)
        return '';
    const d = new Date(wire);
    if (Number.isNaN(d.getTime()))
        return wire;
    return d.toLocaleString(lang, {dateStyle : 'medium', timeStyle : 'short'});
}

// A calendar day ("2026-12-24", a due date) in the reader's language; no time, no time zone shift.
export function formatDay(day, lang = locale())
{
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
    if (!m)
        return day || '';
    const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return d.toLocaleDateString(lang, {dateStyle : 'medium'});
}

// The day of `wire` (an ISO time) in the reader's time zone and language, written out: a deadline.
export function formatDayOf(wire, lang = locale(), timeZone = undefined)
{
    const d = new Date(wire || '');
    if (Number.isNaN(d.getTime()))
        return wire || '';
    return d.toLocaleDateString(lang, {dateStyle : 'long', timeZone});
}

// Whether `wire` (an ISO time) is after `since`; everything is new when there was no visit before.
export function isNewSince(wire, since)
{
    if (!wire)
        return false;
    if (!since)
        return false;
    return new Date(wire).getTime() > new Date(since).getTime();
}

// A short, readable mark of a file's type, from its name and MIME type: "PDF", "JPG", "ZIP"…
export function fileTypeMark(name, mime)
{
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name || '');
    if (ext)
        return ext[1].toUpperCase();
    if ((mime || '').startsWith('image/'))
        return 'IMG';
    return 'FILE';
}

// The family a file belongs to, for its mark's colour: image, pdf, document, sheet, archive, other.
export function fileFamily(name, mime)
{
    const type = (mime || '').toLowerCase();
    const ext = (/\.([A-Za-z0-9]+)$/.exec(name || '') || [ '', '' ])[1].toLowerCase();
    if (type.startsWith('image/') || [ 'png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp', 'svg', 'heic', 'tif', 'tiff' ].includes(ext))
        return 'image';
    if (type === 'application/pdf' || ext === 'pdf')
        return 'pdf';
    if ([ 'zip', '7z', 'rar', 'gz', 'tar' ].includes(ext))
        return 'archive';
    if ([ 'xls', 'xlsx', 'csv', 'ods', 'numbers' ].includes(ext))
        return 'sheet';
    if ([ 'doc', 'docx', 'odt', 'txt', 'md', 'rtf', 'pages' ].includes(ext) || type.startsWith('text/'))
        return 'document';
    return 'other';
}

// Labels by value, read in the portal's language each time they are used.
export const projectStatusLabels = {
    get active() { return t('project.status.active'); },
    get on_hold() { return t('project.status.on_hold'); },
    get completed() { return t('project.status.completed'); },
};

export const statusLabels = {
    get todo() { return t('task.status.todo'); },
    get in_progress() { return t('task.status.in_progress'); },
    get done() { return t('task.status.done'); },
};

// A task's status inside a sentence ("… set “Logo” to in progress").
export const statusInSentence = {
    get todo() { return t('task.statusInSentence.todo'); },
    get in_progress() { return t('task.statusInSentence.in_progress'); },
    get done() { return t('task.statusInSentence.done'); },
};

export const signoffLabels = {
    get sent() { return t('signoff.status.sent'); },
    get approved() { return t('signoff.status.approved'); },
    get rejected() { return t('signoff.status.rejected'); },
};

// A file's line under its name: size, who sent it when it was the reader, when it changed. (The
// folder is the heading it is listed under.)
export function fileMeta(file)
{
    return [
        formatBytes(file.size), file.uploaded_by_you ? t('file.uploadedByYou') : '',
        t('file.updated', {date : formatDate(file.updated_at)})
    ].filter(Boolean)
        .join(' · ');
}

// Files by folder: the top level first (""), then folders by name; each list as it came.
export function groupByFolder(files)
{
    const groups = new Map();
    for (const f of files) {
        const folder = f.folder || '';
        if (!groups.has(folder))
            groups.set(folder, []);
        groups.get(folder).push(f);
    }
    return [...groups.entries() ].sort(([ a ], [ b ]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

// A browser's User-Agent in a few words: "Firefox on Windows", "Safari on iPhone".
export function deviceName(agent)
{
    const a = agent || '';
    const browser = /Edg\//.test(a)              ? 'Edge'
        : /Firefox\//.test(a)                    ? 'Firefox'
        : /Chrom(e|ium)\//.test(a)               ? 'Chrome'
        : /Safari\//.test(a)                     ? 'Safari'
                                                 : '';
    const system = /iPhone|iPad/.test(a) ? (/iPad/.test(a) ? 'iPad' : 'iPhone')
        : /Android/.test(a)              ? 'Android'
        : /Windows/.test(a)              ? 'Windows'
        : /Mac OS X|Macintosh/.test(a)   ? 'Mac'
        : /Linux/.test(a)                ? 'Linux'
                                         : '';
    if (browser && system)
        return t('device.on', {browser, system});
    return browser || system || t('device.unknown');
}
