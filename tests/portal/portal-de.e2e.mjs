// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The portal in German: a browser asking for German (Accept-Language, navigator.languages) gets the
// projects, project and account pages in German with <html lang="de">, nothing wider than a phone;
// the sign-in link mailed then is German. Choosing English on the account page turns the portal
// and the mails English, whatever the browser asks; choosing Deutsch turns an English browser's
// portal German. Screenshots of the three pages at 1280 and 390 px.
//
//   node portal-de.e2e.mjs <path to atrium-server> <artifacts dir>
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import path from 'node:path';

import {Harness, noSidewaysScrolling, Staff, step, waitFor} from './e2e-lib.mjs';

const h = new Harness('portal-de');
const slug = 'acme';
const adminEmail = 'admin@acme.test';
const adminPassword = 'staff password 123';
const ivy = 'ivy@green.test';
const ivyPassword = 'a long client password';

// A 1×1 red PNG.
const redPixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64');

// The plain text of the newest sign-in link mail to Ivy, once there are `count` of them.
async function linkMail(base, count) {
    const asked = await fetch(`${base}/api/v1/portal/login/link`, {method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
        body: JSON.stringify({slug, email: ivy})});
    assert.equal(asked.status, 202);
    return waitFor(`sign-in link mail ${count}`, () => {
        const mails = h.mailTexts(ivy).filter((t) => t.includes(`/p/${slug}/link#`));
        return mails.length >= count ? mails[0] : null;
    });
}

async function shoot(page, name, width) {
    await page.setViewportSize({width, height: width < 600 ? 844 : 900});
    await page.reload();
    await page.locator('main h1').first().waitFor();
    if (width < 600)
        await noSidewaysScrolling(page, name);
    await page.screenshot({path: path.join(h.artifactsDir, `${name}-${width < 600 ? 'phone' : 'desktop'}.png`),
        fullPage: true});
}

async function main() {
    step('staff share a project with tasks, files and a sign-off waiting for Ivy');
    h.runCli(['create-org', '--name', 'Acme Studio', '--slug', slug, '--admin-email', adminEmail],
        `${adminPassword}\n`);
    const base = await h.startServer();
    const staff = new Staff(base, adminEmail, adminPassword);
    const orgId = await staff.login();
    const id = Object.fromEntries(['client', 'ivy', 'project', 'done', 'task', 'editable', 'logo', 'invite']
        .map((k) => [k, randomUUID()]));
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update', fields: {portal_enabled: true}, base: {portal_enabled: false}},
        {entity: 'client', id: id.client, op: 'create', fields: {name: 'Grüne Gärtnerei'}},
        {entity: 'contact', id: id.ivy, op: 'create', fields: {client_id: id.client, name: 'Ivy', email: ivy}},
        {entity: 'project', id: id.project, op: 'create',
            fields: {client_id: id.client, name: 'Markenauftritt', portal_enabled: true, client_uploads_enabled: true,
                due_date: '2030-03-31', description: 'Neues Logo, Farben und Geschäftsausstattung.'}},
        {entity: 'project', id: id.done, op: 'create',
            fields: {client_id: id.client, name: 'Website-Relaunch', portal_enabled: true, status: 'completed'}},
        {entity: 'task', id: id.task, op: 'create',
            fields: {project_id: id.project, title: 'Farbpalette abstimmen', visibility: 'read_only',
                due_date: '2030-02-15'}},
        {entity: 'task', id: id.editable, op: 'create',
            fields: {project_id: id.project, title: 'Fotos der Filialen schicken', visibility: 'editable',
                status: 'in_progress'}});
    const logoFile = await staff.upload(id.project, 'Logo-Entwurf-Variante-B.png', redPixel, 'image/png', 'read_only');
    await staff.upload(id.project, 'Angebot-Geschäftsausstattung.pdf', Buffer.from('%PDF-1.4\n'), 'application/pdf',
        'editable');
    await staff.push(
        {entity: 'signoff', id: id.logo, op: 'create', fields: {project_id: id.project, title: 'Logo, Variante B',
            description: 'Bildmarke und Schriftzug wie besprochen.', file_ids: [logoFile], approver_ids: [id.ivy],
            due_date: '2030-01-31', status: 'sent'}});
    const [invite] = await staff.push(
        {entity: 'invite', id: id.invite, op: 'create', fields: {contact_id: id.ivy, kind: 'link'}});

    step('a browser asking for German signs up and sees the projects in German');
    const browser = await h.launchBrowser();
    const pageErrors = [];
    const german = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'de-DE'});
    const accepted = await german.request.post(`${base}/api/v1/portal/invites/accept`,
        {data: {token: invite.invite_token, name: 'Ivy', password: ivyPassword}});
    assert.equal(accepted.status(), 200);
    const page = await german.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${base}/p/${slug}/`);
    await page.getByRole('heading', {name: 'Ihre Projekte'}).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const card = page.locator('.project-card', {hasText: 'Markenauftritt'});
    await card.getByText('2 Aufgaben · 2 Dateien · 1 Freigabe').waitFor();
    await card.getByText('1 Freigabe wartet auf Sie').waitFor();
    await card.getByText('Fällig am 31.03.2030').waitFor();
    await page.getByRole('heading', {name: 'Abgeschlossen'}).waitFor();
    await page.getByLabel('Ihre Projekte durchsuchen').waitFor();
    await page.getByRole('button', {name: 'Abmelden'}).waitFor();
    for (const width of [1280, 390])
        await shoot(page, 'projects', width);

    step('the project page in German: sign-off, tasks, files, upload, activity');
    await page.setViewportSize({width: 1280, height: 900});
    await page.goto(`${base}/p/${slug}/projects/${id.project}`);
    await page.getByRole('heading', {name: 'Wartet auf Sie'}).waitFor();
    for (const name of ['Aufgaben', 'Dateien', 'Dateien hochladen', 'Aktivität'])
        await page.getByRole('heading', {name, exact: true}).waitFor();
    const signoff = page.locator(`.signoff[data-id="${id.logo}"]`);
    await signoff.getByRole('button', {name: 'Freigeben'}).waitFor();
    await signoff.getByRole('button', {name: 'Änderungen anfordern'}).waitFor();
    await signoff.getByText('Antwort bis 31.01.2030').waitFor();
    await signoff.getByText('Wartet auf Ihre Antwort').waitFor();
    await page.getByText('Sie können diese Aufgabe ändern').waitFor();
    await page.getByRole('combobox', {name: 'Status'}).waitFor();
    assert.equal(await page.getByRole('combobox', {name: 'Status'}).inputValue(), 'in_progress');
    await page.getByRole('link', {name: 'Alle Dateien herunterladen (ZIP)'}).waitFor();
    await page.getByRole('button', {name: 'Neue Version hochladen'}).waitFor();
    for (const width of [1280, 390])
        await shoot(page, 'project', width);

    step('the account page in German, with the language to choose');
    await page.setViewportSize({width: 1280, height: 900});
    await page.goto(`${base}/p/${slug}/account`);
    await page.getByRole('heading', {name: 'Ihr Konto'}).waitFor();
    const language = page.locator('#account-language');
    assert.equal(await language.inputValue(), '');
    await page.getByRole('heading', {name: 'Zwei-Faktor-Anmeldung'}).waitFor();
    for (const width of [1280, 390])
        await shoot(page, 'account', width);

    step('the sign-in link mailed to a contact whose browser asks for German is German');
    let mails = 1;
    const germanMail = await linkMail(base, mails);
    assert.match(germanMail, /^Guten Tag Ivy,/);
    assert.match(germanMail, /Anmeldelink|Kundenportal von Acme Studio/);

    step('choosing English turns the portal and the mails English, whatever the browser asks');
    await page.setViewportSize({width: 1280, height: 900});
    await page.goto(`${base}/p/${slug}/account`);
    await page.locator('#account-language').selectOption('en');
    await page.getByRole('button', {name: 'Sprache speichern'}).click();
    await page.getByRole('heading', {name: 'Your account'}).waitFor();
    await page.getByText('Your language is saved.').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('#account-language').inputValue(), 'en');
    await page.goto(`${base}/p/${slug}/`);
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();
    await page.locator('.project-card', {hasText: 'Markenauftritt'}).getByText('2 tasks · 2 files · 1 sign-off').waitFor();
    const englishMail = await linkMail(base, ++mails);
    assert.match(englishMail, /^Hello Ivy,/);

    step('choosing Deutsch turns an English browser\'s portal German');
    await page.goto(`${base}/p/${slug}/account`);
    await page.locator('#account-language').selectOption('de');
    await page.getByRole('button', {name: 'Save language'}).click();
    await page.getByRole('heading', {name: 'Ihr Konto'}).waitFor();
    const english = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
    const signedIn = await english.request.post(`${base}/api/v1/portal/login`,
        {data: {slug, email: ivy, password: ivyPassword}});
    assert.equal(signedIn.status(), 200);
    const other = await english.newPage();
    other.on('pageerror', (e) => pageErrors.push(String(e)));
    await other.goto(`${base}/p/${slug}/`);
    await other.getByRole('heading', {name: 'Ihre Projekte'}).waitFor();
    assert.equal(await other.getAttribute('html', 'lang'), 'de');
    assert.match(await linkMail(base, ++mails), /^Guten Tag Ivy,/);

    assert.deepEqual(pageErrors, []);
    console.log(`screenshots in ${h.artifactsDir}`);
}

h.run(main);
