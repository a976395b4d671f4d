// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

class HttpRequest;

// Content codings (RFC 9110 §8.4): gzip through zlib. The server compresses only bodies it keeps
// and sends many times (a portal project page, built once per change), never per request, and
// never a body that holds a secret next to anything a client wrote (BREACH).
namespace HttpEncoding {

// Whether the request's Accept-Encoding takes gzip: "gzip" (or "x-gzip", or "*") listed with a
// weight above zero.
bool acceptsGzip(const HttpRequest &request);

// `body` as a gzip member; empty if zlib fails.
QByteArray gzip(const QByteArray &body);

} // namespace HttpEncoding
