// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QVariant>

#include <expected>

#include "common/entityschema.h"

// One row of a pull page, read out of the server's JSON into the values the cache stores: the
// columns of PulledPage::columnsOf(spec), in that order.
struct PulledRow
{
    const EntitySpec *spec = nullptr;
    QString id;
    bool deleted = false;
    QVariantList values;
};

// A page of the server's changes ({"changes": […], "cursor": …, "more": …}), read into rows the
// cache writes as they are. A bootstrap reads its pages on the thread that fetched them
// (PageFetcher), beside the engine's thread that writes the page before into the cache.
struct PulledPage
{
    QList<PulledRow> rows;
    qint64 cursor = 0;
    bool more = false;

    // Reads a page as the server sent it, straight from its bytes with simdjson: a first sync
    // reads 100,000 rows, and building Qt's JSON tree of each page to read the values back out of
    // it cost as much as writing them into the cache. What simdjson refuses is read by Qt's parser,
    // and every value is made into the QJsonValue Qt would have made, so a page reads the same
    // either way. A change this version does not understand (an entity it does not know, an id
    // that is no UUID) is left out, with a warning; text that is no page is an error, in words
    // for the log.
    static std::expected<PulledPage, QString> fromJson(const QByteArray &body);
    // The same for a page's "changes" that are already parsed (tests, the mass-deletion check).
    static PulledPage fromChanges(const QJsonArray &changes);
    // The cache's columns for an entity, in the order of PulledRow::values.
    static QStringList columnsOf(const EntitySpec &spec);
    // A value received from the server: validated like any other, but kept even when this
    // (possibly older) desktop does not understand it, so that nothing the server sent is lost.
    static QVariant storedValue(const FieldSpec &field, const QJsonValue &value);
};
