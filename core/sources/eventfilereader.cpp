#include "eventfilereader.h"

#include "csvreader.h"
#include "csvvalues.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace wk {

namespace {

constexpr qsizetype maxErrors = 20;

using csv::text;

bool readCsv(const DataSource &source, const QString &path, QList<Event> &events,
             QList<Diagnostic> &errors)
{
    CsvReader csv(path);
    const QByteArray time = source.timeColumn.toUtf8(), subject = source.subjectColumn.toUtf8(),
                     name = source.nameColumn.toUtf8(), id = source.idColumn.toUtf8();
    std::vector<int> required;
    if (!csv.open() ||
        !csv.mapHeader({std::string_view(time.constData(), size_t(time.size()))}, required)) {
        errors.append({path, static_cast<int>(csv.errorLine()), 0, csv.errorMessage()});
        return false;
    }
    // The other columns are optional: a freshness rule needs only the time.
    auto column = [&](const QByteArray &wanted) {
        return csv.column(std::string_view(wanted.constData(), size_t(wanted.size())));
    };
    const int subjectAt = column(subject), nameAt = column(name),
              idAt = id.isEmpty() ? -1 : column(id);
    if (!id.isEmpty() && idAt < 0) {
        errors.append(
            {path, 1, 0,
             QStringLiteral("the header has no column '%1' (id_column)").arg(source.idColumn)});
        return false;
    }
    const int timeAt = required[0];
    while (errors.size() < maxErrors && csv.next()) {
        auto field = [&](int at) {
            return at >= 0 && at < csv.fieldCount() ? csv.field(at) : std::string_view();
        };
        const auto t = parseTimestamp(field(timeAt));
        if (!t) {
            errors.append(
                {path, static_cast<int>(csv.line()), 0,
                 QStringLiteral("%1 '%2' is neither an ISO 8601 time nor Unix epoch seconds")
                     .arg(source.timeColumn, text(field(timeAt)))});
            continue;
        }
        Event e{source.id, *t, text(field(subjectAt)), text(field(nameAt)), {}};
        if (idAt >= 0) {
            e.id = text(field(idAt));
        } else {
            // Without an id column, the whole record identifies the event.
            QStringList all;
            for (qsizetype f = 0; f < csv.fieldCount(); ++f)
                all << text(csv.field(f));
            e.id = all.join(QChar(0x1f));
        }
        events.append(std::move(e));
    }
    if (!csv.errorMessage().isEmpty())
        errors.append({path, static_cast<int>(csv.errorLine()), 0, csv.errorMessage()});
    return errors.isEmpty();
}

bool readJsonLines(const DataSource &source, const QString &path, QList<Event> &events,
                   QList<Diagnostic> &errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        errors.append({path, 0, 0, QStringLiteral("cannot open: %1").arg(file.errorString())});
        return false;
    }
    int line = 0;
    while (!file.atEnd() && errors.size() < maxErrors) {
        const QByteArray raw = file.readLine().trimmed();
        ++line;
        if (raw.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &parseError);
        if (!doc.isObject()) {
            errors.append({path, line,
                           parseError.error == QJsonParseError::NoError ? 0 : parseError.offset + 1,
                           parseError.error == QJsonParseError::NoError
                               ? QStringLiteral("expected a JSON object")
                               : parseError.errorString()});
            continue;
        }
        const QJsonObject o = doc.object();
        const QJsonValue tv = o.value(source.timeColumn);
        std::optional<TimestampNs> t;
        if (tv.isDouble())
            t = parseTimestamp(QString::number(tv.toDouble(), 'f', 6).toStdString());
        else if (tv.isString())
            t = parseTimestamp(tv.toString().toStdString());
        if (!t) {
            errors.append(
                {path, line, 0,
                 QStringLiteral("'%1' is missing or is neither an ISO 8601 time nor epoch seconds")
                     .arg(source.timeColumn)});
            continue;
        }
        auto str = [&](const QString &key) {
            const QJsonValue v = o.value(key);
            return v.isString()   ? v.toString()
                   : v.isDouble() ? QString::number(v.toDouble(), 'g', 17)
                                  : QString();
        };
        events.append({source.id, *t, str(source.subjectColumn), str(source.nameColumn),
                       source.idColumn.isEmpty() ? QString::fromUtf8(raw) : str(source.idColumn)});
    }
    return errors.isEmpty();
}

} // namespace

QString EventFileReader::resolvePath(const DataSource &source, const QString &baseDir)
{
    return QDir::isAbsolutePath(source.path) ? source.path : QDir(baseDir).filePath(source.path);
}

bool EventFileReader::read(const DataSource &source, const QString &baseDir, QList<Event> &events,
                           QList<Diagnostic> &errors)
{
    const QString path = resolvePath(source, baseDir);
    QList<Event> read;
    const bool ok = source.kind == DataSource::Kind::JsonLines
                        ? readJsonLines(source, path, read, errors)
                        : readCsv(source, path, read, errors);
    if (ok)
        events += read;
    return ok;
}

} // namespace wk
