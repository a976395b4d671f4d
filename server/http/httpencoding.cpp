// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpencoding.h"

#include <zlib.h>

#include "server/http/httprequest.h"

namespace HttpEncoding {

bool acceptsGzip(const HttpRequest &request)
{
    const QByteArray accepted = request.header("accept-encoding");
    bool gzipListed = false;
    bool gzipRefused = false;
    bool anyAccepted = false;
    for (const QByteArray &item : accepted.split(',')) {
        const QList<QByteArray> parts = item.split(';');
        const QByteArray coding = parts.first().trimmed().toLower();
        double weight = 1.0;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed().toLower();
            if (parameter.startsWith("q=")) {
                bool ok = false;
                weight = parameter.mid(2).trimmed().toDouble(&ok);
                if (!ok)
                    weight = 0.0;
            }
        }
        if (coding == "gzip" || coding == "x-gzip") {
            gzipListed = true;
            gzipRefused = gzipRefused || weight <= 0.0;
        } else if (coding == "*") {
            anyAccepted = weight > 0.0;
        }
    }
    return gzipListed ? !gzipRefused : anyAccepted;
}

QByteArray gzip(const QByteArray &body)
{
    z_stream stream{};
    // 15 + 16: a gzip header and trailer around the deflate stream; level 6 is zlib's default.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(body.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.constData()));
    stream.avail_in = uInt(body.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

} // namespace HttpEncoding
