#pragma once

#include "domain/datasource.h"
#include "domain/event.h"
#include "eventfilereader.h"
#include "text/diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace wk {

// Follows a CSV or JSON-lines file that grows: each poll() returns the events of the
// complete lines added since the last one. Where it stands is a checkpoint to store, so a
// restarted console resumes there. It notices rotation (the path now names another file:
// the rest of the old one is read from its new name in the same folder first) and
// truncation (the file shrank, or its first bytes changed: it is read again from the top).
class FileTail
{
public:
    FileTail(DataSource source, const QString &baseDir);

    struct Checkpoint
    {
        quint64 file = 0;  // device and inode of the file being read
        qint64 offset = 0; // just past the last complete line read
        qint64 line = 0;   // lines before offset, for locating problems
        QByteArray head;   // the file's first bytes, to tell a rewritten file from a grown one

        QByteArray toJson() const;
        static Checkpoint fromJson(const QByteArray &json);
        bool operator==(const Checkpoint &) const = default;
    };
    void restore(const Checkpoint &checkpoint) { m_at = checkpoint; }
    const Checkpoint &checkpoint() const { return m_at; }

    struct Poll
    {
        QList<Event> events;
        QList<Diagnostic> problems; // lines that could not be read; they are skipped
        QString error;              // the file could not be read at all; nothing moved
        QStringList notes;          // rotation and truncation, as they happened
    };
    Poll poll();

    const QString &path() const { return m_path; }
    const DataSource &source() const { return m_source; }

private:
    // Reads [m_at.offset, last newline) of the file at path; false when it cannot be read.
    bool drain(const QString &path, Poll &out);

    DataSource m_source;
    QString m_path;
    Checkpoint m_at;
};

} // namespace wk
