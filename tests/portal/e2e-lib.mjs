// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the portal's browser tests share: a fresh data dir (and, with ATRIUM_TEST_DATABASE=postgres,
// a fresh PostgreSQL database) for the real atrium-server binary, its operator CLI, the staff side
// through the sync API, the mail outbox, and Debian's Chromium. Each test file makes one Harness.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {createHash, createHmac, randomBytes, randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

export function step(name) {
    console.log(`--- ${name}`);
}

export async function waitFor(what, fn, timeoutMs = 15000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
        const value = await fn();
        if (value)
            return value;
        if (Date.now() > until)
            throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

// RFC 6238 with the RFC 4226 truncation: SHA-1, 6 digits, 30-second steps, as an authenticator app
// makes them. Written here from the RFCs, independently of the server's liboath, so the two check
// each other.
export function base32Decode(text) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const c of text.replace(/[\s=]/g, '').toUpperCase())
        bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
    const bytes = [];
    for (let i = 0; i + 8 <= bits.length; i += 8)
        bytes.push(parseInt(bits.slice(i, i + 8), 2));
    return Buffer.from(bytes);
}

export function totp(secret, seconds) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
    const mac = createHmac('sha1', secret).update(counter).digest();
    const offset = mac[mac.length - 1] & 0xf;
    const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
    return String(value).padStart(6, '0');
}

// A page at phone width (390 px) that does not scroll sideways.
export async function noSidewaysScrolling(page, label) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${label}: the page is ${width} px wide at 390`);
}

// The staff side, through the sync API.
export class Staff {
    constructor(base, email, password) {
        this.base = base;
        this.email = email;
        this.password = password;
        this.token = '';
    }

    async call(method, route, body, extraHeaders = {}) {
        const headers = {...extraHeaders};
        if (this.token)
            headers.Authorization = `Bearer ${this.token}`;
        let payload = body;
        if (body !== undefined && !(body instanceof Uint8Array)) {
            headers['Content-Type'] = 'application/json';
            payload = JSON.stringify(body);
        }
        const response = await fetch(this.base + route, {method, headers, body: payload});
        const text = await response.text();
        let json = {};
        try {
            json = JSON.parse(text);
        } catch {
            json = {};
        }
        return {status: response.status, json};
    }

    async login() {
        const r = await this.call('POST', '/api/v1/auth/login', {email: this.email, password: this.password});
        assert.equal(r.status, 200);
        this.token = r.json.token;
        return r.json.organisation.id;
    }

    async push(...mutations) {
        const r = await this.call('POST', '/api/v1/sync/push', {
            client_id: 'portal-e2e',
            mutations: mutations.map((m) => ({mutation_id: randomUUID(), ...m})),
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        for (const result of r.json.results)
            assert.equal(result.status, 'applied', JSON.stringify(result));
        return r.json.results;
    }

    async pullAll() {
        const changes = [];
        let since = 0;
        for (;;) {
            const r = await this.call('GET', `/api/v1/sync/pull?since=${since}&limit=1000`);
            assert.equal(r.status, 200);
            changes.push(...r.json.changes);
            since = r.json.cursor;
            if (!r.json.more)
                return changes;
        }
    }

    // The row's newest version, or null. A row changed while the pull runs can be missing from a
    // pull from zero (its new version is past the pull's cursor; the next pull brings it), so
    // callers that wait for a change treat null as "not yet".
    async row(entity, id) {
        const all = await this.pullAll();
        const found = all.filter((c) => c.entity === entity && (c.id === id || (c.data && c.data.id === id)));
        return found.length ? {...found[found.length - 1].data, version: found[found.length - 1].version} : null;
    }

    async upload(projectId, name, content, mime, visibility) {
        const fileId = randomUUID();
        const sha256 = createHash('sha256').update(content).digest('hex');
        const started = await this.call('POST', '/api/v1/files/uploads', {file_id: fileId, project_id: projectId,
            folder: '', name, size: content.length, mime_type: mime, visibility, sha256});
        assert.equal(started.status, 201, JSON.stringify(started.json));
        const id = started.json.upload_id;
        const put = await this.call('PUT', `/api/v1/files/uploads/${id}?offset=0`, new Uint8Array(content),
            {'Content-Type': 'application/octet-stream'});
        assert.equal(put.status, 200, JSON.stringify(put.json));
        const done = await this.call('POST', `/api/v1/files/uploads/${id}/complete`, {});
        assert.equal(done.status, 201, JSON.stringify(done.json));
        return fileId;
    }
}

// One test file's server: `node <file> <atrium-server> [artifacts dir]`.
export class Harness {
    constructor(name) {
        const [serverBinary, artifactsDir = path.resolve(`${name}-artifacts`)] = process.argv.slice(2);
        if (!serverBinary) {
            console.error(`usage: node ${name}.e2e.mjs <atrium-server> [artifacts dir]`);
            process.exit(2);
        }
        this.serverBinary = serverBinary;
        this.artifactsDir = artifactsDir;
        fs.mkdirSync(artifactsDir, {recursive: true});
        this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `atrium-${name}-e2e-`));
        this.serverLog = [];
        this.server = null;
        this.browser = null;
        // ATRIUM_TEST_DATABASE=postgres (as ctest's *_postgres tests set it): a fresh database on
        // the PostgreSQL server ATRIUM_TEST_PG_URL names, created and dropped with psql; else
        // SQLite in the data dir.
        this.databaseArgs = [];
        this.pgDatabase = null;
        if (process.env.ATRIUM_TEST_DATABASE === 'postgres') {
            const pgServer = process.env.ATRIUM_TEST_PG_URL;
            if (!pgServer) {
                console.error('ATRIUM_TEST_DATABASE=postgres needs ATRIUM_TEST_PG_URL (./scripts/test sets it)');
                process.exit(2);
            }
            this.pgDatabase = 'atrium_e2e_' + randomBytes(8).toString('hex');
            const r = spawnSync('psql', [pgServer, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${this.pgDatabase}`],
                {encoding: 'utf8'});
            if (r.status !== 0) {
                console.error(`could not create the test database: ${r.stderr}`);
                process.exit(2);
            }
            const url = new URL(pgServer);
            url.pathname = '/' + this.pgDatabase;
            this.databaseArgs.push('--database', url.toString());
        }
    }

    runCli(args, stdin) {
        const r = spawnSync(this.serverBinary, [...args, '--data-dir', this.dataDir, ...this.databaseArgs],
            {input: stdin, encoding: 'utf8'});
        assert.equal(r.status, 0, `atrium-server ${args[0]} failed: ${r.stderr}`);
    }

    // Starts the server; resolves to its base URL.
    startServer(extraArgs = []) {
        return new Promise((resolve, reject) => {
            this.server = spawn(this.serverBinary,
                ['--data-dir', this.dataDir, ...this.databaseArgs, '--listen', '127.0.0.1:0', ...extraArgs],
                {stdio: ['ignore', 'pipe', 'pipe']});
            const timer = setTimeout(() => reject(new Error('the server did not start')), 20000);
            this.server.stdout.on('data', (chunk) => {
                const text = chunk.toString();
                this.serverLog.push(text);
                const m = text.match(/atrium-server listening on (http:\/\/[0-9.]+:\d+)/);
                if (m) {
                    clearTimeout(timer);
                    resolve(m[1]);
                }
            });
            this.server.stderr.on('data', (c) => this.serverLog.push(c.toString()));
            this.server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
        });
    }

    async launchBrowser() {
        this.browser = await chromium.launch({
            executablePath: '/usr/bin/chromium',
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        });
        return this.browser;
    }

    // The plain-text parts of the mails to `to`, newest first.
    mailTexts(to) {
        const outbox = path.join(this.dataDir, 'outbox');
        if (!fs.existsSync(outbox))
            return [];
        const texts = [];
        for (const name of fs.readdirSync(outbox).sort().reverse()) {
            const mail = fs.readFileSync(path.join(outbox, name), 'latin1');
            if (!mail.includes(`To: <${to}>`))
                continue;
            const start = mail.indexOf('text/plain');
            const body = mail.indexOf('\r\n\r\n', start) + 4;
            const end = mail.indexOf('\r\n--', body);
            texts.push(Buffer.from(mail.slice(body, end).replace(/\s+/g, ''), 'base64').toString('utf8'));
        }
        return texts;
    }

    // The first link matching `pattern` in the plain-text part of the newest mail to `to` that has one.
    mailedLink(to, pattern) {
        for (const text of this.mailTexts(to)) {
            const m = text.match(pattern);
            if (m)
                return m[0];
        }
        return null;
    }

    // Runs `main`, then stops the browser and the server and removes what the run made; exits
    // with the outcome.
    async run(main) {
        let failed = false;
        try {
            await main();
            console.log('PASS');
        } catch (e) {
            failed = true;
            console.error(e);
            console.error('--- server log\n' + this.serverLog.join(''));
        } finally {
            if (this.browser)
                await this.browser.close().catch(() => {});
            if (this.server && this.server.exitCode === null) {
                this.server.removeAllListeners('exit');
                this.server.kill('SIGTERM');
            }
            if (!process.env.ATRIUM_TEST_KEEP_DATA) {
                fs.rmSync(this.dataDir, {recursive: true, force: true});
                if (this.pgDatabase)
                    spawnSync('psql', [process.env.ATRIUM_TEST_PG_URL, '-c',
                        `DROP DATABASE IF EXISTS ${this.pgDatabase} WITH (FORCE)`], {encoding: 'utf8'});
            }
        }
        process.exit(failed ? 1 : 0);
    }
}
