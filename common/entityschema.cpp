// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/entityschema.h"

#include <cmath>

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <array>
#include <cstring>

#include "common/timeutil.h"
#include "portal/theme.h"

namespace {

constexpr int defaultTextLimit = 20000;

FieldSpec text(const QString &name, int flags = NoFieldFlags, int maxLength = 0)
{
    return FieldSpec{
        name, FieldType::Text, flags, {}, maxLength, flags & Nullable ? QVariant() : QVariant(QStringLiteral("")), {}};
}

FieldSpec enumeration(const QString &name, const QStringList &values, int flags = NoFieldFlags)
{
    return FieldSpec{name, FieldType::Enum, flags, values, 0, QVariant(values.first()), {}};
}

FieldSpec boolean(const QString &name, bool value = false, int flags = NoFieldFlags)
{
    return FieldSpec{name, FieldType::Boolean, flags, {}, 0, QVariant(value ? 1 : 0), {}};
}

FieldSpec integer(const QString &name, qint64 value = 0, int flags = NoFieldFlags)
{
    return FieldSpec{name, FieldType::Integer, flags, {}, 0, QVariant(value), {}};
}

FieldSpec uuid(const QString &name, const QString &references, int flags = NoFieldFlags)
{
    return FieldSpec{name, FieldType::Uuid, flags, {}, 0, {}, references};
}

FieldSpec timestamp(const QString &name, int flags = Nullable)
{
    return FieldSpec{name, FieldType::Timestamp, flags | Nullable, {}, 0, {}, {}};
}

FieldSpec color(const QString &name, const QString &value)
{
    return FieldSpec{name, FieldType::Color, NoFieldFlags, {}, 0, QVariant(value), {}};
}

const QStringList visibilities = {QStringLiteral("private"), QStringLiteral("read_only"), QStringLiteral("editable")};

QList<EntitySpec> buildEntities()
{
    QList<EntitySpec> list;

    // The organisation is created by operators (atrium-server create-org), never pushed into being.
    list.append({QStringLiteral("organisation"), QStringLiteral("organisations"),
        {
            text(QStringLiteral("name"), Required, 200),
            boolean(QStringLiteral("portal_enabled")),
            text(QStringLiteral("portal_slug"), Required, 63),
            text(QStringLiteral("portal_custom_host"), Nullable, 253),
            // A logo the server re-encoded (its table brand_logos), not a file of a project.
            uuid(QStringLiteral("brand_logo_file_id"), QString(), Nullable),
            // The portal's default colours (portal/theme.json).
            color(QStringLiteral("brand_primary_color"), QString::fromLatin1(AtriumTheme::primary)),
            color(QStringLiteral("brand_accent_color"), QString::fromLatin1(AtriumTheme::accent)),
            color(QStringLiteral("brand_background_color"), QString::fromLatin1(AtriumTheme::background)),
            color(QStringLiteral("brand_text_color"), QString::fromLatin1(AtriumTheme::text)),
            text(QStringLiteral("brand_welcome_text"), NoFieldFlags, 2000),
            text(QStringLiteral("email_sender_name"), NoFieldFlags, 200),
            integer(QStringLiteral("storage_quota_bytes"), qint64(10) * 1024 * 1024 * 1024, ServerManaged),
            integer(QStringLiteral("storage_used_bytes"), 0, ServerManaged),
            // Two-factor sign-in the organisation requires: of every staff member, and of all clients'
            // contacts or those of the clients chosen (clients.two_factor_required). Whoever has none
            // is asked to enrol at each sign-in for the grace period's days (counted from when the
            // requirement began for them, the *_since times the server keeps), then can only enrol.
            boolean(QStringLiteral("two_factor_staff")),
            enumeration(QStringLiteral("two_factor_clients"),
                {QStringLiteral("off"), QStringLiteral("all"), QStringLiteral("chosen")}),
            integer(QStringLiteral("two_factor_grace_days"), 14),
            timestamp(QStringLiteral("two_factor_staff_since"), ServerManaged),
            timestamp(QStringLiteral("two_factor_clients_since"), ServerManaged),
        },
        false, true, false, true});

    // Staff users get a password, so they are created by add-staff (and later by staff invites).
    list.append({QStringLiteral("staff_user"), QStringLiteral("staff_users"),
        {
            text(QStringLiteral("email"), Required | ServerManaged, 254),
            text(QStringLiteral("name"), Required, 200),
            enumeration(QStringLiteral("role"), {QStringLiteral("member"), QStringLiteral("admin")}),
        },
        false, true, true, true});

    list.append({QStringLiteral("client"), QStringLiteral("clients"),
        {
            text(QStringLiteral("name"), Required, 200),
            text(QStringLiteral("notes")),
            boolean(QStringLiteral("archived")),
            // Chosen for two-factor sign-in (organisations.two_factor_clients = "chosen"); only
            // administrators change it.
            boolean(QStringLiteral("two_factor_required")),
            timestamp(QStringLiteral("two_factor_since"), ServerManaged),
        }});

    list.append({QStringLiteral("contact"), QStringLiteral("contacts"),
        {
            uuid(QStringLiteral("client_id"), QStringLiteral("client"), Required),
            text(QStringLiteral("name"), Required, 200),
            text(QStringLiteral("email"), NoFieldFlags, 254),
            text(QStringLiteral("phone"), NoFieldFlags, 64),
            // What they do at the client ("Marketing lead"), for staff to know whom to ask.
            text(QStringLiteral("role"), NoFieldFlags, 200),
            enumeration(QStringLiteral("portal_state"),
                {QStringLiteral("none"), QStringLiteral("invited"), QStringLiteral("active"),
                    QStringLiteral("revoked")},
                NoFieldFlags),
        }});

    list.append({QStringLiteral("project"), QStringLiteral("projects"),
        {
            uuid(QStringLiteral("client_id"), QStringLiteral("client"), Required),
            text(QStringLiteral("name"), Required, 200),
            text(QStringLiteral("description")),
            enumeration(QStringLiteral("status"),
                {QStringLiteral("active"), QStringLiteral("on_hold"), QStringLiteral("completed")}),
            FieldSpec{QStringLiteral("due_date"), FieldType::Date, Nullable, {}, 0, {}, {}},
            boolean(QStringLiteral("portal_enabled")),
            boolean(QStringLiteral("client_uploads_enabled")),
            boolean(QStringLiteral("archived")),
        }});

    list.append({QStringLiteral("task"), QStringLiteral("tasks"),
        {
            uuid(QStringLiteral("project_id"), QStringLiteral("project"), Required),
            text(QStringLiteral("title"), Required, 500),
            text(QStringLiteral("description")),
            enumeration(QStringLiteral("status"),
                {QStringLiteral("todo"), QStringLiteral("in_progress"), QStringLiteral("done")}),
            FieldSpec{QStringLiteral("due_date"), FieldType::Date, Nullable, {}, 0, {}, {}},
            uuid(QStringLiteral("assignee_id"), QStringLiteral("staff_user"), Nullable),
            enumeration(QStringLiteral("visibility"), visibilities),
            integer(QStringLiteral("position")),
        }});

    // File rows come into being when an upload completes (POST /api/v1/files/uploads/{id}/complete);
    // a push may rename, move, re-share or delete them.
    list.append({QStringLiteral("file"), QStringLiteral("files"),
        {
            uuid(QStringLiteral("project_id"), QStringLiteral("project"), Required | CreateOnly),
            text(QStringLiteral("folder"), NoFieldFlags, 1000),
            text(QStringLiteral("name"), Required, 255),
            integer(QStringLiteral("size"), 0, ServerManaged),
            text(QStringLiteral("mime_type"), ServerManaged, 255),
            text(QStringLiteral("sha256"), ServerManaged, 64),
            enumeration(QStringLiteral("visibility"), visibilities),
            FieldSpec{QStringLiteral("uploaded_by"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
        },
        false, true, true, false});

    list.append({QStringLiteral("signoff"), QStringLiteral("signoffs"),
        {
            uuid(QStringLiteral("project_id"), QStringLiteral("project"), Required | CreateOnly),
            text(QStringLiteral("title"), Required, 500),
            text(QStringLiteral("description")),
            FieldSpec{QStringLiteral("file_ids"), FieldType::UuidList, NoFieldFlags, {}, 0,
                QVariant(QStringLiteral("[]")), QStringLiteral("file")},
            enumeration(QStringLiteral("status"),
                {QStringLiteral("draft"), QStringLiteral("sent"), QStringLiteral("approved"),
                    QStringLiteral("rejected"), QStringLiteral("withdrawn")}),
            timestamp(QStringLiteral("sent_at"), ServerManaged),
            timestamp(QStringLiteral("responded_at"), ServerManaged),
            text(QStringLiteral("response_comment"), ServerManaged, 5000),
            // The contact who approved or rejected (the audit trail in activities has the rest).
            FieldSpec{QStringLiteral("responded_by"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
            // Set when sent: [{file_id, name, sha256, size, mime_type}], the exact versions asked about.
            FieldSpec{QStringLiteral("sent_file_versions"), FieldType::Json, ServerManaged | Nullable, {}, 0, {}, {}},
            // The contacts of the project's client who must approve; empty when sent means all of them
            // that can be asked (SignoffRules fills it in).
            FieldSpec{QStringLiteral("approver_ids"), FieldType::UuidList, NoFieldFlags, {}, 0,
                QVariant(QStringLiteral("[]")), QStringLiteral("contact")},
            FieldSpec{QStringLiteral("due_date"), FieldType::Date, Nullable, {}, 0, {}, {}},
            // 1 once sent, one more for each new round after changes were requested.
            integer(QStringLiteral("round_number"), 0, ServerManaged),
            // Every round: [{round, sent_at, files, approvers: [{contact_id, name, email}], answers:
            // [{contact_id, name, decision, comment, at, address, via}], outcome, decided_at}].
            FieldSpec{QStringLiteral("rounds"), FieldType::Json, ServerManaged | Nullable, {}, 0, {}, {}},
        }});

    list.append({QStringLiteral("comment"), QStringLiteral("comments"),
        {
            enumeration(QStringLiteral("target_entity"),
                {QStringLiteral("task"), QStringLiteral("file"), QStringLiteral("signoff")}, Required | CreateOnly),
            FieldSpec{QStringLiteral("target_id"), FieldType::Uuid, Required | CreateOnly, {}, 0, {}, {}},
            FieldSpec{QStringLiteral("author_id"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
            enumeration(
                QStringLiteral("author_kind"), {QStringLiteral("staff"), QStringLiteral("contact")}, ServerManaged),
            text(QStringLiteral("body"), Required, 10000),
        }});

    // The token of an invite never syncs: only its hash is stored, in a column outside this spec.
    list.append({QStringLiteral("invite"), QStringLiteral("invites"),
        {
            uuid(QStringLiteral("contact_id"), QStringLiteral("contact"), Required | CreateOnly),
            enumeration(QStringLiteral("kind"), {QStringLiteral("email"), QStringLiteral("link")}, CreateOnly),
            timestamp(QStringLiteral("expires_at")),
            timestamp(QStringLiteral("accepted_at"), ServerManaged),
            timestamp(QStringLiteral("revoked_at")),
        },
        true, true, false, false});

    // Made by the server when a push loses a race; only the author pulls it and may mark it resolved.
    list.append({QStringLiteral("conflict"), QStringLiteral("conflicts"),
        {
            text(QStringLiteral("entity"), ServerManaged, 64),
            FieldSpec{QStringLiteral("entity_id"), FieldType::Uuid, ServerManaged, {}, 0, {}, {}},
            text(QStringLiteral("field"), ServerManaged, 64),
            FieldSpec{QStringLiteral("rejected_value"), FieldType::Json, ServerManaged | Nullable, {}, 0, {}, {}},
            FieldSpec{QStringLiteral("server_value"), FieldType::Json, ServerManaged | Nullable, {}, 0, {}, {}},
            enumeration(QStringLiteral("reason"),
                {QStringLiteral("concurrent_edit"), QStringLiteral("deleted"), QStringLiteral("visibility")},
                ServerManaged),
            FieldSpec{QStringLiteral("author_id"), FieldType::Uuid, ServerManaged, {}, 0, {}, {}},
            FieldSpec{QStringLiteral("mutation_id"), FieldType::Text, ServerManaged, {}, 100,
                QVariant(QStringLiteral("")), {}},
            boolean(QStringLiteral("resolved")),
        },
        false, true, false, false});

    // A staff member's Inbox read state (the Inbox lists what clients did, from the activity log):
    // one row per item marked read, or with `through_version` for "Mark All Read" (every item up to
    // that version). Only its owner pulls it or may delete it, so it follows them between desktops.
    list.append({QStringLiteral("inbox_mark"), QStringLiteral("inbox_marks"),
        {
            uuid(QStringLiteral("activity_id"), QStringLiteral("activity"), Nullable | CreateOnly),
            integer(QStringLiteral("through_version"), 0, CreateOnly),
            FieldSpec{QStringLiteral("user_id"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
        },
        true, false, true, false});

    list.append({QStringLiteral("activity"), QStringLiteral("activities"),
        {
            FieldSpec{QStringLiteral("actor_id"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
            enumeration(QStringLiteral("actor_kind"),
                {QStringLiteral("staff"), QStringLiteral("contact"), QStringLiteral("system")}, ServerManaged),
            text(QStringLiteral("action"), ServerManaged, 64),
            text(QStringLiteral("entity"), ServerManaged, 64),
            FieldSpec{QStringLiteral("entity_id"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
            FieldSpec{QStringLiteral("project_id"), FieldType::Uuid, ServerManaged | Nullable, {}, 0, {}, {}},
            text(QStringLiteral("summary"), ServerManaged, 1000),
            text(QStringLiteral("address"), ServerManaged, 64),
            // What the desktop words the entry from, in the reader's language (SyncStore::appendActivity).
            FieldSpec{QStringLiteral("details"), FieldType::Json, ServerManaged | Nullable, {}, 0, {}, {}},
        },
        false, false, false, false});

    return list;
}

// The pattern must match the whole text: "^…$" would not do, as "$" also matches before a final
// line feed ("acme\n" would pass as a slug).
QString wholeText(const QString &pattern)
{
    return QRegularExpression::anchoredPattern(pattern);
}

Error invalid(const FieldSpec &field, const QString &what)
{
    return Error{QStringLiteral("invalid_field"), QStringLiteral("Field \"%1\" %2.").arg(field.name, what)};
}

} // namespace

const FieldSpec *EntitySpec::field(QStringView fieldName) const
{
    for (const FieldSpec &f : fields) {
        if (f.name == fieldName)
            return &f;
    }
    return nullptr;
}

QStringList EntitySpec::columns() const
{
    if (!columnList.isEmpty())
        return columnList;
    QStringList result = EntitySchema::commonColumns;
    for (const FieldSpec &f : fields)
        result.append(f.name);
    return result;
}

const QList<EntitySpec> &EntitySchema::entities()
{
    static const QList<EntitySpec> list = [] {
        QList<EntitySpec> built = buildEntities();
        for (EntitySpec &spec : built)
            spec.columnList = spec.columns();
        return built;
    }();
    return list;
}

const EntitySpec *EntitySchema::find(QStringView name)
{
    for (const EntitySpec &spec : entities()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QVariant EntitySchema::nullValue(const FieldSpec &field)
{
    switch (field.type) {
    case FieldType::Integer:
    case FieldType::Boolean:
        return QVariant(QMetaType::fromType<qint64>());
    default:
        return QVariant(QMetaType::fromType<QString>());
    }
}

QVariant EntitySchema::defaultValue(const FieldSpec &field)
{
    return field.defaultValue.isValid() ? field.defaultValue : nullValue(field);
}

std::expected<QVariant, Error> EntitySchema::fromJson(const FieldSpec &field, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined()) {
        if (field.has(Nullable))
            return nullValue(field);
        return std::unexpected(invalid(field, QStringLiteral("may not be null")));
    }

    switch (field.type) {
    case FieldType::Text: {
        if (!value.isString())
            return std::unexpected(invalid(field, QStringLiteral("must be a string")));
        const QString text = value.toString();
        const int limit = field.maxLength > 0 ? field.maxLength : defaultTextLimit;
        if (text.size() > limit)
            return std::unexpected(invalid(field, QStringLiteral("is longer than %1 characters").arg(limit)));
        if (field.has(Required) && text.trimmed().isEmpty())
            return std::unexpected(invalid(field, QStringLiteral("may not be empty")));
        // A null QString binds as SQL NULL; an empty text is not NULL.
        return QVariant(text.isNull() ? QStringLiteral("") : text);
    }
    case FieldType::Integer: {
        // JSON numbers are doubles; accept only integral values that survive the round trip.
        if (!value.isDouble())
            return std::unexpected(invalid(field, QStringLiteral("must be an integer")));
        // The range is checked before the cast: converting a double outside qint64 (or NaN) is
        // undefined behaviour. The comparisons are false for NaN, so it is refused as well.
        const double d = value.toDouble();
        constexpr double maxExact = 9007199254740992.0; // 2^53
        if (!(d >= -maxExact && d <= maxExact) || std::trunc(d) != d)
            return std::unexpected(invalid(field, QStringLiteral("must be an integer")));
        return QVariant(static_cast<qint64>(d));
    }
    case FieldType::Boolean:
        if (!value.isBool())
            return std::unexpected(invalid(field, QStringLiteral("must be true or false")));
        return QVariant(value.toBool() ? 1 : 0);
    case FieldType::Enum:
        if (!value.isString() || !field.values.contains(value.toString()))
            return std::unexpected(invalid(field, QStringLiteral("must be one of: %1").arg(field.values.join(u", "))));
        return QVariant(value.toString());
    case FieldType::Uuid:
        if (!value.isString() || !isUuid(value.toString()))
            return std::unexpected(invalid(field, QStringLiteral("must be a lower-case UUID")));
        return QVariant(value.toString());
    case FieldType::Timestamp: {
        if (!value.isString())
            return std::unexpected(invalid(field, QStringLiteral("must be an ISO 8601 timestamp")));
        const auto time = TimeUtil::fromWire(value.toString());
        if (!time)
            return std::unexpected(invalid(field, QStringLiteral("must be an ISO 8601 timestamp")));
        return QVariant(TimeUtil::toWire(*time));
    }
    case FieldType::Date: {
        const QDate date = value.isString() ? QDate::fromString(value.toString(), Qt::ISODate) : QDate();
        if (!date.isValid() || value.toString().size() != 10)
            return std::unexpected(invalid(field, QStringLiteral("must be a date (YYYY-MM-DD)")));
        return QVariant(date.toString(Qt::ISODate));
    }
    case FieldType::Color: {
        static const QRegularExpression re(wholeText(QStringLiteral("#[0-9a-fA-F]{6}")));
        if (!value.isString() || !re.match(value.toString()).hasMatch())
            return std::unexpected(invalid(field, QStringLiteral("must be a colour like #1a2b3c")));
        return QVariant(value.toString().toLower());
    }
    case FieldType::UuidList: {
        if (!value.isArray())
            return std::unexpected(invalid(field, QStringLiteral("must be an array of UUIDs")));
        const QJsonArray array = value.toArray();
        if (array.size() > 1000)
            return std::unexpected(invalid(field, QStringLiteral("has more than 1000 entries")));
        for (const QJsonValue &item : array) {
            if (!item.isString() || !isUuid(item.toString()))
                return std::unexpected(invalid(field, QStringLiteral("must be an array of UUIDs")));
        }
        return QVariant(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
    }
    case FieldType::Json: {
        QJsonArray wrapper{value};
        const QByteArray json = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
        // Strip the wrapping brackets: store the value itself.
        return QVariant(QString::fromUtf8(json.mid(1, json.size() - 2)));
    }
    }
    return std::unexpected(invalid(field, QStringLiteral("has an unknown type")));
}

QJsonValue EntitySchema::toJson(const FieldSpec &field, const QVariant &stored)
{
    if (stored.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (field.type) {
    case FieldType::Integer:
        return QJsonValue(stored.toLongLong());
    case FieldType::Boolean:
        return QJsonValue(stored.toLongLong() != 0);
    case FieldType::UuidList:
    case FieldType::Json: {
        const QByteArray wrapped = '[' + stored.toString().toUtf8() + ']';
        const QJsonDocument doc = QJsonDocument::fromJson(wrapped);
        if (!doc.isArray() || doc.array().isEmpty())
            return QJsonValue(QJsonValue::Null);
        return doc.array().first();
    }
    default:
        return QJsonValue(stored.toString());
    }
}

bool EntitySchema::isUuid(const QString &text)
{
    // 8-4-4-4-12 lower-case hex digits (every pushed mutation's id and references: no regex).
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char16_t c = text.at(i).unicode();
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) {
            return false;
        }
    }
    return true;
}

QString EntitySchema::newUuid()
{
    // A version 7 UUID (RFC 9562): the first 48 bits are the time in milliseconds, the other 74
    // free bits random (the system's secure source, as QUuid::createUuid uses). Ids made one after
    // another sort together, so a new row's key lands at the end of each index on its id (the row's
    // own, the mutation log's, the activity log's) in place of a random page of it: a push of 500
    // creates writes a few index pages, not hundreds, on both engines and in the desktop's cache.
    // What it gives away is when the row was made, which its created_at records anyway.
    // No id is a secret: every read is checked against what the reader may see.
    //
    // The random bits are drawn from the secure source a kilobyte at a time, per thread, and the
    // text is written straight from the bytes: a push makes two ids per mutation, and a draw and a
    // QUuid round trip for each were a few per cent of it.
    constexpr int perDraw = 64;
    thread_local std::array<quint32, 4 * perDraw> pool;
    thread_local int used = perDraw;
    if (used == perDraw) {
        QRandomGenerator::system()->fillRange(pool.data(), pool.size());
        used = 0;
    }
    std::array<uchar, 16> bytes;
    std::memcpy(bytes.data(), pool.data() + 4 * used, 16);
    std::memset(pool.data() + 4 * used, 0, 16); // handed out once
    ++used;
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 0; i < 6; ++i)
        bytes[i] = uchar((ms >> (8 * (5 - i))) & 0xff);
    bytes[6] = uchar(0x70 | (bytes[6] & 0x0f)); // version 7
    bytes[8] = uchar(0x80 | (bytes[8] & 0x3f)); // variant 10
    static constexpr char16_t hex[] = u"0123456789abcdef";
    QString text(36, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = u'-';
        *out++ = hex[bytes[i] >> 4];
        *out++ = hex[bytes[i] & 0x0f];
    }
    return text;
}

int EntitySchema::visibilityRank(const QString &visibility)
{
    return visibilities.indexOf(visibility);
}

QString EntitySchema::morePrivate(const QString &a, const QString &b)
{
    const int ra = visibilityRank(a);
    const int rb = visibilityRank(b);
    if (ra < 0 || rb < 0)
        return visibilities.first();
    return ra <= rb ? a : b;
}

bool EntitySchema::isValidSlug(const QString &slug)
{
    static const QRegularExpression re(wholeText(QStringLiteral("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]")));
    return re.match(slug).hasMatch() && !slug.contains(QStringLiteral("--"));
}

bool EntitySchema::isValidHostName(const QString &host)
{
    static const QRegularExpression re(
        wholeText(QStringLiteral("(?=.{1,253}\\z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")));
    return re.match(host).hasMatch();
}

bool EntitySchema::isValidEmail(const QString &email)
{
    // Unicode properties: \s is then every Unicode space (U+3000, U+00A0, U+2028 …), not only ASCII.
    static const QRegularExpression re(wholeText(QStringLiteral("[^@\\s\\p{Cc}]+@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+")),
        QRegularExpression::UseUnicodePropertiesOption);
    return email.size() <= 254 && re.match(email).hasMatch();
}

namespace {
// parent → (dependent entity, column naming the parent)
const QList<QPair<QString, EntitySchema::Dependent>> &relations()
{
    static const QList<QPair<QString, EntitySchema::Dependent>> list = {
        {QStringLiteral("client"), {QStringLiteral("contact"), QStringLiteral("client_id")}},
        {QStringLiteral("client"), {QStringLiteral("project"), QStringLiteral("client_id")}},
        {QStringLiteral("project"), {QStringLiteral("task"), QStringLiteral("project_id")}},
        {QStringLiteral("project"), {QStringLiteral("file"), QStringLiteral("project_id")}},
        {QStringLiteral("project"), {QStringLiteral("signoff"), QStringLiteral("project_id")}},
        {QStringLiteral("task"), {QStringLiteral("comment"), QStringLiteral("target_id")}},
        {QStringLiteral("file"), {QStringLiteral("comment"), QStringLiteral("target_id")}},
        {QStringLiteral("signoff"), {QStringLiteral("comment"), QStringLiteral("target_id")}},
    };
    return list;
}
} // namespace

QList<EntitySchema::Dependent> EntitySchema::dependentsOf(QStringView entity)
{
    QList<Dependent> out;
    for (const auto &[parent, dependent] : relations())
        if (parent == entity)
            out.append(dependent);
    return out;
}

QList<QPair<QString, QString>> EntitySchema::parentsOf(QStringView entity)
{
    QList<QPair<QString, QString>> out;
    for (const auto &[parent, dependent] : relations())
        if (dependent.entity == entity)
            out.append({parent, dependent.column});
    return out;
}
