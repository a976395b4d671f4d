// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A pull page as the desktop reads it (PulledPage::fromJson, simdjson with Qt's parser behind it):
// the bytes a server, or whatever answers in its place, sends to every desktop.
//
// Property: whenever Qt's parser reads the bytes as a page (an object with an array of changes),
// the reader reads the same page: the same rows with the same stored values, the same cursor and
// the same "more". Every row it keeps is of an entity this version knows, has a UUID for an id and
// one value per column.
#include <cstdint>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "common/entityschema.h"
#include "fuzz/fuzzsupport.h"
#include "sync/pulledpage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::init();
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto page = PulledPage::fromJson(body);
    if (page) {
        for (const PulledRow &row : page->rows) {
            if (!row.spec || EntitySchema::find(row.spec->name) != row.spec)
                FuzzSupport::fail("a row of no known entity", row.id);
            if (!EntitySchema::isUuid(row.id) || row.values.value(0).toString() != row.id)
                FuzzSupport::fail("a row whose id is no UUID", row.id);
            if (row.values.size() != PulledPage::columnsOf(*row.spec).size())
                FuzzSupport::fail("a row without one value per column", row.id);
        }
    }
    const QJsonObject qt = QJsonDocument::fromJson(body).object();
    if (!qt.value(u"changes").isArray())
        return 0;
    if (!page)
        FuzzSupport::fail("refused a page Qt reads", page.error());
    const PulledPage expected = PulledPage::fromChanges(qt.value(u"changes").toArray());
    if (page->cursor != qt.value(u"cursor").toInteger() || page->more != qt.value(u"more").toBool())
        FuzzSupport::fail("read another cursor or \"more\" than Qt");
    if (page->rows.size() != expected.rows.size())
        FuzzSupport::fail("read another number of rows than Qt");
    for (qsizetype i = 0; i < expected.rows.size(); ++i) {
        const PulledRow &ours = page->rows.at(i);
        const PulledRow &theirs = expected.rows.at(i);
        if (ours.spec != theirs.spec || ours.id != theirs.id || ours.deleted != theirs.deleted)
            FuzzSupport::fail("read another row than Qt", ours.id);
        for (qsizetype v = 0; v < theirs.values.size(); ++v) {
            const QVariant &a = ours.values.at(v);
            const QVariant &b = theirs.values.at(v);
            if (a.metaType() != b.metaType() || a != b)
                FuzzSupport::fail("read another value than Qt", a.toString() + QStringLiteral(" / ") + b.toString());
        }
    }
    return 0;
}
