// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Sign-Offs in Chromium through the classic link (no portal account): two required approvers (the
// first approval leaves it open, the second closes it), a request for changes that decides it, a
// second round with its history, a withdrawn sign-off's link refused, the certificate, and a link
// page that never shows anything but its own sign-off. Screenshots at 1280 and 390 px.
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

// What the link pages must never show: everything but the sign-off the link is for.
const others = ['Secret internal task', 'Shared task', 'Colour palette', 'Withdrawn banner', 'secret-notes.txt'];

// A 1×1 red PNG.
const redPixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64');

// The personal link in the newest mail to `to` about `title` (the `nth` such mail, counting from 1).
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
    const id = Object.fromEntries(['client', 'ivy', 'noah', 'project', 'logo', 'colours', 'withdrawn', 'task',
        'privateTask'].map((k) => [k, randomUUID()]));
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update', fields: {portal_enabled: true}, base: {portal_enabled: false}},
        {entity: 'client', id: id.client, op: 'create', fields: {name: 'Green Grocers'}},
        {entity: 'contact', id: id.ivy, op: 'create', fields: {client_id: id.client, name: 'Ivy', email: ivy}},
        {entity: 'contact', id: id.noah, op: 'create', fields: {client_id: id.client, name: 'Noah', email: noah}},
        {entity: 'project', id: id.project, op: 'create',
            fields: {client_id: id.client, name: 'Brand refresh', portal_enabled: true}},
        {entity: 'task', id: id.task, op: 'create',
            fields: {project_id: id.project, title: 'Shared task', visibility: 'read_only'}},
        {entity: 'task', id: id.privateTask, op: 'create', fields: {project_id: id.project, title: 'Secret internal task'}});
    const logoFile = await staff.upload(id.project, 'logo-v1.png', redPixel, 'image/png', 'private');
    await staff.upload(id.project, 'secret-notes.txt', Buffer.from('margin 40%\n'), 'text/plain', 'private');
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
    await staff.push({entity: 'signoff', id: id.withdrawn, op: 'update', fields: {status: 'withdrawn'},
        base: {status: 'sent'}});

    const browser = await h.launchBrowser();
    const answers = [];
    const pageErrors = [];
    const open = async (width, url) => {
        const context = await browser.newContext({viewport: {width, height: width < 600 ? 844 : 900}});
        const page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(String(e)));
        page.on('response', async (r) => {
            if (r.url().includes('/api/v1/portal/'))
                answers.push({url: r.url(), body: await r.text().catch(() => '')});
        });
        await page.goto(url);
        return page;
    };

    step('the first approver answers through the link: the sign-off stays open');
    const noahLogo = await waitFor('Noah\'s link', () => linkFor(noah, 'New logo'));
    const noahPage = await open(390, noahLogo);
    const card = noahPage.locator(`.signoff[data-id="${id.logo}"]`);
    await card.getByRole('heading', {name: 'New logo'}).waitFor();
    assert.ok(!noahPage.url().includes('so_'), 'the token left the address bar');
    await card.getByText('Ivy: waiting · Noah: waiting').waitFor();
    await card.getByText('Answer by').waitFor();
    await noSidewaysScrolling(noahPage, 'the link page');
    await noahPage.screenshot({path: path.join(h.artifactsDir, 'link-pending-phone.png'), fullPage: true});
    await card.getByRole('button', {name: 'Approve'}).click();
    await noahPage.locator(`.signoff[data-id="${id.logo}"]`).getByText('Ivy: waiting · Noah: approved').waitFor();
    await noahPage.getByText('the others have not all answered yet').waitFor();
    await noahPage.screenshot({path: path.join(h.artifactsDir, 'link-answered-phone.png'), fullPage: true});
    assert.equal((await staff.row('signoff', id.logo)).status, 'sent');

    step('the second approver answers: approved, with the certificate');
    const ivyPage = await open(1280, await waitFor('Ivy\'s link', () => linkFor(ivy, 'New logo')));
    const ivyCard = ivyPage.locator(`.signoff[data-id="${id.logo}"]`);
    await ivyCard.getByText('Ivy: waiting · Noah: approved').waitFor();
    await ivyPage.screenshot({path: path.join(h.artifactsDir, 'link-pending-desktop.png'), fullPage: true});
    await ivyCard.getByLabel('Comment for the team').fill('Lovely.');
    await ivyCard.getByRole('button', {name: 'Approve'}).click();
    const decided = ivyPage.locator(`.signoff[data-id="${id.logo}"]`);
    await decided.getByText('Approved', {exact: true}).waitFor();
    const logo = await waitFor('the approval on the server',
        async () => ((await staff.row('signoff', id.logo)) || {}).status === 'approved' && staff.row('signoff', id.logo));
    const round = logo.rounds[0];
    assert.deepEqual(round.answers.map((a) => [a.email, a.decision, a.via]).sort(),
        [[ivy, 'approved', 'link'], [noah, 'approved', 'link']]);
    const certificate = decided.getByRole('link', {name: 'Download certificate (PDF)'});
    const pdf = await ivyPage.request.get(new URL(await certificate.getAttribute('href'), base).toString());
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await ivyPage.screenshot({path: path.join(h.artifactsDir, 'link-approved-desktop.png'), fullPage: true});

    step('a request for changes decides it; a second round with new files');
    const ivyColours = await open(390, await waitFor('Ivy\'s colours link', () => linkFor(ivy, 'Colour palette')));
    const coloursCard = ivyColours.locator(`.signoff[data-id="${id.colours}"]`);
    await coloursCard.getByRole('button', {name: 'Request changes'}).click();
    await coloursCard.getByText('Say what should change').waitFor();
    await coloursCard.getByLabel('Comment for the team').fill('Warmer greens, please.');
    await coloursCard.getByRole('button', {name: 'Request changes'}).click();
    await ivyColours.locator(`.signoff[data-id="${id.colours}"]`).getByText('Changes requested', {exact: true}).first()
        .waitFor();
    assert.equal((await staff.row('signoff', id.colours)).status, 'rejected');
    const paletteV2 = await staff.upload(id.project, 'palette-v2.png', redPixel, 'image/png', 'private');
    await staff.push({entity: 'signoff', id: id.colours, op: 'update',
        fields: {status: 'sent', file_ids: [paletteV2]}, base: {status: 'rejected'}});
    const noahRound2 = await waitFor('Noah\'s round 2 link', () => linkFor(noah, 'Colour palette', 2));
    const round2 = await open(390, noahRound2);
    const card2 = round2.locator(`.signoff[data-id="${id.colours}"]`);
    await card2.getByText('Round 2').first().waitFor();
    await card2.getByRole('link', {name: 'palette-v2.png'}).waitFor();
    const earlier = card2.locator('details.signoff__rounds');
    await earlier.locator('summary').click();
    await earlier.getByText('palette-v1.png').waitFor();
    await earlier.getByText('Warmer greens, please.').waitFor();
    await noSidewaysScrolling(round2, 'the second round');
    await round2.screenshot({path: path.join(h.artifactsDir, 'round-2-phone.png'), fullPage: true});
    await card2.getByRole('button', {name: 'Approve'}).click();
    await round2.getByText('the others have not all answered yet').waitFor();
    const colours = await staff.row('signoff', id.colours);
    assert.equal(colours.status, 'sent');
    assert.equal(colours.rounds.length, 2);
    assert.equal(colours.rounds[1].answers[0].email, noah);

    step('a withdrawn sign-off\'s link is refused');
    const gone = await open(390, await waitFor('the withdrawn link', () => linkFor(noah, 'Withdrawn banner')));
    await gone.getByRole('heading', {name: 'This link does not work any more'}).waitFor();
    await gone.screenshot({path: path.join(h.artifactsDir, 'link-withdrawn-phone.png'), fullPage: true});

    step('the link pages never showed anything else');
    assert.ok(answers.length >= 8, `only ${answers.length} answers were seen`);
    for (const answer of answers) {
        for (const other of others) {
            // The colours pages show the colours sign-off, and nothing of the others.
            if (other === 'Colour palette' && answer.url.includes(id.colours))
                continue;
            if (other === 'Colour palette' && answer.url.includes('/link/open') && answer.body.includes(id.colours))
                continue;
            assert.ok(!answer.body.includes(other), `${answer.url} mentions "${other}"`);
        }
    }
    assert.deepEqual(pageErrors, [], 'script errors on the page');
}

await h.run(main);
