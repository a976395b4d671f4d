// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Sign-Offs in Chromium through the classic link (no portal account), in the organisation's
// branding: two required approvers (the first approval leaves it open, the second closes it), a
// request for changes that decides it, a second round with its history, a withdrawn sign-off's link
// refused, the certificate, and link pages that never show anything but their own sign-off. A
// contact with a portal account sees the two-approver sign-off on the project page. Screenshots at
// 1280 and 390 px.
//
//   node signoffs.e2e.mjs <path to atrium-server> <artifacts dir>
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import path from 'node:path';

import {Harness, Staff, step, waitFor} from './e2e-lib.mjs';

const h = new Harness('signoffs');
const slug = 'acme';
const adminEmail = 'admin@acme.test';
const adminPassword = 'staff password 123';
const ivy = 'ivy@green.test';
const noah = 'noah@green.test';
const mia = 'mia@green.test';
const brandColour = '#14532d';

// A 1×1 red PNG.
const redPixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64');

// The personal link in the `nth` mail to `to` about `title`, counting from the oldest (1).
function linkFor(to, title, nth = 1) {
    const links = h.mailTexts(to).reverse().filter((t) => t.includes(title))
        .map((t) => (t.match(/https?:\/\/\S+\/s#so_[A-Za-z0-9_-]+/) || [])[0]).filter(Boolean);
    return links.length >= nth ? links[nth - 1] : null;
}

async function noSidewaysScrolling(page, label) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${label}: the page is ${width} px wide at 390`);
}

async function main() {
    step('staff send sign-offs to two approvers who have no portal account');
    h.runCli(['create-org', '--name', 'Acme Studio', '--slug', slug, '--admin-email', adminEmail],
        `${adminPassword}\n`);
    const base = await h.startServer();
    const staff = new Staff(base, adminEmail, adminPassword);
    const orgId = await staff.login();
    const id = Object.fromEntries(['client', 'ivy', 'noah', 'mia', 'project', 'logo', 'colours', 'withdrawn', 'task',
        'privateTask', 'invite'].map((k) => [k, randomUUID()]));
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update',
            fields: {portal_enabled: true, brand_primary_color: brandColour},
            base: {portal_enabled: false, brand_primary_color: '#1f4e79'}},
        {entity: 'client', id: id.client, op: 'create', fields: {name: 'Green Grocers'}},
        {entity: 'contact', id: id.ivy, op: 'create', fields: {client_id: id.client, name: 'Ivy', email: ivy}},
        {entity: 'contact', id: id.noah, op: 'create', fields: {client_id: id.client, name: 'Noah', email: noah}},
        {entity: 'contact', id: id.mia, op: 'create', fields: {client_id: id.client, name: 'Mia', email: mia}},
        {entity: 'project', id: id.project, op: 'create',
            fields: {client_id: id.client, name: 'Brand refresh', portal_enabled: true}},
        {entity: 'task', id: id.task, op: 'create',
            fields: {project_id: id.project, title: 'Shared task', visibility: 'read_only'}},
        {entity: 'task', id: id.privateTask, op: 'create', fields: {project_id: id.project, title: 'Secret internal task'}});
    const logoFile = await staff.upload(id.project, 'logo-v1.png', redPixel, 'image/png', 'private');
    const notesFile = await staff.upload(id.project, 'secret-notes.txt', Buffer.from('margin 40%\n'), 'text/plain',
        'private');
    const paletteFile = await staff.upload(id.project, 'palette-v1.png', redPixel, 'image/png', 'private');
    const approvers = [id.ivy, id.noah];
    await staff.push(
        {entity: 'signoff', id: id.logo, op: 'create', fields: {project_id: id.project, title: 'New logo',
            description: 'The mark and the word, as discussed.', file_ids: [logoFile], approver_ids: approvers,
            due_date: '2030-01-31', status: 'sent'}},
        {entity: 'signoff', id: id.colours, op: 'create', fields: {project_id: id.project, title: 'Colour palette',
            file_ids: [paletteFile], approver_ids: approvers, status: 'sent'}},
        {entity: 'signoff', id: id.withdrawn, op: 'create', fields: {project_id: id.project,
            title: 'Withdrawn banner', approver_ids: [id.noah], status: 'sent'}});

    // Everything in the project, by the sign-off a link page may show it with (null: none may).
    const items = [
        {owner: null, names: ['Shared task', id.task, 'Secret internal task', id.privateTask, 'secret-notes.txt',
            notesFile]},
        {owner: id.logo, names: ['New logo', id.logo, 'logo-v1.png', logoFile]},
        {owner: id.colours, names: ['Colour palette', id.colours, 'palette-v1.png', paletteFile]},
        {owner: id.withdrawn, names: ['Withdrawn banner', id.withdrawn]},
    ];
    const browser = await h.launchBrowser();
    const answers = [];
    const pageErrors = [];
    // A link page for the sign-off `owner`: every portal API answer it receives is kept.
    const open = async (width, url, owner) => {
        const context = await browser.newContext({viewport: {width, height: width < 600 ? 844 : 900}});
        const page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(String(e)));
        page.on('response', async (r) => {
            if (r.url().includes('/api/v1/portal/'))
                answers.push({owner, url: r.url(), body: await r.text().catch(() => '')});
        });
        await page.goto(url);
        return page;
    };

    step('the first approver answers through the link, in the organisation\'s branding: the sign-off stays open');
    const noahLogo = await waitFor('Noah\'s link', () => linkFor(noah, 'New logo'));
    assert.ok(noahLogo.startsWith(`${base}/p/${slug}/s#so_`), noahLogo);
    const noahPage = await open(390, noahLogo, id.logo);
    const card = noahPage.locator(`.signoff[data-id="${id.logo}"]`);
    await card.getByRole('heading', {name: 'New logo'}).waitFor();
    assert.ok(!noahPage.url().includes('so_'), 'the token left the address bar');
    const header = noahPage.locator('.site-header');
    await header.getByText('Acme Studio').waitFor();
    assert.equal(await header.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(20, 83, 45)');
    await card.getByText('Ivy: waiting · Noah: waiting').waitFor();
    await card.locator('.badge').getByText('Waiting for your answer').waitFor();
    await card.getByText('Answer by Jan 31, 2030').waitFor();
    await noSidewaysScrolling(noahPage, 'the link page');
    await noahPage.screenshot({path: path.join(h.artifactsDir, 'link-pending-phone.png'), fullPage: true});
    await card.getByRole('button', {name: 'Approve'}).click();
    const noahCard = noahPage.locator(`.signoff[data-id="${id.logo}"]`);
    await noahCard.getByText('Ivy: waiting · Noah: approved').waitFor();
    await noahCard.locator('.badge').getByText('Waiting for answers').waitFor();
    await noahCard.getByText('the others have not all answered yet').waitFor();
    assert.equal(await noahCard.getByRole('button', {name: /^(Approve|Request changes)$/}).count(), 0,
        'an approver who answered is asked again');
    await noSidewaysScrolling(noahPage, 'the answered link page');
    await noahPage.screenshot({path: path.join(h.artifactsDir, 'link-answered-phone.png'), fullPage: true});
    const open1 = await waitFor('Noah\'s answer on the server', async () => {
        const row = await staff.row('signoff', id.logo);
        return row && row.rounds[0].answers.length === 1 && row;
    });
    assert.equal(open1.status, 'sent');
    assert.deepEqual(open1.rounds[0].answers.map((a) => [a.contact_id, a.email, a.decision, a.via]),
        [[id.noah, noah, 'approved', 'link']]);

    step('a contact with a portal account sees the two-approver sign-off waiting on the project page');
    const [invite] = await staff.push(
        {entity: 'invite', id: id.invite, op: 'create', fields: {contact_id: id.mia, kind: 'link'}});
    const account = await browser.newContext({viewport: {width: 1280, height: 900}});
    const accepted = await account.request.post(`${base}/api/v1/portal/invites/accept`,
        {data: {token: invite.invite_token, name: 'Mia', password: 'a long client password'}});
    assert.equal(accepted.status(), 200);
    const projectPage = await account.newPage();
    projectPage.on('pageerror', (e) => pageErrors.push(String(e)));
    await projectPage.goto(`${base}/p/${slug}/projects/${id.project}`);
    for (const [width, name] of [[1280, 'project-desktop.png'], [390, 'project-phone.png']]) {
        if (width === 390) {
            await projectPage.setViewportSize({width, height: 844});
            await projectPage.reload();
        }
        const projectCard = projectPage.locator(`.signoff[data-id="${id.logo}"]`);
        await projectCard.getByText('Ivy: waiting · Noah: approved').waitFor();
        await projectCard.locator('.badge').getByText('Waiting for answers').waitFor();
        assert.equal(await projectCard.getByRole('button', {name: /^(Approve|Request changes)$/}).count(), 0,
            'a contact who is not an approver is asked to answer');
        await projectPage.locator(`.signoff[data-id="${id.colours}"]`).waitFor();
        if (width === 390)
            await noSidewaysScrolling(projectPage, 'the project page');
        await projectPage.screenshot({path: path.join(h.artifactsDir, name), fullPage: true});
    }
    await account.close();

    step('the second approver answers: approved, with the certificate');
    const ivyPage = await open(1280, await waitFor('Ivy\'s link', () => linkFor(ivy, 'New logo')), id.logo);
    const ivyCard = ivyPage.locator(`.signoff[data-id="${id.logo}"]`);
    await ivyCard.getByText('Ivy: waiting · Noah: approved').waitFor();
    await ivyCard.locator('.badge').getByText('Waiting for your answer').waitFor();
    await ivyPage.screenshot({path: path.join(h.artifactsDir, 'link-pending-desktop.png'), fullPage: true});
    await ivyCard.getByLabel('Comment for the team').fill('Lovely.');
    await ivyCard.getByRole('button', {name: 'Approve'}).click();
    const decided = ivyPage.locator(`.signoff[data-id="${id.logo}"]`);
    await decided.locator('.badge').getByText('Approved', {exact: true}).waitFor();
    await decided.getByText('Ivy: approved · Noah: approved').waitFor();
    const logo = await waitFor('the approval on the server', async () => {
        const row = await staff.row('signoff', id.logo);
        return row && row.status === 'approved' && row;
    });
    assert.deepEqual(logo.rounds[0].answers.map((a) => [a.contact_id, a.email, a.decision, a.via, a.comment || '']),
        [[id.noah, noah, 'approved', 'link', ''], [id.ivy, ivy, 'approved', 'link', 'Lovely.']]);
    const certificate = decided.getByRole('link', {name: 'Download certificate (PDF)'});
    const href = new URL(await certificate.getAttribute('href'), base);
    assert.equal(href.pathname, `/api/v1/portal/link/signoffs/${id.logo}/certificate`);
    const pdf = await ivyPage.request.get(href.toString());
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    // The certificate is for the link's holder only.
    const stranger = await fetch(href);
    assert.ok([401, 404].includes(stranger.status), `without the link's cookie: ${stranger.status}`);
    await ivyPage.screenshot({path: path.join(h.artifactsDir, 'link-approved-desktop.png'), fullPage: true});

    step('a request for changes needs a comment and decides it');
    const ivyColours = await open(390, await waitFor('Ivy\'s colours link', () => linkFor(ivy, 'Colour palette')),
        id.colours);
    const coloursCard = ivyColours.locator(`.signoff[data-id="${id.colours}"]`);
    await coloursCard.getByRole('button', {name: 'Request changes'}).click();
    await coloursCard.getByText('Say what should change').waitFor();
    assert.equal((await staff.row('signoff', id.colours)).rounds[0].answers.length, 0);
    await coloursCard.getByLabel('Comment for the team').fill('Warmer greens, please.');
    await coloursCard.getByRole('button', {name: 'Request changes'}).click();
    const rejected = ivyColours.locator(`.signoff[data-id="${id.colours}"]`);
    await rejected.locator('.badge').getByText('Changes requested', {exact: true}).waitFor();
    await rejected.getByText('Ivy: asked for changes · Noah: waiting').waitFor();
    const colours1 = await staff.row('signoff', id.colours);
    assert.equal(colours1.status, 'rejected');
    assert.deepEqual(colours1.rounds[0].answers.map((a) => [a.contact_id, a.decision, a.via, a.comment]),
        [[id.ivy, 'rejected', 'link', 'Warmer greens, please.']]);

    step('a second round with a new file: its history, and an answer to it');
    const paletteV2 = await staff.upload(id.project, 'palette-v2.png', redPixel, 'image/png', 'private');
    items[2].names.push('palette-v2.png', paletteV2);
    await staff.push({entity: 'signoff', id: id.colours, op: 'update',
        fields: {status: 'sent', file_ids: [paletteV2]}, base: {status: 'rejected'}});
    const noahRound2 = await waitFor('Noah\'s round 2 link', () => linkFor(noah, 'Colour palette', 2));
    const round2 = await open(390, noahRound2, id.colours);
    const card2 = round2.locator(`.signoff[data-id="${id.colours}"]`);
    await card2.locator('.item__meta').getByText(/^Round 2 · Sent /).waitFor();
    await card2.getByText('Ivy: waiting · Noah: waiting').waitFor();
    assert.deepEqual(await card2.locator(':scope > .signoff__files a').allTextContents(), ['palette-v2.png']);
    const earlier = card2.locator('details.signoff__rounds');
    assert.equal(await earlier.locator('summary').textContent(), 'Earlier rounds (1)');
    await earlier.locator('summary').click();
    await earlier.getByRole('heading', {name: /^Round 1 · sent /}).waitFor();
    await earlier.getByText('palette-v1.png').waitFor();
    await earlier.getByText(/^Ivy asked for changes, .* \(by e-mail link\)$/).waitFor();
    await earlier.getByText('Warmer greens, please.').waitFor();
    assert.equal(await earlier.getByText('palette-v2.png').count(), 0);
    await noSidewaysScrolling(round2, 'the second round');
    await round2.screenshot({path: path.join(h.artifactsDir, 'round-2-phone.png'), fullPage: true});
    await card2.getByRole('button', {name: 'Approve'}).click();
    await round2.getByText('the others have not all answered yet').waitFor();
    const colours2 = await staff.row('signoff', id.colours);
    assert.equal(colours2.status, 'sent');
    assert.equal(colours2.rounds.length, 2);
    assert.deepEqual(colours2.rounds[1].answers.map((a) => [a.contact_id, a.decision, a.via]),
        [[id.noah, 'approved', 'link']]);
    // The first round's link was replaced by the second's.
    const stale = await open(390, linkFor(noah, 'Colour palette', 1), id.colours);
    await stale.getByRole('heading', {name: 'This link does not work any more'}).waitFor();

    step('a withdrawn sign-off\'s link is refused');
    const withdrawnLink = await waitFor('the link to the banner', () => linkFor(noah, 'Withdrawn banner'));
    const before = await open(390, withdrawnLink, id.withdrawn);
    const banner = before.locator(`.signoff[data-id="${id.withdrawn}"]`);
    await banner.getByRole('button', {name: 'Approve'}).waitFor();
    await staff.push({entity: 'signoff', id: id.withdrawn, op: 'update', fields: {status: 'withdrawn'},
        base: {status: 'sent'}});
    // A page opened before the withdrawal can no longer answer.
    await banner.getByRole('button', {name: 'Approve'}).click();
    await banner.getByRole('alert').getByText('This link is not valid any more.').waitFor();
    const banner1 = await staff.row('signoff', id.withdrawn);
    assert.equal(banner1.status, 'withdrawn');
    assert.deepEqual(banner1.rounds[0].answers, []);
    const gone = await open(390, withdrawnLink, id.withdrawn);
    await gone.getByRole('heading', {name: 'This link does not work any more'}).waitFor();
    await gone.getByText('the sign-off was withdrawn').waitFor();
    assert.equal(await gone.locator('.signoff').count(), 0);
    await noSidewaysScrolling(gone, 'the refused link');
    await gone.screenshot({path: path.join(h.artifactsDir, 'link-withdrawn-phone.png'), fullPage: true});

    step('the link pages never showed anything else');
    assert.ok(answers.length >= 10, `only ${answers.length} answers were seen`);
    for (const owner of [id.logo, id.colours, id.withdrawn])
        assert.ok(answers.some((a) => a.owner === owner && a.body.includes(owner)), `no answer about ${owner}`);
    for (const answer of answers)
        for (const item of items.filter((i) => i.owner !== answer.owner))
            for (const name of item.names)
                assert.ok(!answer.body.includes(name), `${answer.url} mentions "${name}"`);
    assert.deepEqual(pageErrors, [], 'script errors on the page');
}

await h.run(main);
