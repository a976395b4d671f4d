// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Writes a sign-off's certificate as a PDF (PDF/A-1b, A4) from the facts the server gathered as
// JSON in INPUT: organisation, project, title, signoff_id, status, decided_at, generated_at and
// rounds (each with its files and their SHA-256, approvers and answers: who, when in UTC, from which
// address, via portal or link). Needs a QGuiApplication (fonts). Exit codes as the worker's: 3 for
// unreadable facts, 5 when the PDF cannot be written.
int renderCertificate(const QString &input, const QString &output);
