// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// How values read to a client: sizes, dates, statuses. Pure: no DOM, so Node's test runner can
// import it (portal/test/format.test.mjs).

export function formatBytes(n)
{
    if (n < 1024)
        return `${n} B`;
    const units = [ 'KB', 'MB', 'GB', 'TB' ];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        ++i;
    }
    return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatDate(wire)
{
    if (!wire)
        return '';
    const d = new Date(wire);
    if (Number.isNaN(d.getTime()))
        return wire;
    return d.toLocaleString(undefined, {dateStyle : 'medium', timeStyle : 'short'});
}

export const statusLabels = {
    todo : 'To do',
    in_progress : 'In progress',
    done : 'Done'
};
export const signoffLabels = {
    sent : 'Waiting for your answer',
    approved : 'Approved',
    rejected : 'Changes requested'
};

// A file's line under its name: folder, size, when it changed.
export function fileMeta(file)
{
    return [ file.folder, formatBytes(file.size), `updated ${formatDate(file.updated_at)}` ].filter(Boolean).join(
        ' · ');
}
