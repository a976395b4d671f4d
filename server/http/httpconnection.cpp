// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httpconnection.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QThreadPool>
#include <QUrl>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include "server/http/httpmetrics.h"
#include "server/http/httpstreamsink.h"
#include "server/http/logging.h"

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif

namespace http = boost::beast::http;

namespace {

// Long reads run on threads of their own at a lower priority, so that on a small machine a request
// that needs a millisecond of CPU is not queued behind them (Linux gives each thread its own nice
// value). Once per thread, and for good: an unprivileged process cannot raise it again, which is
// why the bulk pool's threads run nothing else.
void yieldToQuickRequests()
{
    thread_local const bool lowered = [] {
        if (::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10) != 0) {
            qCWarning(lcHttp).noquote() << "could not lower a bulk thread's priority:" << std::strerror(errno);
            return false;
        }
        return true;
    }();
    Q_UNUSED(lowered)
}

// Acknowledges what arrived at once rather than after the kernel's delayed-ACK timer (Linux: up to
// 40 ms). A client that writes a request in two pieces (Qt's network access manager sends the
// head, then the body) without TCP_NODELAY holds the second piece back until the first is
// acknowledged (Nagle's algorithm): without this every such request waited for the timer, and a
// desktop's push of 500 changes spent as long waiting as writing. Linux turns quick ACKs off again
// by itself, so it is asked after every read of a request.
void acknowledgeAtOnce([[maybe_unused]] qintptr socket)
{
#ifdef Q_OS_LINUX
    const int on = 1;
    ::setsockopt(int(socket), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#endif
}

constexpr qint64 kChunkBytes = 64 * 1024; // one read from the socket, one chunk of a file
constexpr qint64 kHighWater = 256 * 1024; // refill a streamed file while less is queued
constexpr qint64 kSocketReadBuffer = 64 * 1024; // what Qt may buffer for us while we do not read
constexpr int kLingerMs = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 416:
        return QByteArrayLiteral("Range Not Satisfiable");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 428:
        return QByteArrayLiteral("Precondition Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    case 507:
        return QByteArrayLiteral("Insufficient Storage");
    default:
        return QByteArrayLiteral("Status");
    }
}

// Added to every response that does not set them itself (the one place for them).
const std::array<std::pair<QByteArrayView, QByteArrayView>, 5> kSecurityHeaders{{
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    {"Cache-Control", "no-store"},
}};

// Framing is the layer's business; a handler's own copy of these would corrupt the stream.
bool isLayerOwnedHeader(QByteArrayView name)
{
    for (const QByteArrayView owned : {QByteArrayView("Content-Length"), QByteArrayView("Transfer-Encoding"),
             QByteArrayView("Connection"), QByteArrayView("Keep-Alive"), QByteArrayView("Date"),
             QByteArrayView("Content-Type"), QByteArrayView("Upgrade"), QByteArrayView("Trailer")}) {
        if (name.compare(owned, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isToken(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

// No CR, LF or other control characters (tab allowed): stops response splitting.
bool isSafeValue(QByteArrayView value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

bool hasNoContent(int status)
{
    return status == 204 || status == 304;
}

// Expects a normalised response (valid status, content type set unless there is no content).
// contentLength -1: none is sent, the body ends when the connection closes (close must be true).
QByteArray serializeHead(const HttpResponse &response, qint64 contentLength, bool close, bool keepAliveHeader)
{
    QByteArray head;
    head.reserve(512);
    head += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        head += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (isLayerOwnedHeader(name))
            continue;
        if (!isToken(name) || !isSafeValue(value)) {
            qCWarning(lcHttp).noquote() << "Dropping invalid response header" << name;
            continue;
        }
        head += name + ": " + value + "\r\n";
    }
    for (const auto &[name, value] : kSecurityHeaders) {
        if (!response.hasHeader(name))
            head += name.toByteArray() + ": " + value.toByteArray() + "\r\n";
    }
    head += "Date: " + httpDate() + "\r\n";
    Q_ASSERT(contentLength >= 0 || close);
    if (response.status != 204 && contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (close)
        head += "Connection: close\r\n";
    else if (keepAliveHeader)
        head += "Connection: keep-alive\r\n";
    head += "\r\n";
    return head;
}

// "METHOD SP target SP HTTP/d.d" as the first line of data: tells a request of another HTTP
// version (505) from a broken request line (400), which Beast reports alike.
bool isWellFormedRequestLine(QByteArrayView data)
{
    // CRLF only: a bare LF is a malformed request (400), not another version (RFC 9112 2.2).
    const qsizetype eol = data.indexOf('\n');
    if (eol < 1 || data.at(eol - 1) != '\r')
        return false;
    const QByteArrayView line = data.first(eol - 1);
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1
        || line.sliced(firstSpace + 1, lastSpace - firstSpace - 1).contains(' '))
        return false;
    const QByteArrayView version = line.sliced(lastSpace + 1);
    const auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    return version.size() == 8 && version.startsWith("HTTP/") && isDigit(version.at(5)) && version.at(6) == '.'
        && isDigit(version.at(7));
}

// The request-target as a decoded path and a raw query; nullopt for anything we do not accept.
struct Target
{
    QString path;
    QByteArray query;
};

std::optional<Target> parseTarget(const QByteArray &target)
{
    QByteArray rawPath;
    QByteArray rawQuery;
    if (target.startsWith('/')) {
        const qsizetype question = target.indexOf('?');
        rawPath = question < 0 ? target : target.first(question);
        rawQuery = question < 0 ? QByteArray() : target.sliced(question + 1);
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form (RFC 9112 3.2.2): only the path and query matter to us.
        const QUrl url = QUrl::fromEncoded(target, QUrl::StrictMode);
        if (!url.isValid())
            return std::nullopt;
        rawPath = url.path(QUrl::FullyEncoded).toLatin1();
        rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
        if (rawPath.isEmpty())
            rawPath = "/";
    } else {
        return std::nullopt;
    }
    if (rawPath.contains('#') || rawQuery.contains('#'))
        return std::nullopt;
    const QByteArray decoded = QByteArray::fromPercentEncoding(rawPath);
    const QString path = QString::fromUtf8(decoded);
    if (path.toUtf8() != decoded)
        return std::nullopt; // not UTF-8
    for (const QChar c : path) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return std::nullopt;
    }
    // Dot segments never reach a handler: a {param} must not be able to name "..".
    for (const QStringView segment : QStringView(path).tokenize(u'/')) {
        if (segment == u"." || segment == u"..")
            return std::nullopt;
    }
    return Target{path, rawQuery};
}

// RFC 9112 6.1-6.3 and 3.2: what makes a request's framing unambiguous. Beast takes a
// Transfer-Encoding that does not end in "chunked" as "no body" and lets Transfer-Encoding and
// Content-Length stand together; a body then read as the next request is request smuggling. So
// anything but one plain "chunked" (on a method that has a body), a Content-Length alongside it,
// differing Content-Lengths and a missing or repeated Host are refused, and the connection closed.
// Returns the reason, or nothing when the framing is sound.
std::optional<QString> framingProblem(const HttpRequest &request, int version)
{
    QList<QByteArray> codings;
    QList<QByteArray> lengths;
    int hosts = 0;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &coding : value.split(','))
                codings.append(coding.trimmed().toLower());
        } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &length : value.split(','))
                lengths.append(length.trimmed());
        } else if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hosts;
        }
    }
    if (!codings.isEmpty()) {
        if (codings != QList<QByteArray>{QByteArrayLiteral("chunked")})
            return QStringLiteral("Only \"Transfer-Encoding: chunked\" is supported.");
        if (version == 10)
            return QStringLiteral("HTTP/1.0 has no Transfer-Encoding.");
        if (!lengths.isEmpty())
            return QStringLiteral("Transfer-Encoding and Content-Length cannot go together.");
        if (request.method == "GET" || request.method == "HEAD")
            return QStringLiteral("A GET or HEAD request has no body.");
    }
    for (const QByteArray &length : lengths) {
        if (length != lengths.first())
            return QStringLiteral("The Content-Length values differ.");
    }
    if (version == 11 && hosts != 1)
        return hosts == 0 ? QStringLiteral("An HTTP/1.1 request needs a Host header.")
                          : QStringLiteral("A request has one Host header.");
    if (hosts > 1)
        return QStringLiteral("A request has one Host header.");
    return std::nullopt;
}

} // namespace

struct HttpConnection::Parser
{
    std::optional<http::request_parser<http::buffer_body>> parser;
    std::array<char, kChunkBytes> buffer; // body bytes out of Beast, file chunks into the socket

    void reset(const HttpLimits &limits)
    {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(
            qBound<qint64>(1024, limits.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
        // The route decides the body limit once the head is known; Content-Length is checked by
        // us then, and a chunked body by Beast against the limit set in headComplete(). Not
        // boost::none: Beast 1.74 compares "length > none", which is always true.
        parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    }
};

struct HttpConnection::SpillFile
{
    QString path;
    explicit SpillFile(QString filePath)
        : path(std::move(filePath))
    {
    }
    ~SpillFile()
    {
        // A handler may have moved the file away to keep it; then there is nothing to remove.
        if (!QFile::remove(path) && QFile::exists(path))
            qCWarning(lcHttp).noquote() << "Cannot remove spilled request body" << path;
    }
    Q_DISABLE_COPY_MOVE(SpillFile)
};

HttpConnection::HttpConnection(QTcpSocket *socket, Context context, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_context(std::move(context))
    , m_parser(std::make_unique<Parser>())
{
    Q_ASSERT(m_context.router);
    if (!m_context.pool)
        m_context.pool = QThreadPool::globalInstance();
    m_socket->setParent(this);
    // Back-pressure: while we are not reading (handler running, response being written, or a
    // body arriving faster than the disk takes it) the kernel's window fills up, not our memory.
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_secure = qobject_cast<QSslSocket *>(m_socket) != nullptr;
    m_parser->reset(m_context.limits);
    m_idleClock.start();

    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::teardown);

    // The head of the first request must arrive within the header timeout of the connection.
    startTimer(TimerKind::Header, m_context.limits.headerTimeoutMs);
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        QMetaObject::invokeMethod(this, &HttpConnection::teardown, Qt::QueuedConnection);
        return;
    }
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::pump, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    // The sink dies with us (a child); it must not call back into a half-destroyed connection.
    if (m_sink)
        m_sink->m_connection = nullptr;
    m_spillWriter.reset();
    m_spill.reset();
}

QByteArray HttpConnection::cannedResponse(const HttpResponse &response)
{
    return serializeHead(response, response.body.size(), true, false) + response.body;
}

void HttpConnection::startTimer(TimerKind kind, int ms)
{
    m_timerKind = kind;
    if (ms > 0)
        m_timer.start(ms);
    else
        m_timer.stop();
}

void HttpConnection::onTimeout()
{
    switch (m_timerKind) {
    case TimerKind::Header:
        qCDebug(lcHttp).noquote() << "Dropping connection: request head not complete in time"
                                  << m_socket->peerAddress().toString();
        break;
    case TimerKind::Idle:
        qCDebug(lcHttp).noquote() << "Closing idle keep-alive connection";
        break;
    case TimerKind::Body:
        qCDebug(lcHttp).noquote() << "Dropping connection: no request body progress"
                                  << m_socket->peerAddress().toString();
        break;
    case TimerKind::Write:
        qCDebug(lcHttp).noquote() << "Dropping connection: client does not read the response"
                                  << m_socket->peerAddress().toString();
        break;
    case TimerKind::Linger:
    case TimerKind::None:
        break;
    }
    m_timerKind = TimerKind::None;
    reset();
}

void HttpConnection::onReadyRead()
{
    switch (m_state) {
    case State::ReadingHead:
    case State::ReadingBody:
        pump();
        break;
    case State::Streaming:
    case State::Closing:
    case State::Lingering:
        // The response is out (or open-ended); whatever the client still sends is discarded.
        m_in.clear();
        m_socket->skip(m_socket->bytesAvailable());
        break;
    case State::Handling:
    case State::Writing:
    case State::Closed:
        // Pipelined bytes wait in the socket (bounded by its read buffer) until we are ready.
        break;
    }
}

qint64 HttpConnection::fillInput(qint64 maxBuffered)
{
    const qint64 room = qMin(maxBuffered - m_in.size(), kChunkBytes);
    const qint64 available = m_socket->bytesAvailable();
    if (room <= 0 || available <= 0)
        return 0;
    const qint64 want = qMin(room, available);
    const qsizetype old = m_in.size();
    m_in.resize(old + want);
    const qint64 got = m_socket->read(m_in.data() + old, want);
    m_in.resize(old + qMax<qint64>(got, 0));
    if (got > 0)
        acknowledgeAtOnce(m_socket->socketDescriptor());
    return qMax<qint64>(got, 0);
}

void HttpConnection::pump()
{
    if (m_state == State::ReadingHead && !pumpHead())
        return;
    if (m_state == State::ReadingBody)
        pumpBody();
}

bool HttpConnection::pumpHead()
{
    auto &parser = *m_parser->parser;
    // Beast needs the whole head in one buffer; header_limit bounds it, so this does too.
    const qint64 maxBuffered = m_context.limits.maxHeaderBytes + 1;
    for (;;) {
        // RFC 9112 2.2: empty lines before a request line are ignored (some clients send a CRLF
        // after a POST body).
        while (!parser.got_some() && (m_in.startsWith("\r\n") || m_in.startsWith('\n')))
            m_in.remove(0, m_in.startsWith('\n') ? 1 : 2);
        const bool loneCarriageReturn = !parser.got_some() && m_in == "\r";
        if (!m_in.isEmpty() && !loneCarriageReturn) {
            if (!m_headStarted) {
                m_headStarted = true;
                m_clock.start();
                if (m_timerKind == TimerKind::Idle)
                    startTimer(TimerKind::Header, m_context.limits.headerTimeoutMs);
            }
            boost::beast::error_code ec;
            const std::size_t used = parser.put(boost::asio::buffer(m_in.constData(), m_in.size()), ec);
            if (ec == http::error::bad_version && isWellFormedRequestLine(m_in)) {
                // Beast accepts exactly HTTP/1.0 and HTTP/1.1; this is a later (or earlier) one.
                fail(HttpResponse::error(505, QStringLiteral("http_version_not_supported"),
                    QStringLiteral("Only HTTP/1.1 and HTTP/1.0 are supported.")));
                return false;
            }
            m_in.remove(0, static_cast<qsizetype>(used));
            if (ec == http::error::header_limit) {
                fail(HttpResponse::error(
                    431, QStringLiteral("header_too_large"), QStringLiteral("The request header is too large.")));
                return false;
            }
            if (ec && ec != http::error::need_more) {
                qCDebug(lcHttp).noquote() << "Malformed request head:" << ec.message().c_str();
                fail(HttpResponse::badRequest(QStringLiteral("The request is malformed.")));
                return false;
            }
            if (parser.is_header_done()) {
                headComplete();
                return true;
            }
            if (used > 0)
                continue;
        }
        if (fillInput(maxBuffered) <= 0)
            return false;
    }
}

void HttpConnection::headComplete()
{
    auto &parser = *m_parser->parser;
    const auto &message = parser.get();
    m_request = HttpRequest();
    m_route = Route();
    m_request.method = QByteArray(message.method_string().data(), qsizetype(message.method_string().size()));
    m_request.target = QByteArray(message.target().data(), qsizetype(message.target().size()));
    m_request.peerAddress = m_socket->peerAddress();
    m_request.secure = m_secure;
    for (const auto &field : message) {
        m_request.headers.append({QByteArray(field.name_string().data(), qsizetype(field.name_string().size())),
            QByteArray(field.value().data(), qsizetype(field.value().size()))});
    }
    const auto &proxies = m_context.limits.trustedProxies;
    if (std::any_of(proxies.cbegin(), proxies.cend(), [this](const QHostAddress &proxy) {
            return proxy.isEqual(m_request.peerAddress, QHostAddress::TolerantConversion);
        })) {
        // The balancer appends the address it took the connection from: the last entry of the last
        // header (HAProxy adds a header of its own). Earlier ones came from the client and prove
        // nothing.
        QByteArray forwarded;
        for (const auto &[name, value] : std::as_const(m_request.headers)) {
            if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0)
                forwarded = value;
        }
        const QHostAddress client(QString::fromLatin1(forwarded.mid(forwarded.lastIndexOf(',') + 1).trimmed()));
        if (!client.isNull())
            m_request.peerAddress = client;
    }
    m_version = int(message.version());
    m_keepAlive = parser.keep_alive();
    m_requestHasBody = !parser.is_done();

    if (m_version != 10 && m_version != 11) {
        fail(HttpResponse::error(505, QStringLiteral("http_version_not_supported"),
            QStringLiteral("Only HTTP/1.1 and HTTP/1.0 are supported.")));
        return;
    }
    if (const auto problem = framingProblem(m_request, m_version)) {
        fail(HttpResponse::badRequest(*problem));
        return;
    }
    const auto target = parseTarget(m_request.target);
    if (!target) {
        fail(HttpResponse::badRequest(QStringLiteral("The request target is not valid.")));
        return;
    }
    m_request.path = target->path;
    m_request.query.setQuery(QString::fromUtf8(target->query));

    const Router::Match match = m_context.router->match(m_request.method, m_request.path);
    if (!match.route) {
        if (match.pathKnown) {
            HttpResponse response = HttpResponse::error(
                405, QStringLiteral("method_not_allowed"), QStringLiteral("This method is not allowed here."));
            response.setHeader("Allow", match.allowedMethods.join(", "));
            respondEarly(response);
        } else {
            respondEarly(HttpResponse::notFound());
        }
        return;
    }
    m_route = *match.route;
    m_request.pathParams = match.params;

    if (!m_requestHasBody) {
        dispatch();
        return;
    }

    const qint64 limit = qMax<qint64>(0, m_route.maxBodyBytes);
    const auto contentLength = parser.content_length();
    if ((contentLength && *contentLength > quint64(limit)) || (!contentLength && limit == 0)) {
        // Answer at once, without reading (or inviting, with 100-continue) the body.
        fail(HttpResponse::payloadTooLarge(limit));
        return;
    }
    parser.body_limit(std::uint64_t(limit));

    if (m_request.hasHeader("Expect")) {
        if (m_request.header("Expect").trimmed().compare("100-continue", Qt::CaseInsensitive) != 0) {
            fail(HttpResponse::error(417, QStringLiteral("expectation_failed"),
                QStringLiteral("Only \"Expect: 100-continue\" is supported.")));
            return;
        }
        if (m_version == 11)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    if (!prepareBody())
        return;
    parser.eager(true);
    m_state = State::ReadingBody;
    startTransfer();
    startTimer(TimerKind::Body, m_context.limits.bodyTimeoutMs);
}

bool HttpConnection::prepareBody()
{
    const auto contentLength = m_parser->parser->content_length();
    if (contentLength && *contentLength > quint64(m_context.limits.memoryBodyBytes))
        return openSpillFile();
    return true;
}

bool HttpConnection::openSpillFile()
{
    const QString dir = m_context.tempDir.isEmpty() ? QDir::tempPath() : m_context.tempDir;
    auto file = std::make_unique<QTemporaryFile>(dir + QStringLiteral("/atrium-body-XXXXXX"));
    file->setAutoRemove(false); // SpillFile removes it once the connection and the handler are done
    if (!file->open()) {
        qCWarning(lcHttp).noquote() << "Cannot create a temporary file for a request body in" << dir
                                    << file->errorString();
        fail(HttpResponse::internalError());
        return false;
    }
    m_spill = std::make_shared<SpillFile>(file->fileName());
    m_request.bodyFilePath = file->fileName();
    if (!m_request.body.isEmpty() && file->write(m_request.body) != m_request.body.size()) {
        qCWarning(lcHttp).noquote() << "Cannot write a request body to" << file->fileName() << file->errorString();
        fail(HttpResponse::error(
            507, QStringLiteral("insufficient_storage"), QStringLiteral("The server cannot store the request body.")));
        return false;
    }
    m_request.body.clear();
    m_spillWriter = std::move(file);
    return true;
}

bool HttpConnection::writeBodyBytes(const char *data, qint64 size)
{
    if (!m_spillWriter && m_request.body.size() + size > m_context.limits.memoryBodyBytes && !openSpillFile())
        return false;
    if (m_spillWriter) {
        if (m_spillWriter->write(data, size) != size) {
            qCWarning(lcHttp).noquote() << "Cannot write a request body to" << m_spillWriter->fileName()
                                        << m_spillWriter->errorString();
            fail(HttpResponse::error(507, QStringLiteral("insufficient_storage"),
                QStringLiteral("The server cannot store the request body.")));
            return false;
        }
    } else {
        m_request.body.append(data, size);
    }
    m_request.bodySize += size;
    return true;
}

bool HttpConnection::pumpBody()
{
    auto &parser = *m_parser->parser;
    // Enough for a chunk header with extensions or the trailer section, never the whole body.
    const qint64 maxBuffered = qMax(kChunkBytes, m_context.limits.maxHeaderBytes) + 1;
    for (;;) {
        if (parser.is_done()) {
            dispatch();
            return true;
        }
        if (m_in.isEmpty() && fillInput(maxBuffered) <= 0)
            return false;
        auto &body = parser.get().body();
        body.data = m_parser->buffer.data();
        body.size = m_parser->buffer.size();
        boost::beast::error_code ec;
        const std::size_t used = parser.put(boost::asio::buffer(m_in.constData(), m_in.size()), ec);
        const qint64 produced = qint64(m_parser->buffer.size() - body.size);
        body.data = nullptr;
        body.size = 0;
        m_in.remove(0, static_cast<qsizetype>(used));
        if (used > 0) {
            if (transferTooSlow(qint64(used))) {
                qCDebug(lcHttp).noquote()
                    << "Dropping connection: request body too slow" << m_socket->peerAddress().toString();
                fail(HttpResponse::error(
                    408, QStringLiteral("request_timeout"), QStringLiteral("The request body arrived too slowly.")));
                return false;
            }
            startTimer(TimerKind::Body, m_context.limits.bodyTimeoutMs);
        }
        if (produced > 0 && !writeBodyBytes(m_parser->buffer.data(), produced))
            return false;
        if (ec == http::error::need_buffer)
            continue;
        if (ec == http::error::body_limit) {
            fail(HttpResponse::payloadTooLarge(m_route.maxBodyBytes));
            return false;
        }
        if (ec == http::error::need_more) {
            if (used == 0 && produced == 0) {
                if (m_in.size() >= maxBuffered) {
                    fail(HttpResponse::badRequest(QStringLiteral("The request body is malformed.")));
                    return false;
                }
                if (fillInput(maxBuffered) <= 0)
                    return false;
            }
            continue;
        }
        if (ec) {
            qCDebug(lcHttp).noquote() << "Malformed request body:" << ec.message().c_str();
            fail(HttpResponse::badRequest(QStringLiteral("The request body is malformed.")));
            return false;
        }
    }
}

void HttpConnection::dispatch()
{
    m_timer.stop();
    m_timerKind = TimerKind::None;
    m_state = State::Handling;
    if (m_spillWriter) {
        const bool flushed = m_spillWriter->flush();
        m_spillWriter->close();
        m_spillWriter.reset();
        if (!flushed) {
            fail(HttpResponse::error(507, QStringLiteral("insufficient_storage"),
                QStringLiteral("The server cannot store the request body.")));
            return;
        }
    }
    const quint64 serial = ++m_serial;
    const QPointer<HttpConnection> self(this);
    const std::shared_ptr<QObject> mailbox = m_context.mailbox;
    const QByteArray method = m_request.method;
    const QString pattern = m_route.pattern;
    // The handler's copy keeps a spilled body alive even if this connection dies meanwhile.
    const bool bulk = m_route.bulk && m_context.bulkPool;
    QThreadPool *pool = bulk ? m_context.bulkPool : m_context.pool;
    pool->start([self, mailbox, serial, method, pattern, handler = m_route.handler, request = m_request,
                    spill = m_spill, bulk]() mutable {
        if (bulk)
            yieldToQuickRequests();
        HttpResponse response;
        try {
            if (handler)
                response = handler(request);
            else
                response = HttpResponse::internalError();
        } catch (const std::exception &e) {
            qCWarning(lcHttp).noquote() << "Handler for" << method << pattern << "threw:" << e.what();
            response = HttpResponse::internalError();
        } catch (...) {
            qCWarning(lcHttp).noquote() << "Handler for" << method << pattern << "threw";
            response = HttpResponse::internalError();
        }
        spill.reset();
        // The mailbox lives on the network thread; self is only dereferenced there.
        QMetaObject::invokeMethod(
            mailbox.get(),
            [self, serial, response = std::move(response)]() mutable {
                if (self)
                    self->deliver(serial, std::move(response));
            },
            Qt::QueuedConnection);
    });
}

void HttpConnection::deliver(quint64 serial, HttpResponse response)
{
    if (m_state != State::Handling || serial != m_serial)
        return;
    startResponse(std::move(response));
}

void HttpConnection::respondEarly(const HttpResponse &response)
{
    // An unread body would be taken for the next request: only keep the connection without one.
    if (m_requestHasBody)
        fail(response);
    else
        startResponse(response);
}

void HttpConnection::fail(const HttpResponse &response)
{
    m_closeAfterResponse = true;
    startResponse(response);
}

void HttpConnection::startResponse(HttpResponse response)
{
    if (m_state == State::Closed)
        return;
    m_timer.stop();
    m_timerKind = TimerKind::None;
    m_spillWriter.reset();
    if (response.status < 200 || response.status > 599) {
        qCWarning(lcHttp).noquote() << "Handler for" << m_request.method << m_route.pattern << "returned status"
                                    << response.status;
        response = HttpResponse::internalError();
    }
    const bool noContent = hasNoContent(response.status);
    if (response.contentType.isEmpty())
        response.contentType = response.header("Content-Type");
    if (!isSafeValue(response.contentType)) {
        qCWarning(lcHttp).noquote() << "Dropping invalid Content-Type of a response to" << m_request.method
                                    << m_route.pattern;
        response.contentType.clear();
    }
    if (response.contentType.isEmpty() && !noContent) {
        qCWarning(lcHttp).noquote() << "Response to" << m_request.method << m_route.pattern
                                    << "has no Content-Type; sending application/octet-stream";
        response.contentType = QByteArrayLiteral("application/octet-stream");
    }

    qint64 length = response.body.size();
    m_file.reset();
    m_fileRemaining = 0;
    std::function<void(HttpStreamSink *)> stream;
    if (response.stream && noContent) {
        qCWarning(lcHttp).noquote() << "Ignoring the stream of a" << response.status << "response to"
                                    << m_request.method << m_route.pattern;
    } else if (response.stream) {
        // Open-ended: the body ends when the connection does.
        stream = std::move(response.stream);
        length = -1;
        m_closeAfterResponse = true;
    } else if (response.openBody && response.filePath.isEmpty() && !noContent && m_request.method == "HEAD") {
        length = response.fileLength; // the head only: nothing is read
    } else if (response.openBody && response.filePath.isEmpty() && !noContent) {
        auto device = response.openBody();
        if (device && device->isOpen() && response.fileLength >= 0) {
            length = response.fileLength;
            m_file = std::move(device);
            // A source that fills as its data arrives is read again when more is there.
            connect(m_file.get(), &QIODevice::readyRead, this, [this] {
                fillFromFile();
                checkWriteDone();
            });
        } else {
            qCWarning(lcHttp).noquote() << "Cannot open the body for" << m_request.method << m_route.pattern;
            response = HttpResponse::internalError();
            length = response.body.size();
        }
    } else if (!response.filePath.isEmpty()) {
        auto file = std::make_unique<QFile>(response.filePath);
        bool ok = file->open(QIODevice::ReadOnly);
        const qint64 size = ok ? file->size() : 0;
        const qint64 offset = response.fileOffset;
        const qint64 fileLength = response.fileLength < 0 ? size - offset : response.fileLength;
        ok =
            ok && offset >= 0 && offset <= size && fileLength >= 0 && offset + fileLength <= size && file->seek(offset);
        if (ok) {
            length = fileLength;
            m_file = std::move(file);
        } else {
            qCWarning(lcHttp).noquote() << "Cannot stream" << response.filePath << "for" << m_request.method
                                        << m_route.pattern;
            response = HttpResponse::internalError();
            length = response.body.size();
        }
    }

    if (!m_keepAlive)
        m_closeAfterResponse = true;
    // Counted as the head goes out: every answered request once, whatever happens to its body, and
    // before the client can have read the answer (so a scrape after it sees it).
    if (m_context.metrics)
        m_context.metrics->recordRequest(
            m_route.pattern, m_request.method, response.status, m_clock.isValid() ? m_clock.nsecsElapsed() / 1000 : 0);
    m_status = response.status;
    const bool sendBody = m_request.method != "HEAD" && !noContent;
    m_socket->write(serializeHead(response, noContent ? 0 : length, m_closeAfterResponse, m_version == 10));
    if (sendBody && stream) {
        startStream(stream);
        return;
    }
    if (sendBody && m_file)
        m_fileRemaining = length;
    else if (sendBody)
        m_socket->write(response.body);
    if (!m_fileRemaining)
        m_file.reset();

    m_state = State::Writing;
    startTransfer();
    startTimer(TimerKind::Write, m_context.limits.bodyTimeoutMs);
    fillFromFile();
    checkWriteDone();
}

void HttpConnection::startStream(const std::function<void(HttpStreamSink *)> &stream)
{
    // No write timeout while streaming: a client that does not read is caught by the sink's
    // queue limit instead. The request is answered for good, so nothing it sent is read any more.
    m_state = State::Streaming;
    m_timer.stop();
    m_timerKind = TimerKind::None;
    releaseBody();
    m_in.clear();
    m_socket->skip(m_socket->bytesAvailable());
    m_sink = new HttpStreamSink(this);
    try {
        stream(m_sink);
    } catch (const std::exception &e) {
        qCWarning(lcHttp).noquote() << "Stream for" << m_request.method << m_route.pattern << "threw:" << e.what();
        streamClose();
    } catch (...) {
        qCWarning(lcHttp).noquote() << "Stream for" << m_request.method << m_route.pattern << "threw";
        streamClose();
    }
}

void HttpConnection::streamEnableFlowControl()
{
    if (m_state != State::Streaming || m_streamFlowControl)
        return;
    m_streamFlowControl = true;
    startTransfer();
    // A download, unlike an event stream, has a reader that must keep reading.
    startTimer(TimerKind::Write, m_context.limits.bodyTimeoutMs);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_state == State::Streaming && m_sink)
                emit m_sink->ready();
        },
        Qt::QueuedConnection);
}

qint64 HttpConnection::streamQueued() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::streamWrite(const QByteArray &bytes)
{
    if (m_state != State::Streaming)
        return;
    m_socket->write(bytes);
    if (m_socket->bytesToWrite() > HttpStreamSink::maxQueuedBytes) {
        qCDebug(lcHttp).noquote() << "Dropping connection: client does not read the stream"
                                  << m_socket->peerAddress().toString();
        reset();
    }
}

void HttpConnection::streamClose()
{
    if (m_state != State::Streaming)
        return;
    endStream();
    // Deliver what is queued (bounded by the write timeout), then close as after any response.
    m_state = State::Writing;
    startTransfer();
    startTimer(TimerKind::Write, m_context.limits.bodyTimeoutMs);
    checkWriteDone();
}

void HttpConnection::endStream()
{
    m_streamFlowControl = false;
    HttpStreamSink *sink = std::exchange(m_sink, nullptr);
    if (!sink)
        return;
    sink->detach();
    // Now rather than with the connection (which may linger): its timers and connections go too.
    sink->deleteLater();
}

void HttpConnection::fillFromFile()
{
    while (m_state == State::Writing && m_file && m_fileRemaining > 0 && m_socket->bytesToWrite() < kHighWater) {
        const qint64 want = qMin<qint64>(qint64(m_parser->buffer.size()), m_fileRemaining);
        const qint64 got = m_file->read(m_parser->buffer.data(), want);
        if (got == 0 && m_file->isSequential())
            return; // more comes with readyRead
        if (got <= 0) {
            // The head promised more bytes than there are now: all we can do is cut it short.
            qCWarning(lcHttp).noquote() << "Body ended early while being sent:" << m_request.method << m_route.pattern
                                        << m_file->errorString();
            reset();
            return;
        }
        m_socket->write(m_parser->buffer.data(), got);
        m_fileRemaining -= got;
    }
    if (m_fileRemaining == 0)
        m_file.reset();
}

void HttpConnection::startTransfer()
{
    m_transferClock.start();
    m_transferred = 0;
}

// The idle timers restart on every byte; this bounds the whole transfer. Each window of at least
// the body timeout must average limits.minBytesPerSecond. Windows rather than the whole transfer:
// a response's first bytes fill the kernel's buffers at once, which says nothing of the reader.
bool HttpConnection::transferTooSlow(qint64 bytes)
{
    m_transferred += bytes;
    const qint64 elapsed = m_transferClock.elapsed();
    if (elapsed < m_context.limits.bodyTimeoutMs)
        return false;
    const bool tooSlow = m_transferred * 1000 < m_context.limits.minBytesPerSecond * elapsed;
    startTransfer();
    return tooSlow;
}

void HttpConnection::onBytesWritten(qint64 bytes)
{
    if (m_state == State::Streaming && m_streamFlowControl) {
        if (transferTooSlow(bytes)) {
            qCDebug(lcHttp).noquote() << "Dropping connection: client reads the response too slowly"
                                      << m_socket->peerAddress().toString();
            reset();
            return;
        }
        startTimer(TimerKind::Write, m_context.limits.bodyTimeoutMs);
        if (m_sink && m_socket->bytesToWrite() < HttpStreamSink::lowWater)
            emit m_sink->ready();
        return;
    }
    if (m_state != State::Writing)
        return;
    if (transferTooSlow(bytes)) {
        qCDebug(lcHttp).noquote() << "Dropping connection: client reads the response too slowly"
                                  << m_socket->peerAddress().toString();
        reset();
        return;
    }
    startTimer(TimerKind::Write, m_context.limits.bodyTimeoutMs);
    fillFromFile();
    checkWriteDone();
}

void HttpConnection::checkWriteDone()
{
    if (m_state != State::Writing || m_fileRemaining > 0)
        return;
    // Before closing everything must have reached the kernel; before the next request it is
    // enough that little is queued (a client that pipelines but never reads cannot pile up).
    const qint64 allowed = m_closeAfterResponse ? 0 : kHighWater;
    if (m_socket->bytesToWrite() > allowed)
        return;
    finishResponse();
}

void HttpConnection::finishResponse()
{
    // The route pattern rather than the path: paths can carry tokens (invite links).
    const QByteArray method = m_request.method.isEmpty() ? QByteArrayLiteral("-") : m_request.method;
    const QString path = !m_route.pattern.isEmpty() ? m_route.pattern
        : m_request.path.isEmpty()                  ? QStringLiteral("-")
                                                    : m_request.path;
    qCDebug(lcHttp).noquote() << method << path << m_status << m_clock.elapsed() << "ms";
    releaseBody();
    if (m_closeAfterResponse)
        beginClose();
    else
        startNextRequest();
}

void HttpConnection::releaseBody()
{
    m_spillWriter.reset();
    m_spill.reset();
    m_request.body.clear();
}

void HttpConnection::startNextRequest()
{
    m_state = State::ReadingHead;
    m_parser->reset(m_context.limits);
    m_request = HttpRequest();
    m_route = Route();
    m_requestHasBody = false;
    m_closeAfterResponse = false;
    m_status = 0;
    m_headStarted = false;
    if (!m_in.isEmpty() || m_socket->bytesAvailable() > 0) {
        m_headStarted = true;
        m_clock.start();
        startTimer(TimerKind::Header, m_context.limits.headerTimeoutMs);
        // Pipelined bytes got no readyRead of their own.
        QMetaObject::invokeMethod(this, &HttpConnection::pump, Qt::QueuedConnection);
    } else {
        m_idleClock.start();
        startTimer(TimerKind::Idle, m_context.limits.idleTimeoutMs);
    }
}

void HttpConnection::closeIdle()
{
    if (!isIdle())
        return;
    qCDebug(lcHttp).noquote() << "Closing an idle connection to make room" << m_socket->peerAddress().toString();
    reset();
}

// Drops the connection with a reset rather than a FIN: a close would leave whatever is still
// queued for a client that does not read in the kernel, trickling out to it long after.
void HttpConnection::reset()
{
#ifdef Q_OS_UNIX
    if (m_socket->socketDescriptor() != -1) {
        const linger now{1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &now, sizeof now);
    }
#endif
    m_socket->abort();
    teardown();
}

void HttpConnection::beginClose()
{
    m_state = State::Closing;
    m_in.clear();
#ifdef Q_OS_UNIX
    if (!m_secure && m_socket->socketDescriptor() != -1) {
        // Lingering close: send FIN but keep reading for a moment, so that a client still sending
        // a body gets to read our answer instead of a connection reset.
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        startLinger();
        return;
    }
#endif
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        teardown();
        return;
    }
    startTimer(TimerKind::Linger, kLingerMs);
}

void HttpConnection::startLinger()
{
    m_state = State::Lingering;
    m_socket->skip(m_socket->bytesAvailable());
    startTimer(TimerKind::Linger, kLingerMs);
}

void HttpConnection::teardown()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_timer.stop();
    m_timerKind = TimerKind::None;
    endStream();
    m_file.reset();
    releaseBody();
    m_in.clear();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
    emit finished();
    deleteLater();
}
