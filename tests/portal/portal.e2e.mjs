// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The client portal end to end, as a client meets it: the real atrium-server binary on a loopback
// port with a fresh SQLite data dir, staff data pushed through the sync API, the invitation read
// from the server's mail outbox, and Debian's Chromium driven by playwright-core.
//
//   node portal.e2e.mjs <path to atrium-server> <artifacts dir>
//
// Every API response the browser receives is recorded, and none may contain a private item's name.
import assert from 'node:assert/strict';
import {createHash, randomUUID} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {Harness, Staff, step, waitFor} from './e2e-lib.mjs';

const h = new Harness('portal');
const {artifactsDir, dataDir} = h;
const slug = 'northwind';
const adminEmail = 'admin@northwind.test';
const adminPassword = 'staff password 123';
const clientEmail = 'ana@harbour.test';
const clientPassword = 'a long client password';

// Names of things the client must never learn about.
const secrets = ['Secret internal task', 'internal-notes.txt', 'Hidden project task', 'Closed project',
    'Other client project', 'Draft sign-off', 'Other client task'];

let browser;

// A two-page PDF (a blue square on page one, a red one on page two), written by hand so that the
// test needs nothing to make it; its cross-reference table has the right offsets.
function twoPagePdf() {
    const stream = (ops) => `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`;
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>',
        stream('0 0 1 rg 50 600 300 200 re f'), stream('1 0 0 rg 50 600 300 200 re f')];
    let out = '%PDF-1.4\n';
    const offsets = [];
    objects.forEach((o, i) => {
        offsets.push(out.length);
        out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
        offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
}

// A 1×1 red PNG.
const redPixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64');

const mailTexts = (to) => h.mailTexts(to);
const mailedLink = (to, pattern) => h.mailedLink(to, pattern);

// A computed CSS colour as [r, g, b, alpha] with r, g, b in 0..255: rgb()/rgba(), or color(srgb …)
// from color-mix().
function rgba(css) {
    const n = css.match(/[\d.]+/g).map(Number);
    if (css.startsWith('color(srgb'))
        return [n[0] * 255, n[1] * 255, n[2] * 255, n.length > 3 ? n[3] : 1];
    return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1];
}

// WCAG 2.1 contrast of two opaque colours.
function contrast(a, b) {
    const lum = (c) => {
        const [r, g, bl] = c.slice(0, 3).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
}

async function checkContrast(page, label) {
    const pairs = await page.evaluate(() => {
        const out = [];
        const background = (node) => {
            for (let n = node; n; n = n.parentElement) {
                const bg = getComputedStyle(n).backgroundColor;
                if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent')
                    return bg;
            }
            return 'rgb(255, 255, 255)';
        };
        for (const node of document.querySelectorAll('h1, h2, h3, p, a, button, label, span, li, option, .badge')) {
            if (!node.offsetParent || !node.textContent.trim())
                continue;
            const style = getComputedStyle(node);
            const opacity = Number(style.opacity);
            out.push({text: node.textContent.trim().slice(0, 40), fg: style.color, bg: background(node), opacity,
                large: parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 &&
                    Number(style.fontWeight) >= 700)});
        }
        return out;
    });
    assert.ok(pairs.length > 3, `${label}: nothing to check`);
    for (const p of pairs) {
        // Text with opacity is blended into its background first.
        const fg = rgba(p.fg);
        const bg = rgba(p.bg);
        const a = fg[3] * p.opacity;
        const blended = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
        const ratio = contrast(blended, bg);
        assert.ok(ratio >= (p.large ? 3 : 4.5),
            `${label}: "${p.text}" has contrast ${ratio.toFixed(2)} (${blended.map(Math.round)} on ${p.bg})`);
    }
}

async function main() {
    step('start the server and create the organisation');
    h.runCli(['create-org', '--name', 'Northwind Studio', '--slug', slug, '--admin-email', adminEmail],
        `${adminPassword}\n`);
    // Notification mail a second after it is due, not five minutes.
    const base = await h.startServer(['--mail-batch-seconds', '1']);
    const staff = new Staff(base, adminEmail, adminPassword);
    const orgId = await staff.login();

    step('staff share some things and keep others private');
    const ids = Object.fromEntries(['client', 'otherClient', 'contact', 'otherContact', 'project', 'closedProject',
        'otherProject', 'readTask', 'editTask', 'privateTask', 'hiddenTask', 'otherTask', 'signoff', 'draft',
        'invite'].map((k) => [k, randomUUID()]));
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update',
            fields: {portal_enabled: true, brand_welcome_text: 'Everything for your projects with us, in one place.'},
            base: {portal_enabled: false, brand_welcome_text: ''}},
        {entity: 'client', id: ids.client, op: 'create', fields: {name: 'Harbour Coffee'}},
        {entity: 'client', id: ids.otherClient, op: 'create', fields: {name: 'Blue Ocean'}},
        {entity: 'contact', id: ids.contact, op: 'create',
            fields: {client_id: ids.client, name: 'Ana', email: clientEmail}},
        {entity: 'project', id: ids.project, op: 'create', fields: {client_id: ids.client, name: 'Website relaunch',
            description: 'The new website, from sketches to launch.', portal_enabled: true,
            client_uploads_enabled: true}},
        {entity: 'project', id: ids.closedProject, op: 'create',
            fields: {client_id: ids.client, name: 'Closed project', portal_enabled: false}},
        {entity: 'project', id: ids.otherProject, op: 'create',
            fields: {client_id: ids.otherClient, name: 'Other client project', portal_enabled: true}},
        {entity: 'task', id: ids.readTask, op: 'create',
            fields: {project_id: ids.project, title: 'Review the sitemap', visibility: 'read_only'}},
        {entity: 'task', id: ids.editTask, op: 'create',
            fields: {project_id: ids.project, title: 'Send us your photos', visibility: 'editable'}},
        {entity: 'task', id: ids.privateTask, op: 'create',
            fields: {project_id: ids.project, title: 'Secret internal task'}},
        {entity: 'task', id: ids.hiddenTask, op: 'create',
            fields: {project_id: ids.closedProject, title: 'Hidden project task', visibility: 'editable'}},
        {entity: 'task', id: ids.otherTask, op: 'create',
            fields: {project_id: ids.otherProject, title: 'Other client task', visibility: 'editable'}});
    const briefContent = Buffer.from('The brief, version 1\n');
    const brief = await staff.upload(ids.project, 'brief.txt', briefContent, 'text/plain', 'read_only');
    const copy = await staff.upload(ids.project, 'homepage-copy.txt', Buffer.from('Welcome!\n'), 'text/plain',
        'editable');
    await staff.upload(ids.project, 'internal-notes.txt', Buffer.from('margin 40%\n'), 'text/plain', 'private');
    const mockup = await staff.upload(ids.project, 'homepage-mockup.txt', Buffer.from('mockup v1\n'), 'text/plain',
        'private');
    await staff.push(
        {entity: 'signoff', id: ids.signoff, op: 'create',
            fields: {project_id: ids.project, title: 'Homepage design', description: 'Please approve the layout.',
                file_ids: [mockup]}},
        {entity: 'signoff', id: ids.draft, op: 'create', fields: {project_id: ids.project, title: 'Draft sign-off'}});
    await staff.push({entity: 'signoff', id: ids.signoff, op: 'update', fields: {status: 'sent'},
        base: {status: 'draft'}});

    step('an e-mail invitation arrives');
    await staff.push({entity: 'invite', id: ids.invite, op: 'create', fields: {contact_id: ids.contact, kind: 'email'}});
    const link = await waitFor('the invitation e-mail',
        () => mailedLink(clientEmail, /https?:\/\/\S+\/invite#inv_[A-Za-z0-9_-]+/));
    assert.ok(link.startsWith(`${base}/p/${slug}/invite#inv_`), link);

    browser = await h.launchBrowser();
    const context = await browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
        if (m.type() === 'error')
            pageErrors.push(m.text());
    });
    // Every portal API answer the browser sees, to prove nothing private is in any of them.
    const answers = [];
    page.on('response', async (response) => {
        if (!response.url().includes('/api/v1/portal/'))
            return;
        try {
            answers.push({url: response.url(), body: await response.text()});
        } catch {
            // a download streamed to disk has no text to keep
        }
    });

    step('the landing page takes the token out of the address bar');
    const landing = await page.goto(link);
    const headers = landing.headers();
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
    await page.getByRole('heading', {name: 'Northwind Studio invites you to its client portal'}).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token is still in the address bar');
    await page.screenshot({path: path.join(artifactsDir, 'invite-desktop.png'), fullPage: true});

    step('sign up');
    await page.getByLabel('Your name').fill('Ana Pereira');
    await page.getByLabel('Password', {exact: true}).fill(clientPassword);
    await page.getByLabel('Repeat the password').fill('something else entirely');
    await page.getByRole('button', {name: 'Create my account'}).click();
    await page.getByText('The two passwords differ.').waitFor();
    await page.getByLabel('Repeat the password').fill(clientPassword);
    await page.getByRole('button', {name: 'Create my account'}).click();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'atrium_portal');
    assert.ok(session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));
    assert.equal((await staff.row('contact', ids.contact)).portal_state, 'active');
    assert.equal((await staff.row('contact', ids.contact)).name, 'Ana Pereira');

    step('the project list shows exactly the shared project');
    const projectLinks = await page.locator('.project-card__title > span:first-child').allTextContents();
    assert.deepEqual(projectLinks, ['Website relaunch']);
    // What the list says of it: counts of what is shared, the sign-off waiting, news since the last
    // visit (there was none).
    const projectCard = page.locator('.project-card');
    await projectCard.getByText('2 tasks · 2 files · 1 sign-off').waitFor();
    await projectCard.getByText('1 sign-off waiting for you').waitFor();
    assert.equal(await projectCard.locator('.badge--new').count(), 1);
    await page.screenshot({path: path.join(artifactsDir, 'projects-desktop.png'), fullPage: true});

    step('search finds what is shared and nothing else');
    await page.getByLabel('Search your projects').fill('task');
    await page.getByRole('status').filter({hasText: /found/}).waitFor();
    const searchTitles = await page.locator('.search__title').allTextContents();
    // "Secret internal task", "Hidden project task" and "Other client task" also contain the word.
    assert.deepEqual(searchTitles, [], JSON.stringify(searchTitles));
    await page.getByLabel('Search your projects').fill('sitemap');
    await page.locator('.search__title', {hasText: 'Review the sitemap'}).waitFor();
    assert.deepEqual(await page.locator('.search__title').allTextContents(), ['Review the sitemap']);
    await checkContrast(page, 'projects page with search results');
    await page.screenshot({path: path.join(artifactsDir, 'projects-search.png'), fullPage: true});
    await page.getByLabel('Search your projects').fill('');
    await page.locator('.search__result').first().waitFor({state: 'detached'});
    await page.getByRole('link', {name: /Website relaunch/}).click();

    step('the project page shows exactly the shared tasks, files and the sent sign-off');
    await page.getByRole('heading', {name: 'Website relaunch', level: 1}).waitFor();
    assert.deepEqual(await page.locator('.task .item__title').allTextContents(),
        ['Review the sitemap', 'Send us your photos']);
    assert.deepEqual((await page.locator('.file .item__title').allTextContents()).sort(),
        ['brief.txt', 'homepage-copy.txt']);
    assert.deepEqual(await page.locator('.signoff .item__title').allTextContents(), ['Homepage design']);
    await page.locator('.signoff').getByRole('link', {name: 'homepage-mockup.txt'}).waitFor();
    // A read-only task cannot be changed; the editable one can.
    assert.equal(await page.locator(`.task[data-id="${ids.readTask}"] select`).count(), 0);
    assert.equal(await page.locator(`.task[data-id="${ids.editTask}"] select`).count(), 1);
    await checkContrast(page, 'project page');
    await page.screenshot({path: path.join(artifactsDir, 'project-desktop.png'), fullPage: true});

    step('download a read-only file');
    const [download] = await Promise.all([page.waitForEvent('download'),
        page.getByRole('link', {name: 'Download brief.txt'}).click()]);
    assert.equal(download.suggestedFilename(), 'brief.txt');
    assert.deepEqual(fs.readFileSync(await download.path()), briefContent);

    step('download all shared files as one ZIP');
    const [zipDownload] = await Promise.all([page.waitForEvent('download'),
        page.getByRole('link', {name: 'Download all files (ZIP)'}).click()]);
    assert.equal(zipDownload.suggestedFilename(), 'Website relaunch.zip');
    const zip = fs.readFileSync(await zipDownload.path());
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    // Stored, not deflated: the names and bytes of the shared files are there as they are.
    assert.ok(zip.includes(briefContent), 'brief.txt inside, byte for byte');
    assert.ok(zip.includes(Buffer.from('brief.txt')) && zip.includes(Buffer.from('homepage-copy.txt')));
    for (const secret of secrets)
        assert.ok(!zip.includes(Buffer.from(secret)), `the ZIP mentions "${secret}"`);

    step('change an editable task and comment on it');
    const editable = page.locator(`.task[data-id="${ids.editTask}"]`);
    await editable.getByRole('combobox').selectOption('in_progress');
    await waitFor('the status on the server', async () =>
        (await staff.row('task', ids.editTask))?.status === 'in_progress');
    // The thread opens from a compact control, not a box under every item.
    assert.equal(await page.locator('textarea[name="comment"]:visible').count(), 0);
    assert.equal(await editable.getByLabel('Status', {exact: true}).count(), 1, 'the status control is labelled');
    const toggle = editable.getByRole('button', {name: 'Comment', exact: true});
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await editable.getByLabel('Your comment').fill('Photos are coming on Monday.');
    await editable.getByRole('button', {name: 'Add comment'}).click();
    await editable.getByText('Photos are coming on Monday.').waitFor();
    await editable.getByRole('button', {name: '1 comment'}).waitFor();

    step('upload files with the button (several chunks, one of them cut off once) and by drag and drop');
    const isChunk = (url) => url.pathname.startsWith('/api/v1/portal/uploads/') && url.searchParams.has('offset');
    const chunkOffsets = [];
    page.on('request', (r) => {
        const url = new URL(r.url());
        if (r.method() === 'PUT' && isChunk(url))
            chunkOffsets.push(Number(url.searchParams.get('offset')));
    });
    let cutOnce = false;
    await page.route(isChunk, (route) => {
        if (!cutOnce && new URL(route.request().url()).searchParams.get('offset') !== '0') {
            cutOnce = true;
            return route.abort('connectionreset');
        }
        return route.continue();
    });
    // Something half typed must survive the uploads finishing.
    await editable.getByLabel('Your comment').fill('Half-typed, not sent yet');
    const big = Buffer.alloc(9 * 1024 * 1024 + 123, 7);
    big.write('start of a big upload');
    await page.locator('#upload-input').setInputFiles({name: 'site-photos.zip', mimeType: 'application/zip',
        buffer: big});
    await page.locator('.upload', {hasText: 'site-photos.zip'}).getByText('Uploaded').waitFor({timeout: 60000});
    await page.unroute(isChunk);
    assert.ok(cutOnce, 'no chunk was cut off');
    assert.deepEqual(chunkOffsets, [0, 4194304, 4194304, 8388608], 'the cut chunk is sent again, nothing else');
    await page.locator('#dropzone').evaluate((zone) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['dropped notes'], 'dropped-notes.txt', {type: 'text/plain'}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    });
    await page.locator('.upload', {hasText: 'dropped-notes.txt'}).getByText('Uploaded').waitFor();
    // The new files join the list without a reload, and nothing typed is lost.
    await page.locator('#files-list .file .item__title', {hasText: 'dropped-notes.txt'}).waitFor();
    await page.locator('#files-list .file .item__title', {hasText: 'site-photos.zip'}).waitFor();
    assert.equal(await editable.getByLabel('Your comment').inputValue(), 'Half-typed, not sent yet');
    const uploaded = (await staff.pullAll()).filter((c) => c.entity === 'file' && c.data.folder === 'Client Uploads');
    const photos = uploaded.find((c) => c.data.name === 'site-photos.zip');
    assert.ok(photos, 'the upload is visible to staff');
    assert.equal(photos.data.size, big.length);
    assert.equal(photos.data.sha256, createHash('sha256').update(big).digest('hex'));
    assert.ok(uploaded.find((c) => c.data.name === 'dropped-notes.txt'));

    step('an upload stopped by a lost connection resumes after a reload when the file is chosen again');
    const resumable = path.join(dataDir, 'final-artwork.pdf');
    const artwork = Buffer.alloc(6 * 1024 * 1024, 3);
    fs.writeFileSync(resumable, artwork);
    await page.route(isChunk, (route) => new URL(route.request().url()).searchParams.get('offset') === '0'
        ? route.continue() : route.abort('connectionrefused'));
    await page.locator('#upload-input').setInputFiles(resumable);
    await page.locator('.upload', {hasText: 'final-artwork.pdf'}).getByText('Connection lost, retrying…').waitFor();
    await page.unroute(isChunk);
    await page.reload();
    await page.getByRole('heading', {name: 'Website relaunch', level: 1}).waitFor();
    chunkOffsets.length = 0;
    await page.locator('#upload-input').setInputFiles(resumable);
    await page.locator('.upload', {hasText: 'final-artwork.pdf'}).getByText('Uploaded').waitFor({timeout: 60000});
    assert.deepEqual(chunkOffsets, [4194304], 'the upload resumed from the server\'s offset');
    const artworkRows = (await staff.pullAll()).filter((c) => c.entity === 'file' && c.data.name === 'final-artwork.pdf');
    assert.equal(artworkRows.length, 1);
    assert.equal(artworkRows[0].data.sha256, createHash('sha256').update(artwork).digest('hex'));

    step('a program is refused with a clear message');
    await page.locator('#upload-input').setInputFiles({name: 'setup.exe', mimeType: 'application/octet-stream',
        buffer: Buffer.from('MZ')});
    const refused = page.locator('.upload', {hasText: 'setup.exe'}).locator('.upload__status');
    await refused.filter({hasText: /not|cannot/i}).waitFor();
    console.log(`    refused with: ${await refused.textContent()}`);

    step('replace an editable file with a new version');
    await page.reload();
    await page.getByRole('heading', {name: 'Website relaunch', level: 1}).waitFor();
    const copyCard = page.locator(`.file[data-id="${copy}"]`);
    await copyCard.getByLabel('New version of homepage-copy.txt').setInputFiles({name: 'anything.txt',
        mimeType: 'text/plain', buffer: Buffer.from('Welcome, version 2!\n')});
    await copyCard.getByText('Uploaded').waitFor();
    await waitFor('the new version on the server', async () =>
        (await staff.row('file', copy))?.sha256 === createHash('sha256').update('Welcome, version 2!\n').digest('hex'));
    assert.equal((await staff.row('file', copy)).name, 'homepage-copy.txt');

    step('approve the sign-off; desktops hear of it at once');
    // A desktop's live-update stream (Server-Sent Events), opened before the client answers.
    const stream = new AbortController();
    const heard = [];
    const events = await fetch(`${base}/api/v1/sync/events`,
        {headers: {Authorization: `Bearer ${staff.token}`}, signal: stream.signal});
    assert.equal(events.status, 200);
    (async () => {
        const decoder = new TextDecoder();
        try {
            for await (const chunk of events.body)
                for (const m of decoder.decode(chunk, {stream: true}).matchAll(/data: \{"version":(\d+)\}/g))
                    heard.push(Number(m[1]));
        } catch {
            // aborted at the end of the step
        }
    })();
    await waitFor('the stream\'s first event', () => heard.length > 0);
    await page.reload();
    const card = page.locator(`.signoff[data-id="${ids.signoff}"]`);
    await card.getByRole('button', {name: 'Request changes'}).click();
    await card.getByText('Say what should change').waitFor();
    await card.getByLabel('Comment for the team').fill('Looks great, go ahead.');
    await card.getByRole('button', {name: 'Approve'}).click();
    await page.locator(`.signoff[data-id="${ids.signoff}"]`).getByText('Approved', {exact: true}).waitFor();
    const decided = await staff.row('signoff', ids.signoff);
    assert.equal(decided.status, 'approved');
    assert.ok(decided.version > 0);
    await waitFor('a live event for the answer', () => heard.some((v) => v >= decided.version), 5000);
    stream.abort();
    assert.equal(decided.response_comment, 'Looks great, go ahead.');
    const audit = (await staff.pullAll()).filter((c) => c.entity === 'activity' && c.data.entity_id === ids.signoff &&
        c.data.action === 'signoff.approved');
    assert.equal(audit.length, 1, 'one audit entry for the answer');
    assert.ok(JSON.stringify(audit[0].data).includes('127.0.0.1'), JSON.stringify(audit[0].data));

    step('a notification mail links to the newly shared item; its settings page needs no sign-in');
    const heroTask = randomUUID();
    await staff.push({entity: 'task', id: heroTask, op: 'create',
        fields: {project_id: ids.project, title: 'Pick the hero photo', visibility: 'read_only'}});
    let itemLink = null;
    await waitFor('the notification mail', () => {
        itemLink = mailedLink(clientEmail, new RegExp(`http://\\S+#task-${heroTask}`));
        return itemLink !== null;
    });
    // Opened from the mail: a new tab of the signed-in browser.
    const fromMail = await context.newPage();
    await fromMail.goto(itemLink);
    const linked = fromMail.locator(`#task-${heroTask}`);
    await linked.getByRole('heading', {name: 'Pick the hero photo'}).waitFor();
    assert.ok(await linked.evaluate((n) => n.classList.contains('card--linked') && document.activeElement === n),
        'the linked item is marked and has the focus');
    await fromMail.screenshot({path: path.join(artifactsDir, 'linked-item-desktop.png')});
    await fromMail.close();
    const settingsLink = mailedLink(clientEmail, /http:\/\/\S+\/email#ml_\S+/);
    assert.ok(settingsLink, 'the mail links to its settings page');
    const anonymous = await browser.newContext({viewport: {width: 390, height: 844}});
    const settings = await anonymous.newPage();
    settings.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await settings.goto(settingsLink);
    await settings.getByRole('heading', {name: 'E-mail from Northwind Studio'}).waitFor();
    assert.equal(new URL(settings.url()).hash, '', 'the token left the address bar');
    await settings.getByText(clientEmail).waitFor();
    assert.ok(await settings.getByLabel('As things happen').isChecked());
    await settings.getByLabel('Once a day').check();
    await settings.getByRole('button', {name: 'Save'}).click();
    await settings.getByText('Saved. E-mails come once a day.').waitFor();
    const sideways = await settings.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `the settings page scrolls sideways by ${sideways}px on a phone`);
    await settings.screenshot({path: path.join(artifactsDir, 'email-settings-phone.png'), fullPage: true});
    await checkContrast(settings, 'e-mail settings page');
    await settings.setViewportSize({width: 1280, height: 900});
    await settings.screenshot({path: path.join(artifactsDir, 'email-settings-desktop.png'), fullPage: true});
    await anonymous.close();
    for (const text of mailTexts(clientEmail))
        for (const secret of secrets)
            assert.ok(!text.includes(secret), `a mail to the client mentions "${secret}"`);

    step('previews: an image and a PDF page by page; a broken PDF harms nothing');
    const pdfId = await staff.upload(ids.project, 'layout.pdf', twoPagePdf(), 'application/pdf', 'read_only');
    await staff.upload(ids.project, 'swatch.png', redPixel, 'image/png', 'read_only');
    const brokenPdf = await staff.upload(ids.project, 'broken.pdf', twoPagePdf().subarray(0, 200), 'application/pdf',
        'read_only');
    await page.reload();
    const pdfCard = page.locator(`.file[data-id="${pdfId}"]`);
    const pdfThumb = pdfCard.getByRole('button', {name: 'Preview layout.pdf'});
    await pdfThumb.waitFor();
    await waitFor('the thumbnails drawn', async () => page.evaluate(() =>
        [...document.querySelectorAll('.thumb__image')].length === 2 &&
        [...document.querySelectorAll('.thumb__image')].every((i) => i.complete && i.naturalWidth > 0)));
    // The broken PDF keeps its type mark; the server answers on.
    await page.locator(`.file[data-id="${brokenPdf}"] .filetype`).waitFor();
    assert.equal((await fetch(`${base}/api/v1/health`)).status, 200);
    await pdfThumb.click();
    const viewer = page.getByRole('dialog', {name: 'layout.pdf'});
    await viewer.getByText('Page 1 of 2').waitFor();
    await viewer.screenshot({path: path.join(artifactsDir, 'preview-desktop.png')});
    await viewer.getByRole('button', {name: 'Next page'}).click();
    await viewer.getByText('Page 2 of 2').waitFor();
    assert.ok(await viewer.getByRole('button', {name: 'Next page'}).isDisabled());
    const shown = await viewer.locator('img').evaluate((i) => i.complete && i.naturalHeight === 1600);
    assert.ok(shown, 'page 2 shown at the large size');
    await viewer.getByRole('button', {name: 'Close'}).click();
    await viewer.waitFor({state: 'hidden'});

    step('phone width');
    await page.setViewportSize({width: 390, height: 844});
    await page.reload();
    await page.getByRole('heading', {name: 'Website relaunch', level: 1}).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
    await page.screenshot({path: path.join(artifactsDir, 'project-phone.png'), fullPage: true});
    // On a touch device there is nothing to drag from: the upload area offers only the button.
    const touch = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true,
        storageState: await context.storageState()});
    const touchPage = await touch.newPage();
    await touchPage.goto(`${base}/p/${slug}/projects/${ids.project}`);
    await touchPage.getByRole('button', {name: 'Choose files…'}).waitFor();
    assert.equal(await touchPage.getByText('Drag files here').count(), 0);
    assert.equal(await page.getByText('Drag files here').count(), 1, 'offered where there is a mouse');
    await touch.close();

    step('sign out, then sign in by keyboard alone');
    await page.setViewportSize({width: 1280, height: 900});
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    await page.screenshot({path: path.join(artifactsDir, 'signin-desktop.png'), fullPage: true});
    await checkContrast(page, 'sign-in page');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 10; ++i) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement.type === 'email'))
            break;
    }
    await page.keyboard.type(clientEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type(clientPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();

    step('a deep link opened while signed out comes back after sign-in');
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    await page.goto(`${base}/p/${slug}/projects/${ids.project}#task-${ids.editTask}`);
    await page.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    await page.getByLabel('E-mail address').fill(clientEmail);
    await page.getByLabel('Password').fill(clientPassword);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.getByRole('heading', {name: 'Website relaunch', level: 1}).waitFor();
    assert.equal(new URL(page.url()).hash, `#task-${ids.editTask}`);
    assert.ok(await page.locator(`#task-${ids.editTask}`).evaluate((n) => document.activeElement === n),
        'the linked task has the focus');
    // Visited now: the list has no news for it.
    await page.getByRole('link', {name: 'Your projects'}).click();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();
    assert.equal(await page.locator('.project-card .badge--new').count(), 0);

    step('the account page: name, e-mail notifications, and a password change that signs other devices out');
    // Another device of Ana's, signed in.
    const tablet = await browser.newContext({viewport: {width: 820, height: 1180}});
    const tabletPage = await tablet.newPage();
    await tabletPage.goto(`${base}/p/${slug}/signin`);
    await tabletPage.getByLabel('E-mail address').fill(clientEmail);
    await tabletPage.getByLabel('Password').fill(clientPassword);
    await tabletPage.getByRole('button', {name: 'Sign in'}).click();
    await tabletPage.getByRole('heading', {name: 'Your projects'}).waitFor();
    await page.getByRole('link', {name: 'Ana Pereira'}).click();
    await page.getByRole('heading', {name: 'Your account', level: 1}).waitFor();
    const devices = page.locator('#sessions .session');
    await waitFor('both devices listed', async () => (await devices.count()) === 2);
    await devices.first().getByText('This device').waitFor();
    await page.getByLabel('Name', {exact: true}).fill('Ana P. Pereira');
    await page.getByRole('button', {name: 'Save name'}).click();
    await page.getByText('Your name is saved.').waitFor();
    assert.equal((await staff.row('contact', ids.contact)).name, 'Ana P. Pereira');
    await page.getByRole('link', {name: 'Ana P. Pereira'}).waitFor();
    await page.getByLabel('Never').check();
    await page.getByRole('region', {name: 'E-mail notifications'}).getByRole('button', {name: 'Save'}).click();
    await page.getByRole('region', {name: 'E-mail notifications'}).getByText('Saved.').waitFor();
    await page.screenshot({path: path.join(artifactsDir, 'account-desktop.png'), fullPage: true});
    await checkContrast(page, 'account page');
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('a changed password 42');
    await page.getByLabel('Repeat the password').fill('a changed password 42');
    await page.getByRole('button', {name: 'Change password'}).click();
    await page.getByText('The current password is not correct.').waitFor();
    await page.getByLabel('Current password').fill(clientPassword);
    await page.getByLabel('New password').fill('a changed password 42');
    await page.getByLabel('Repeat the password').fill('a changed password 42');
    await page.getByRole('button', {name: 'Change password'}).click();
    await page.getByText('Your password is changed. Your other devices were signed out.').waitFor();
    await waitFor('only this device left', async () => (await devices.count()) === 1);
    // The tablet is signed out at its next step.
    await tabletPage.reload();
    await tabletPage.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    await tablet.close();
    await page.setViewportSize({width: 390, height: 844});
    const accountOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(accountOverflow <= 0, `the account page scrolls sideways by ${accountOverflow}px on a phone`);
    await page.screenshot({path: path.join(artifactsDir, 'account-phone.png'), fullPage: true});
    await page.setViewportSize({width: 1280, height: 900});
    await page.getByRole('link', {name: 'Your projects'}).click();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();

    step('the used invitation shows a friendly page');
    const second = await context.newPage();
    await second.goto(link);
    await second.getByRole('heading', {name: 'This invitation was already used'}).waitFor();
    assert.match(await second.locator('main').textContent(), /Northwind Studio/);
    await second.setViewportSize({width: 390, height: 844});
    await second.screenshot({path: path.join(artifactsDir, 'invite-used-phone.png'), fullPage: true});
    await second.close();

    step('a forgotten password is replaced through the e-mailed link, which works once');
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.getByRole('link', {name: 'Forgot your password?'}).click();
    await page.getByLabel('E-mail address').fill(clientEmail);
    await page.getByRole('button', {name: 'Send the link'}).click();
    await page.getByText('If this address has an account').waitFor();
    const resetLink = await waitFor('the reset e-mail', () => mailedLink(clientEmail, /https?:\/\/\S+\/reset#\S+/));
    assert.ok(resetLink.startsWith(`${base}/p/${slug}/reset#`), resetLink);
    await page.goto(resetLink);
    await page.getByRole('heading', {name: 'Choose a new password'}).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the reset token is still in the address bar');
    const newPassword = 'a brand new client password';
    await page.getByLabel('Password', {exact: true}).fill(newPassword);
    await page.getByLabel('Repeat the password').fill(newPassword);
    await page.getByRole('button', {name: 'Save the new password'}).click();
    await page.getByRole('heading', {name: 'Your password is changed'}).waitFor();
    await page.goto('about:blank'); // else the same link is only a fragment change, not a new load
    await page.goto(resetLink);
    await page.getByLabel('Password', {exact: true}).fill('yet another password 1');
    await page.getByLabel('Repeat the password').fill('yet another password 1');
    await page.getByRole('button', {name: 'Save the new password'}).click();
    await page.locator('[role=alert]').waitFor();
    await page.goto(`${base}/p/${slug}/signin`);
    await page.getByLabel('E-mail address').fill(clientEmail);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();

    step('an admin\'s preview link shows the portal with unsaved branding, and nothing changes for clients');
    const preview = await staff.call('POST', `/api/v1/organisations/${orgId}/brand-preview`, {
        brand_primary_color: '#6b21a8', brand_accent_color: '#0f766e', brand_background_color: '#fdf8f0',
        brand_text_color: '#222222', brand_welcome_text: 'A welcome nobody has saved yet.'});
    assert.equal(preview.status, 201, JSON.stringify(preview.json));
    assert.ok(preview.json.url.startsWith(`${base}/p/${slug}/preview#`), preview.json.url);
    const previewPage = await context.newPage();
    await previewPage.goto(preview.json.url);
    await previewPage.getByText('Preview of unsaved branding').waitFor();
    await previewPage.getByText('A welcome nobody has saved yet.').waitFor();
    assert.equal(new URL(previewPage.url()).hash, '', 'the preview token is still in the address bar');
    await waitFor('the preview colours', async () => await previewPage.locator('.site-header')
        .evaluate((h) => getComputedStyle(h).backgroundColor) === 'rgb(107, 33, 168)');
    assert.equal(await previewPage.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor),
        'rgb(253, 248, 240)');
    await previewPage.screenshot({path: path.join(artifactsDir, 'brand-preview-desktop.png'), fullPage: true});
    const saved = await (await fetch(`${base}/p/${slug}/brand.css`)).text();
    assert.ok(saved.includes('--brand-primary:#1f4e79') && !saved.includes('#6b21a8'), saved);
    await previewPage.close();
    const refusedPreview = new Staff(base);
    assert.equal((await refusedPreview.call('POST', `/api/v1/organisations/${orgId}/brand-preview`,
        {brand_primary_color: '#000000', brand_accent_color: '#000000', brand_background_color: '#ffffff',
            brand_text_color: '#000000'})).status, 401);

    step('staff revoke access: the client is refused at once');
    await staff.push({entity: 'contact', id: ids.contact, op: 'update', fields: {portal_state: 'revoked'},
        base: {portal_state: 'active'}});
    await page.goto(`${base}/p/${slug}/projects/${ids.project}`);
    await page.getByText('Please sign in').or(page.getByRole('heading', {name: 'Sign in', level: 2})).first().waitFor();
    const refusedAnswer = await page.evaluate(async (id) =>
        (await fetch(`/api/v1/portal/projects/${id}`)).status, ids.project);
    assert.equal(refusedAnswer, 401);
    await page.getByLabel('E-mail address').fill(clientEmail);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.getByText('The e-mail address or password is not correct.').waitFor();
    assert.equal(await page.getByRole('heading', {name: 'Your projects'}).count(), 0);

    step('nothing private reached the browser');
    assert.ok(answers.length > 10, `only ${answers.length} API answers were seen`);
    for (const answer of answers)
        for (const secret of secrets)
            assert.ok(!answer.body.includes(secret), `${answer.url} mentions "${secret}"`);
    // Chromium logs every 4xx answer (the refused program, the revoked session) and every cut
    // connection of the upload tests; those are expected. Script errors are not.
    assert.deepEqual(pageErrors.filter((e) => !/^Failed to load resource: /.test(e)), [], 'script errors on the page');
    console.log(`checked ${answers.length} portal API answers; screenshots in ${artifactsDir}`);
}

await h.run(main);
