// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// An organisation that requires two-factor sign-in of its clients, in Chromium against the real
// server. Chosen clients with no grace period: sign-in goes on only by turning it on (the key the
// page shows, codes made here as an authenticator app would), a wrong code keeps the form, the
// recovery codes are shown once, then the portal; the same from an e-mailed sign-in link at phone
// width; too many wrong codes end the sign-in and offer a new one. All clients with a grace period:
// a notice under the header until when, whose link leads to the account page's section, and that
// goes once it is on. Nothing of the enrolment answers without the sign-in's challenge.
//
//   node twofactorpolicy.e2e.mjs <path to atrium-server> <artifacts dir>
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import path from 'node:path';

import {base32Decode, Harness, noSidewaysScrolling, Staff, step, totp, waitFor} from './e2e-lib.mjs';

const h = new Harness('twofactorpolicy');
const slug = 'acme';
const adminEmail = 'admin@acme.test';
const adminPassword = 'staff password 123';
const password = 'a long client password';
// Chosen client (Green Grocers): Ivy at the desk, Ian on his phone through a sign-in link, Ida who
// keeps getting it wrong. Not chosen (Blue Bakery): Bo and Una, until every client is asked.
const contacts = {
    ivy: {name: 'Ivy', email: 'ivy@green.test', client: 'green'},
    ian: {name: 'Ian', email: 'ian@green.test', client: 'green'},
    ida: {name: 'Ida', email: 'ida@green.test', client: 'green'},
    bo: {name: 'Bo', email: 'bo@blue.test', client: 'blue'},
    una: {name: 'Una', email: 'una@blue.test', client: 'blue'},
};
const desktop = {viewport: {width: 1280, height: 900}, locale: 'en-GB', timezoneId: 'UTC'};
const phone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'UTC'};

// A six-digit code that is none of the codes near `now`, so the server cannot accept it.
function wrongCode(secret, now) {
    const near = [-30, 0, 30].map((d) => totp(secret, now + d));
    for (const candidate of ['000000', '111111', '222222', '333333'])
        if (!near.includes(candidate))
            return candidate;
    throw new Error('no wrong code');
}

async function portalPost(base, route, body, cookie) {
    const headers = {'Content-Type': 'application/json'};
    if (cookie)
        headers.Cookie = cookie;
    const r = await fetch(base + route, {method: 'POST', headers, body: JSON.stringify(body)});
    let json = {};
    try {
        json = await r.json();
    } catch {
        json = {};
    }
    return {status: r.status, json, cookie: r.headers.get('set-cookie')};
}

async function main() {
    step('start the server; two clients, their contacts with portal accounts, a project each');
    h.runCli(['create-org', '--name', 'Acme Studio', '--slug', slug, '--admin-email', adminEmail],
        `${adminPassword}\n`);
    const base = await h.startServer();
    const staff = new Staff(base, adminEmail, adminPassword);
    const orgId = await staff.login();
    const clients = {green: randomUUID(), blue: randomUUID()};
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update', fields: {portal_enabled: true},
            base: {portal_enabled: false}},
        {entity: 'client', id: clients.green, op: 'create', fields: {name: 'Green Grocers'}},
        {entity: 'client', id: clients.blue, op: 'create', fields: {name: 'Blue Bakery'}},
        {entity: 'project', id: randomUUID(), op: 'create',
            fields: {client_id: clients.green, name: 'Shop front', portal_enabled: true}},
        {entity: 'project', id: randomUUID(), op: 'create',
            fields: {client_id: clients.blue, name: 'Bread labels', portal_enabled: true}});
    for (const c of Object.values(contacts)) {
        c.id = randomUUID();
        await staff.push({entity: 'contact', id: c.id, op: 'create',
            fields: {client_id: clients[c.client], name: c.name, email: c.email}});
        const [invite] = await staff.push(
            {entity: 'invite', id: randomUUID(), op: 'create', fields: {contact_id: c.id, kind: 'link'}});
        const accepted = await portalPost(base, '/api/v1/portal/invites/accept',
            {token: invite.invite_token, name: c.name, password});
        assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
        assert.equal(accepted.json.second_factor_required_by, undefined, 'nothing is required yet');
    }

    step('the organisation requires it of chosen clients, with no grace period; Green Grocers is chosen');
    await staff.push(
        {entity: 'organisation', id: orgId, op: 'update',
            fields: {two_factor_clients: 'chosen', two_factor_grace_days: 0}},
        {entity: 'client', id: clients.green, op: 'update', fields: {two_factor_required: true}});

    step('nothing of the enrolment answers without the challenge');
    const signedIn = await portalPost(base, '/api/v1/portal/login', {slug, email: contacts.bo.email, password});
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.json));
    assert.equal(signedIn.json.second_factor_required_by, undefined, 'Blue Bakery was not chosen');
    const boCookie = signedIn.cookie.split(';')[0];
    for (const [route, body] of [['/api/v1/portal/login/enrol', {challenge: 'ch_made_up'}],
             ['/api/v1/portal/login/enrol/confirm', {challenge: 'ch_made_up', code: '123456'}]]) {
        const r = await portalPost(base, route, body);
        assert.equal(r.status, 401, `${route}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.error.code, 'challenge_expired');
        assert.equal(r.json.secret, undefined);
        // A session is no challenge either.
        const withSession = await portalPost(base, route, {}, boCookie);
        assert.equal(withSession.status, 400, `${route} with a session: ${JSON.stringify(withSession.json)}`);
        assert.equal(withSession.json.secret, undefined);
    }
    const asked = await portalPost(base, '/api/v1/portal/login', {slug, email: contacts.ida.email, password});
    assert.equal(asked.status, 200);
    assert.equal(asked.json.second_factor_enrolment_required, true, JSON.stringify(asked.json));
    assert.equal(asked.json.contact, undefined, 'no session before enrolling');
    assert.equal(asked.cookie, null, 'no cookie before enrolling');
    // The challenge is not a session, and a code for the sign-in's other step does nothing with it.
    const me = await fetch(`${base}/api/v1/portal/me`);
    assert.equal(me.status, 401);
    const codeStep = await portalPost(base, '/api/v1/portal/login/second-factor',
        {challenge: asked.json.challenge, code: '123456'});
    assert.notEqual(codeStep.status, 200, JSON.stringify(codeStep.json));

    const browser = await h.launchBrowser();
    const pageErrors = [];
    const open = async (options) => {
        const context = await browser.newContext(options);
        const page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(String(e)));
        return page;
    };
    const signIn = async (page, who) => {
        await page.goto(`${base}/p/${slug}/signin`);
        await page.getByLabel('E-mail address').fill(who.email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', {name: 'Sign in'}).click();
    };
    // The enrolment step as drawn: the QR code loaded, the key decoded.
    const enrolmentShown = async (page) => {
        await page.getByRole('heading', {name: 'Set up two-factor sign-in', level: 1}).waitFor();
        await page.getByText('Acme Studio requires two-factor sign-in').waitFor();
        const qr = page.getByRole('img', {name: 'QR code for your authenticator app'});
        await qr.waitFor();
        await waitFor('the QR code to load', () => qr.evaluate((img) => img.complete && img.naturalWidth > 100));
        assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
        const key = (await page.locator('code.secret').textContent()).trim();
        assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
        const secret = base32Decode(key);
        assert.equal(secret.length, 20);
        return secret;
    };
    const recoveryCodesShown = async (page) => {
        await page.getByRole('heading', {name: 'Save your recovery codes'}).waitFor();
        const codes = page.locator('#recovery-codes li');
        await codes.first().waitFor();
        assert.equal(await codes.count(), 10);
        for (const c of await codes.allTextContents())
            assert.match(c.trim(), /^([a-z2-7]{4}-){4}[a-z2-7]{4}$/);
    };

    step('a chosen client signs in: only enrolment goes on; a wrong code keeps the form');
    const ivy = await open(desktop);
    await signIn(ivy, contacts.ivy);
    const ivySecret = await enrolmentShown(ivy);
    assert.equal(await ivy.locator('#account').textContent(), '', 'not signed in yet');
    await ivy.screenshot({path: path.join(h.artifactsDir, 'enrol-required-desktop.png'), fullPage: true});
    const now = Date.now() / 1000;
    const field = ivy.getByLabel('Code from the app');
    await field.fill(wrongCode(ivySecret, now));
    await ivy.getByRole('button', {name: 'Turn on and sign in'}).click();
    await ivy.getByRole('alert').getByText('That code is not right').waitFor();
    assert.equal(await field.inputValue(), '');
    assert.ok(await field.evaluate((input) => input === document.activeElement), 'the code field has focus');
    await ivy.screenshot({path: path.join(h.artifactsDir, 'enrol-wrong-code-desktop.png'), fullPage: true});
    // Not signed in by a wrong code, in another tab either.
    const meBefore = await ivy.evaluate(async () => (await fetch('/api/v1/portal/me')).status);
    assert.equal(meBefore, 401);

    step('the right code: ten recovery codes once, then the portal');
    await field.fill(totp(ivySecret, now));
    await ivy.getByRole('button', {name: 'Turn on and sign in'}).click();
    await recoveryCodesShown(ivy);
    await ivy.screenshot({path: path.join(h.artifactsDir, 'enrol-recovery-codes-desktop.png'), fullPage: true});
    await ivy.getByRole('button', {name: 'Continue'}).click();
    await ivy.getByRole('heading', {name: 'Your projects'}).waitFor();
    await ivy.getByText('Shop front').waitFor();
    assert.ok(await ivy.locator('#notice').isHidden(), 'no notice once it is on');
    await ivy.goto(`${base}/p/${slug}/account`);
    await ivy.getByText('10 recovery codes left').waitFor();

    step('an e-mailed sign-in link of a chosen client, at phone width');
    const ian = await open(phone);
    await ian.goto(`${base}/p/${slug}/link`);
    await ian.getByLabel('E-mail address').fill(contacts.ian.email);
    await ian.getByRole('button', {name: 'Send the link'}).click();
    await ian.getByText('an e-mail with a link to sign in is on its way').waitFor();
    const link = await waitFor('the sign-in link',
        () => h.mailedLink(contacts.ian.email, /https?:\/\/\S+\/link#sil_[A-Za-z0-9_-]+/));
    await ian.goto(link);
    const ianSecret = await enrolmentShown(ian);
    assert.ok(!ian.url().includes('sil_'), 'the token left the address bar');
    await noSidewaysScrolling(ian, 'the enrolment step');
    await ian.screenshot({path: path.join(h.artifactsDir, 'enrol-required-phone.png'), fullPage: true});
    await ian.getByLabel('Code from the app').fill(totp(ianSecret, Date.now() / 1000));
    await ian.getByRole('button', {name: 'Turn on and sign in'}).click();
    await recoveryCodesShown(ian);
    await noSidewaysScrolling(ian, 'the recovery codes');
    await ian.screenshot({path: path.join(h.artifactsDir, 'enrol-recovery-codes-phone.png'), fullPage: true});
    await ian.getByRole('button', {name: 'Continue'}).click();
    await ian.getByRole('heading', {name: 'Your projects'}).waitFor();
    await ian.getByText('Shop front').waitFor();

    step('too many wrong codes end the sign-in, and a new one is offered');
    const ida = await open(desktop);
    await signIn(ida, contacts.ida);
    const idaSecret = await enrolmentShown(ida);
    const idaWrong = wrongCode(idaSecret, Date.now() / 1000);
    const expired = ida.getByRole('heading', {name: 'This sign-in has expired'});
    // Wrong codes count against the account's sign-ins (a while of 429, the form kept, the wait
    // said) and against the challenge's tries (then it is spent).
    let throttled = false;
    for (let i = 0; i < 10 && !(await expired.isVisible()); ++i) {
        await ida.getByLabel('Code from the app').fill(idaWrong);
        await ida.getByRole('button', {name: 'Turn on and sign in'}).click();
        await waitFor('an answer', async () => (await expired.isVisible())
            || (await ida.locator('form button[type="submit"]:enabled').count()) > 0);
        if (await ida.getByRole('alert').getByText(/Try again in \d+ seconds/).isVisible()) {
            throttled = true;
            await ida.screenshot({path: path.join(h.artifactsDir, 'enrol-throttled-desktop.png'), fullPage: true});
        }
    }
    assert.ok(throttled, 'the wait was shown, with the form');
    await expired.waitFor();
    await ida.screenshot({path: path.join(h.artifactsDir, 'enrol-expired-desktop.png'), fullPage: true});
    await ida.getByRole('button', {name: 'Sign in again'}).click();
    await ida.getByRole('heading', {name: 'Sign in', level: 2}).waitFor();

    step('every client is asked, with seven days to set it up: a notice until when');
    await staff.push({entity: 'organisation', id: orgId, op: 'update',
        fields: {two_factor_clients: 'all', two_factor_grace_days: 7}});
    const bo = await open(desktop);
    await signIn(bo, contacts.bo);
    await bo.getByRole('heading', {name: 'Your projects'}).waitFor();
    await bo.getByText('Bread labels').waitFor();
    const by = await bo.evaluate(async () => (await (await fetch('/api/v1/portal/me')).json()).second_factor_required_by);
    assert.ok(by, 'the deadline is in /me');
    const days = (Date.parse(by) - Date.now()) / 86400000;
    assert.ok(days > 6.9 && days <= 7, `the deadline is seven days away: ${by}`);
    const day = new Date(by).toLocaleDateString('en-GB', {dateStyle: 'long', timeZone: 'UTC'});
    const notice = bo.locator('#notice');
    await notice.getByText(`Acme Studio asks you to turn on two-factor sign-in by ${day}.`).waitFor();
    await bo.screenshot({path: path.join(h.artifactsDir, 'notice-desktop.png'), fullPage: true});
    // On every page of the portal.
    await bo.getByRole('link', {name: 'Bread labels'}).click();
    await bo.getByRole('heading', {name: 'Bread labels', level: 1}).waitFor();
    await notice.getByText(day).waitFor();

    step('the notice leads to the account page\'s section, and goes once it is on');
    await notice.getByRole('link', {name: 'Set it up now'}).click();
    await bo.getByRole('heading', {name: 'Your account'}).waitFor();
    assert.ok(bo.url().endsWith('/account#second-factor'), bo.url());
    const start = bo.getByRole('button', {name: 'Turn on two-factor sign-in'});
    await waitFor('the section\'s button to have focus', () => start.evaluate((b) => b === document.activeElement));
    assert.ok(await start.evaluate((b) => {
        const r = b.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
    }), 'the section is scrolled to');
    await start.click();
    const key = (await bo.locator('#second-factor code.secret').textContent()).trim();
    await bo.getByLabel('Code from the app').fill(totp(base32Decode(key), Date.now() / 1000));
    await bo.getByRole('button', {name: 'Turn on', exact: true}).click();
    await bo.locator('#recovery-codes li').first().waitFor();
    await waitFor('the notice to go', () => notice.isHidden());
    await bo.reload();
    await bo.getByText('10 recovery codes left').waitFor();
    assert.ok(await notice.isHidden(), 'no notice after reloading');

    step('the notice at phone width, and its link from the account page itself');
    const unaMobile = await open(phone);
    await signIn(unaMobile, contacts.una);
    await unaMobile.getByRole('heading', {name: 'Your projects'}).waitFor();
    const phoneNotice = unaMobile.locator('#notice');
    await phoneNotice.getByText(day).waitFor();
    await noSidewaysScrolling(unaMobile, 'the notice');
    await unaMobile.screenshot({path: path.join(h.artifactsDir, 'notice-phone.png'), fullPage: true});
    await unaMobile.goto(`${base}/p/${slug}/account`);
    await unaMobile.getByRole('heading', {name: 'Your account'}).waitFor();
    await phoneNotice.getByRole('link', {name: 'Set it up now'}).click();
    const phoneStart = unaMobile.getByRole('button', {name: 'Turn on two-factor sign-in'});
    await waitFor('the section\'s button to have focus', () => phoneStart.evaluate((b) => b === document.activeElement));
    assert.ok(unaMobile.url().endsWith('/account'), 'the same page, not a new one');

    assert.deepEqual(pageErrors, [], 'script errors on the page');
}

await h.run(main);
