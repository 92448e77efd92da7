#include "filetail.h"

#include "csvreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

namespace wk {

namespace {

// Enough to tell two files apart by their start (a header plus the first record or so).
constexpr qsizetype headBytes = 256;
// A poll reads at most this much, so that a huge backlog arrives in bounded pieces.
constexpr qint64 maxChunk = 64 * 1024 * 1024;

quint64 fileId(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return (static_cast<quint64>(st.st_dev) << 40) ^ static_cast<quint64>(st.st_ino);
}

QByteArray headOf(QFile &file, qint64 size)
{
    file.seek(0);
    return file.read(std::min<qint64>(headBytes, size));
}

} // namespace

QByteArray FileTail::Checkpoint::toJson() const
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("file"), QString::number(file)},
                           {QStringLiteral("offset"), offset},
                           {QStringLiteral("line"), line},
                           {QStringLiteral("head"), QString::fromLatin1(head.toBase64())}})
        .toJson(QJsonDocument::Compact);
}

FileTail::Checkpoint FileTail::Checkpoint::fromJson(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    Checkpoint c;
    c.file = o.value(QStringLiteral("file")).toString().toULongLong();
    c.offset = o.value(QStringLiteral("offset")).toInteger();
    c.line = o.value(QStringLiteral("line")).toInteger();
    c.head = QByteArray::fromBase64(o.value(QStringLiteral("head")).toString().toLatin1());
    return c;
}

FileTail::FileTail(DataSource source, const QString &baseDir)
    : m_source(std::move(source)), m_path(EventFileReader::resolvePath(m_source, baseDir))
{}

FileTail::Poll FileTail::poll()
{
    Poll out;
    const quint64 current = fileId(m_path);
    if (m_at.file != 0 && current != m_at.file) {
        // Rotated: finish the old file under whatever name it has now, then start anew.
        const QFileInfo info(m_path);
        QString rotated;
        const QFileInfoList siblings =
            info.dir().entryInfoList({info.fileName() + QLatin1Char('*')}, QDir::Files);
        for (const QFileInfo &sibling : siblings) {
            if (fileId(sibling.absoluteFilePath()) == m_at.file)
                rotated = sibling.absoluteFilePath();
        }
        if (!rotated.isEmpty()) {
            if (!drain(rotated, out))
                return out;
            out.notes << QStringLiteral("%1 was rotated; read the rest of it as %2")
                             .arg(m_path, QFileInfo(rotated).fileName());
        } else {
            out.notes << QStringLiteral("%1 was replaced and the old file is gone; lines "
                                        "added to it after the last read are lost")
                             .arg(m_path);
        }
        m_at = {};
    }
    if (current == 0) {
        if (!QFileInfo::exists(m_path))
            out.error = QStringLiteral("%1: the file does not exist").arg(m_path);
        else
            out.error = QStringLiteral("%1: cannot read the file").arg(m_path);
        return out;
    }
    m_at.file = current;
    drain(m_path, out);
    return out;
}

bool FileTail::drain(const QString &path, Poll &out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return false;
    }
    const qint64 size = file.size();
    const QByteArray head = headOf(file, size);
    const bool shrank = size < m_at.offset;
    const qsizetype compared = std::min(head.size(), m_at.head.size());
    const bool rewritten = m_at.offset > 0 && head.left(compared) != m_at.head.left(compared);
    if (shrank || rewritten) {
        out.notes << QStringLiteral("%1 was truncated; reading it again from the top").arg(path);
        const quint64 id = m_at.file;
        m_at = {};
        m_at.file = id;
    }
    m_at.head = head;
    if (size == m_at.offset)
        return true;

    // Only complete lines: a writer may be in the middle of the last one.
    file.seek(m_at.offset);
    const QByteArray chunk = file.read(std::min(size - m_at.offset, maxChunk));
    const qsizetype lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline < 0)
        return true;
    const qint64 end = m_at.offset + lastNewline + 1;

    const bool csv = m_source.kind != DataSource::Kind::JsonLines;
    if (csv) {
        EventFileReader::CsvColumns columns;
        QString problem;
        CsvReader header(path);
        if (!header.open() ||
            !EventFileReader::mapCsvHeader(m_source, header, &columns, &problem)) {
            out.error = QStringLiteral("%1:%2: %3")
                            .arg(path)
                            .arg(std::max<qint64>(1, header.errorLine()))
                            .arg(problem.isEmpty() ? header.errorMessage() : problem);
            return false;
        }
        qint64 from = m_at.offset, line = m_at.line;
        if (from == 0) {
            from = header.offset();
            line = 1;
        }
        CsvReader body(path);
        if (from < end && body.open(from, end, line + 1)) {
            while (body.next()) {
                if (auto e = EventFileReader::csvEvent(m_source, body, columns, &problem))
                    out.events.append(std::move(*e));
                else
                    out.problems.append({path, static_cast<int>(body.line()), 0, problem});
            }
            if (!body.errorMessage().isEmpty())
                out.problems.append(
                    {path, static_cast<int>(body.errorLine()), 0, body.errorMessage()});
        }
    } else {
        qint64 line = m_at.line;
        qsizetype begin = 0;
        while (begin <= lastNewline) {
            const qsizetype next = chunk.indexOf('\n', begin);
            const QByteArray raw = chunk.mid(begin, next - begin).trimmed();
            begin = next + 1;
            ++line;
            if (raw.isEmpty())
                continue;
            QString problem;
            int column = 0;
            if (auto e = EventFileReader::jsonLineEvent(m_source, raw, &problem, &column))
                out.events.append(std::move(*e));
            else
                out.problems.append({path, static_cast<int>(line), column, problem});
        }
    }
    m_at.line += chunk.left(lastNewline + 1).count('\n');
    m_at.offset = end;
    return true;
}

} // namespace wk
