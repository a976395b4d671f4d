// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A client's sign-in in Chromium against the real server: turning two-factor sign-in on from the
// account page (the QR code drawn by the server, codes made here from the key the page shows, as
// an authenticator app would), signing in with a code after the password, a refused wrong code,
// an e-mailed sign-in link that still asks for the code and works once, and a recovery code.
//
//   node identity.e2e.mjs <path to atrium-server> <artifacts dir>
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import path from 'node:path';

import {base32Decode, Harness, noSidewaysScrolling, Staff, step, totp, waitFor} from './e2e-lib.mjs';

const h = new Harness('identity');
const slug = 'acme';
const adminEmail = 'admin@acme.test';
const adminPassword = 'staff password 123';
const clientEmail = 'ivy@green.test';
const clientPassword = 'a long client password';

async function main() {
    step('start the server; a client with a portal account');
    h.runCli(['create-org', '--name', 'Acme Studio', '--slug', slug, '--admin-email', adminEmail],
        `${adminPassword}\n`);
    const base = await h.startServer();
    const staff = new Staff(base, adminEmail, adminPassword);
    const orgId = await staff.login();
    const ids = {client: randomUUID(), contact: randomUUID(), project: randomUUID(), invite: randomUUID()};
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update', fields: {portal_enabled: true},
            base: {portal_enabled: false}},
        {entity: 'client', id: ids.client, op: 'create', fields: {name: 'Green Grocers'}},
        {entity: 'contact', id: ids.contact, op: 'create',
            fields: {client_id: ids.client, name: 'Ivy', email: clientEmail}},
        {entity: 'project', id: ids.project, op: 'create',
            fields: {client_id: ids.client, name: 'Shop front', portal_enabled: true}});
    const [invite] = await staff.push(
        {entity: 'invite', id: ids.invite, op: 'create', fields: {contact_id: ids.contact, kind: 'link'}});
    const accepted = await fetch(`${base}/api/v1/portal/invites/accept`, {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({token: invite.invite_token, name: 'Ivy', password: clientPassword})});
    assert.equal(accepted.status, 200);

    const browser = await h.launchBrowser();
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const signIn = async (password = clientPassword) => {
        await page.goto(`${base}/p/${slug}/signin`);
        await page.getByLabel('E-mail address').fill(clientEmail);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', {name: 'Sign in'}).click();
    };

    step('turn two-factor sign-in on from the account page');
    await signIn();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();
    await page.goto(`${base}/p/${slug}/account`);
    await page.getByRole('button', {name: 'Turn on two-factor sign-in'}).click();
    const qr = page.getByRole('img', {name: 'QR code for your authenticator app'});
    await qr.waitFor();
    await waitFor('the QR code to load', () => qr.evaluate((img) => img.complete && img.naturalWidth > 100));
    const key = (await page.locator('#second-factor code.secret').textContent()).trim();
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = base32Decode(key);
    assert.equal(secret.length, 20);
    await page.screenshot({path: path.join(h.artifactsDir, 'enrol-desktop.png'), fullPage: true});
    // A wrong code first.
    const now = Date.now() / 1000;
    const wrong = totp(secret, now) === '000000' ? '111111' : '000000';
    await page.getByLabel('Code from the app').fill(wrong);
    await page.getByRole('button', {name: 'Turn on', exact: true}).click();
    await page.getByText('That code is not right').waitFor();
    await page.getByLabel('Code from the app').fill(totp(secret, now));
    await page.getByRole('button', {name: 'Turn on', exact: true}).click();
    const codes = page.locator('#recovery-codes li');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10);
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    for (const c of recovery)
        assert.match(c, /^([a-z2-7]{4}-){4}[a-z2-7]{4}$/);
    await page.screenshot({path: path.join(h.artifactsDir, 'recovery-codes-desktop.png'), fullPage: true});
    await page.getByRole('button', {name: 'I have saved them'}).click();
    await page.getByText('10 recovery codes left').waitFor();

    step('sign-in asks for the code after the password');
    await page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await page.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    await signIn();
    const codeField = page.getByLabel('Code', {exact: true});
    await codeField.waitFor();
    await page.screenshot({path: path.join(h.artifactsDir, 'code-desktop.png'), fullPage: true});
    // The code that turned it on is spent.
    await codeField.fill(totp(secret, now));
    await page.getByRole('button', {name: 'Continue'}).click();
    await page.getByText('That code is not right').waitFor();
    await codeField.fill(totp(secret, now + 30));
    await page.getByRole('button', {name: 'Continue'}).click();
    await page.getByRole('heading', {name: 'Your projects'}).waitFor();

    step('an e-mailed sign-in link, then a recovery code, at phone width');
    await page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await page.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();
    const phone = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
    const mobile = await phone.newPage();
    mobile.on('pageerror', (e) => pageErrors.push(String(e)));
    await mobile.goto(`${base}/p/${slug}/signin`);
    await mobile.getByRole('link', {name: 'E-mail me a sign-in link'}).click();
    await mobile.getByLabel('E-mail address').fill(clientEmail);
    await mobile.getByRole('button', {name: 'Send the link'}).click();
    await mobile.getByText('an e-mail with a link to sign in is on its way').waitFor();
    await noSidewaysScrolling(mobile, 'the link request');
    await mobile.screenshot({path: path.join(h.artifactsDir, 'link-requested-phone.png'), fullPage: true});
    const link = await waitFor('the sign-in link', () => h.mailedLink(clientEmail, /https?:\/\/\S+\/link#sil_[A-Za-z0-9_-]+/));
    assert.ok(link.startsWith(`${base}/p/${slug}/link#sil_`), link);
    await mobile.goto(link);
    await mobile.getByRole('heading', {name: 'One more step'}).waitFor();
    assert.ok(!mobile.url().includes('sil_'), 'the token left the address bar');
    await noSidewaysScrolling(mobile, 'the code after the link');
    await mobile.screenshot({path: path.join(h.artifactsDir, 'code-phone.png'), fullPage: true});
    await mobile.getByLabel('Code', {exact: true}).fill(recovery[0].toUpperCase());
    await mobile.getByRole('button', {name: 'Continue'}).click();
    await mobile.getByRole('heading', {name: 'Your projects'}).waitFor();
    await waitFor('the mail about the recovery code',
        () => h.mailTexts(clientEmail).some((t) => t.includes('with one of your recovery codes')));

    step('the link works once');
    const again = await browser.newContext({viewport: {width: 390, height: 844}});
    const second = await again.newPage();
    await second.goto(link);
    await second.getByRole('heading', {name: 'This link no longer works'}).waitFor();
    await noSidewaysScrolling(second, 'the spent link');
    await second.screenshot({path: path.join(h.artifactsDir, 'link-spent-phone.png'), fullPage: true});

    step('the account page at phone width');
    await mobile.goto(`${base}/p/${slug}/account`);
    await mobile.getByText('9 recovery codes left').waitFor();
    await noSidewaysScrolling(mobile, 'the account page');
    await mobile.screenshot({path: path.join(h.artifactsDir, 'account-phone.png'), fullPage: true});

    assert.deepEqual(pageErrors, [], 'script errors on the page');
}

await h.run(main);
