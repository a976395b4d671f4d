// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// An S3-compatible store on loopback for tst_s3client: s3rver (pinned in package-lock.json) behind a
// small gate that adds what s3rver 3.7.1 leaves out, so the client meets a store that answers as S3
// does where it matters:
//   - AWS Signature Version 4 is verified (s3rver only looks the access key id up: with any secret,
//     or a wrong region, it accepts the request); the gate checks itself against the worked
//     examples of the S3 documentation when it starts;
//   - x-amz-content-sha256 must be the SHA-256 of the body (s3rver checks only that it looks like one);
//   - ListParts and AbortMultipartUpload (s3rver answers 405 to both), NoSuchUpload for an unknown
//     upload (s3rver creates it), and on CompleteMultipartUpload the part ETags and S3's 5 MiB
//     minimum for every part but the last (s3rver checks neither).
// Everything else (buckets, objects, ranges, multipart assembly) is s3rver's own.
//
// node s3rver.mjs --directory DIR --bucket NAME --access-key-id ID --secret-access-key SECRET [--region R]
//   [--port P]
// Prints the gate's port on standard output once both listen on 127.0.0.1, and exits when its
// standard input closes (so it never outlives the test that started it).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
// s3rver's own modules and dependencies, resolved from s3rver's location.
const fromS3rver = createRequire(require.resolve('s3rver'));
const AWSAccount = fromS3rver('./models/account');
const xmlParser = fromS3rver('fast-xml-parser');
const he = fromS3rver('he');

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_BODY = 64 * 1024 * 1024;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const { values: options } = parseArgs({
  options: {
    directory: { type: 'string' },
    bucket: { type: 'string' },
    'access-key-id': { type: 'string' },
    'secret-access-key': { type: 'string' },
    region: { type: 'string', default: 'us-east-1' },
    // The gate's port (0: any free one); a test that stops the store starts it again on the same.
    port: { type: 'string', default: '0' },
  },
});
for (const name of ['directory', 'bucket', 'access-key-id', 'secret-access-key']) {
  if (!options[name]) {
    console.error(`s3rver.mjs: --${name} is required`);
    process.exit(2);
  }
}
const credentials = new Map([[options['access-key-id'], options['secret-access-key']]]);

// RFC 3986 percent-encoding, as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~, upper-case hex.
const uriEncode = text =>
  encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());

const sha256Hex = data => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

// The canonical request of SigV4 for S3: the path and query re-encoded from what was received
// (S3 does not normalise the path further), the signed headers' values trimmed and folded.
function canonicalRequest({ method, rawPath, rawQuery, headerValues, signedHeaders, payloadHash }) {
  const canonicalUri = rawPath
    .split('/')
    .map(segment => uriEncode(decodeURIComponent(segment)))
    .join('/');
  const pairs = (rawQuery || '')
    .split('&')
    .filter(pair => pair !== '')
    .map(pair => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const canonicalQuery = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  const canonicalHeaders = signedHeaders
    .map(name => `${name}:${headerValues(name).map(v => v.trim().replace(/\s+/g, ' ')).join(',')}\n`)
    .join('');
  return [method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
}

function signature({ secret, amzDate, scope, canonical }) {
  const [date, region, service, terminator] = scope.split('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  let key = hmac('AWS4' + secret, date);
  for (const part of [region, service, terminator]) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

// The worked examples of "Signature Calculations for the Authorization Header: Transferring Payload
// in a Single Chunk" in the Amazon S3 API reference: a GET with a Range header, and two GETs with
// query strings (one a bare sub-resource, one to be sorted).
function selfCheck() {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const examples = [
    {
      rawPath: '/test.txt',
      rawQuery: '',
      headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9' },
      expected: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    },
    {
      rawPath: '/',
      rawQuery: 'lifecycle',
      headers: { host: 'examplebucket.s3.amazonaws.com' },
      expected: 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    },
    {
      rawPath: '/',
      rawQuery: 'prefix=J&max-keys=2',
      headers: { host: 'examplebucket.s3.amazonaws.com' },
      expected: '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    },
  ];
  for (const example of examples) {
    const headers = { ...example.headers, 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': '20130524T000000Z' };
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: example.rawPath,
      rawQuery: example.rawQuery,
      headerValues: name => [headers[name]],
      signedHeaders: Object.keys(headers).sort(),
      payloadHash: EMPTY_SHA256,
    });
    const got = signature({ secret, amzDate: '20130524T000000Z', scope: '20130524/us-east-1/s3/aws4_request', canonical });
    if (got !== example.expected) {
      throw new Error(`SigV4 self-check failed for ${example.rawPath}?${example.rawQuery}: ${got}`);
    }
  }
}

class S3Failure extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const xmlEscape = text =>
  String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

// Throws an S3Failure unless the request carries a valid SigV4 Authorization header for our key.
function verifySignature(req, rawPath, rawQuery, body) {
  const authorization = req.headers['authorization'];
  if (!authorization) throw new S3Failure(403, 'AccessDenied', 'Anonymous requests are not accepted.');
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!m) throw new S3Failure(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const [, credential, signedHeaderList, provided] = m;
  const [accessKeyId, ...scopeParts] = credential.split('/');
  const scope = scopeParts.join('/');
  const secret = credentials.get(accessKeyId);
  if (secret === undefined) {
    throw new S3Failure(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const amzDate = req.headers['x-amz-date'];
  const requestTime = parseAmzDate(amzDate);
  if (isNaN(requestTime)) throw new S3Failure(403, 'AccessDenied', 'A valid x-amz-date header is required.');
  if (Math.abs(Date.now() - requestTime) > 15 * 60 * 1000) {
    throw new S3Failure(403, 'RequestTimeTooSkewed', 'The difference between the request time and now is too large.');
  }
  const [date, region, service, terminator] = scopeParts;
  if (scopeParts.length !== 4 || date !== amzDate.slice(0, 8) || service !== 's3' || terminator !== 'aws4_request') {
    throw new S3Failure(400, 'AuthorizationHeaderMalformed', `The credential scope ${scope} is malformed.`);
  }
  if (region !== options.region) {
    throw new S3Failure(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${region}' is wrong; expecting '${options.region}'`,
      // As S3 does: the only hint a HEAD (which has no body) gets.
      { 'x-amz-bucket-region': options.region },
    );
  }
  const signedHeaders = signedHeaderList.split(';');
  const present = new Map();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    present.set(name, [...(present.get(name) || []), req.rawHeaders[i + 1]]);
  }
  for (const name of present.keys()) {
    if ((name === 'host' || name.startsWith('x-amz-')) && !signedHeaders.includes(name)) {
      throw new S3Failure(403, 'AccessDenied', `The header ${name} must be signed.`);
    }
  }
  for (const name of signedHeaders) {
    if (!present.has(name)) {
      throw new S3Failure(403, 'SignatureDoesNotMatch', `The signed header ${name} is not in the request.`);
    }
  }
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (!/^[0-9a-f]{64}$/.test(payloadHash || '')) {
    // S3 would also take UNSIGNED-PAYLOAD; the client under test promises a real hash.
    throw new S3Failure(400, 'InvalidRequest', 'x-amz-content-sha256 must be the SHA-256 of the body here.');
  }
  const canonical = canonicalRequest({
    method: req.method,
    rawPath,
    rawQuery,
    headerValues: name => present.get(name),
    signedHeaders,
    payloadHash,
  });
  const expected = signature({ secret, amzDate, scope, canonical });
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(provided))) {
    throw new S3Failure(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  if (sha256Hex(body) !== payloadHash) {
    throw new S3Failure(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
}

// s3rver's filesystem store keeps a multipart upload in <bucket>/._S3rver_uploads/<id>/ (files `key`,
// `metadata`, and per part `<n>` and `<n>.md5`).
async function uploadDir(bucket, key, uploadId) {
  const dir = path.join(options.directory, bucket, '._S3rver_uploads', uploadId);
  const noSuchUpload = new S3Failure(404, 'NoSuchUpload', 'The specified upload does not exist.');
  if (!/^[0-9a-f]{1,64}$/.test(uploadId)) throw noSuchUpload;
  const storedKey = await fs.readFile(path.join(dir, 'key'), 'utf8').catch(() => null);
  if (storedKey !== key) throw noSuchUpload;
  return dir;
}

async function storedParts(dir) {
  const parts = [];
  for (const name of await fs.readdir(dir)) {
    if (!/^\d+$/.test(name)) continue;
    const [stat, md5] = await Promise.all([
      fs.stat(path.join(dir, name)),
      fs.readFile(path.join(dir, `${name}.md5`), 'utf8'),
    ]);
    parts.push({ number: Number(name), size: stat.size, etag: md5.trim(), modified: stat.mtime });
  }
  return parts.sort((a, b) => a.number - b.number);
}

function sendXml(res, status, xml, head, headers = {}) {
  const body = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n' + xml);
  res.writeHead(status, { ...headers, 'content-type': 'application/xml', 'content-length': body.length });
  res.end(head ? undefined : body);
}

async function listParts(res, bucket, key, query) {
  const dir = await uploadDir(bucket, key, query.get('uploadId'));
  const marker = Number(query.get('part-number-marker') || 0);
  const maxParts = Math.min(Number(query.get('max-parts') || 1000), 1000);
  const after = (await storedParts(dir)).filter(part => part.number > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const next = page.length ? page[page.length - 1].number : marker;
  sendXml(
    res,
    200,
    '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key>` +
      `<UploadId>${xmlEscape(query.get('uploadId'))}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker>` +
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>` +
      page
        .map(
          part =>
            `<Part><PartNumber>${part.number}</PartNumber>` +
            `<LastModified>${part.modified.toISOString()}</LastModified>` +
            `<ETag>${xmlEscape(`"${part.etag}"`)}</ETag><Size>${part.size}</Size></Part>`,
        )
        .join('') +
      '</ListPartsResult>',
  );
}

async function checkCompletion(bucket, key, query, body) {
  const dir = await uploadDir(bucket, key, query.get('uploadId'));
  const xml = body.toString('utf8');
  if (xmlParser.validate(xml) !== true) throw new S3Failure(400, 'MalformedXML', 'The XML is not well-formed.');
  const parsed = xmlParser.parse(xml, { parseNodeValue: false, tagValueProcessor: value => he.decode(value) });
  const listed = [].concat((parsed.CompleteMultipartUpload || {}).Part || []);
  if (!listed.length) throw new S3Failure(400, 'MalformedXML', 'No parts are listed.');
  const stored = new Map((await storedParts(dir)).map(part => [part.number, part]));
  let previous = 0;
  listed.forEach((entry, index) => {
    const number = Number(entry.PartNumber);
    if (!(number > previous)) throw new S3Failure(400, 'InvalidPartOrder', 'The parts are not in ascending order.');
    previous = number;
    const part = stored.get(number);
    if (!part || part.etag !== String(entry.ETag || '').replace(/"/g, '')) {
      throw new S3Failure(400, 'InvalidPart', `Part ${number} was not found or its ETag does not match.`);
    }
    if (index < listed.length - 1 && part.size < MIN_PART_SIZE) {
      throw new S3Failure(400, 'EntityTooSmall', `Part ${number} is smaller than the minimum allowed size.`);
    }
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', chunk => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new S3Failure(400, 'EntityTooLarge', 'The test store takes bodies of at most 64 MiB.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(req, res, body, upstreamPort) {
  const headers = { ...req.headers, 'content-length': String(body.length) };
  delete headers['expect'];
  delete headers['transfer-encoding'];
  const upstream = http.request(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers },
    response => {
      res.writeHead(response.statusCode, response.headers);
      response.pipe(res);
    },
  );
  upstream.on('error', error => {
    console.error(`s3rver.mjs: upstream: ${error.message}`);
    res.destroy();
  });
  upstream.end(body);
}

async function handle(req, res, upstreamPort) {
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
  const body = await readBody(req);
  verifySignature(req, rawPath, rawQuery, body);

  const segments = rawPath.split('/').slice(1).map(decodeURIComponent);
  const bucket = segments[0];
  const key = segments.slice(1).join('/');
  const query = new URLSearchParams(rawQuery);
  if (key && query.has('uploadId')) {
    if (req.method === 'GET') return listParts(res, bucket, key, query);
    if (req.method === 'DELETE') {
      await fs.rm(await uploadDir(bucket, key, query.get('uploadId')), { recursive: true });
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'PUT') {
      await uploadDir(bucket, key, query.get('uploadId'));
      const number = Number(query.get('partNumber'));
      if (!Number.isInteger(number) || number < 1 || number > 10000) {
        throw new S3Failure(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000.');
      }
    }
    if (req.method === 'POST') await checkCompletion(bucket, key, query, body);
  }
  forward(req, res, body, upstreamPort);
}

async function main() {
  selfCheck();
  await fs.mkdir(options.directory, { recursive: true });
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(options['access-key-id'], options['secret-access-key']);
  const store = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket }],
  });
  const { port: upstreamPort } = await store.run();

  const gate = http.createServer((req, res) => {
    handle(req, res, upstreamPort).catch(error => {
      const failure =
        error instanceof S3Failure
          ? error
          : error instanceof URIError
            ? new S3Failure(400, 'InvalidURI', 'Could not parse the specified URI.')
            : new S3Failure(500, 'InternalError', String(error && error.message));
      console.error(`s3rver.mjs: ${req.method} ${req.url}: ${failure.status} ${failure.code}: ${failure.message}`);
      if (res.headersSent) return res.destroy();
      sendXml(
        res,
        failure.status,
        `<Error><Code>${xmlEscape(failure.code)}</Code><Message>${xmlEscape(failure.message)}</Message>` +
          '<RequestId>s3rver-gate</RequestId></Error>',
        req.method === 'HEAD',
        failure.headers,
      );
    });
  });
  await new Promise((resolve, reject) => gate.listen(Number(options.port), '127.0.0.1', resolve).on('error', reject));
  process.stdout.write(`${gate.address().port}\n`);

  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}

main().catch(error => {
  console.error(`s3rver.mjs: ${error.stack || error}`);
  process.exit(1);
});
