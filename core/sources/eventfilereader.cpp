#include "eventfilereader.h"

#include "csvreader.h"
#include "text/csvvalues.h"

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
    EventFileReader::CsvColumns columns;
    QString problem;
    if (!csv.open() || !EventFileReader::mapCsvHeader(source, csv, &columns, &problem)) {
        errors.append({path, static_cast<int>(csv.errorLine()), 0,
                       problem.isEmpty() ? csv.errorMessage() : problem});
        return false;
    }
    while (errors.size() < maxErrors && csv.next()) {
        if (auto e = EventFileReader::csvEvent(source, csv, columns, &problem))
            events.append(std::move(*e));
        else
            errors.append({path, static_cast<int>(csv.line()), 0, problem});
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
        QString problem;
        int column = 0;
        if (auto e = EventFileReader::jsonLineEvent(source, raw, &problem, &column))
            events.append(std::move(*e));
        else
            errors.append({path, line, column, problem});
    }
    return errors.isEmpty();
}

} // namespace

QString EventFileReader::resolvePath(const DataSource &source, const QString &baseDir)
{
    return QDir::isAbsolutePath(source.path) ? source.path : QDir(baseDir).filePath(source.path);
}

bool EventFileReader::mapCsvHeader(const DataSource &source, CsvReader &csv, CsvColumns *columns,
                                   QString *error)
{
    const QByteArray time = source.timeColumn.toUtf8(), id = source.idColumn.toUtf8();
    std::vector<int> required;
    if (!csv.mapHeader({std::string_view(time.constData(), size_t(time.size()))}, required)) {
        *error = csv.errorMessage();
        return false;
    }
    // The other columns are optional: a freshness rule needs only the time.
    auto column = [&](const QString &wanted) {
        const QByteArray utf8 = wanted.toUtf8();
        return csv.column(std::string_view(utf8.constData(), size_t(utf8.size())));
    };
    columns->time = required[0];
    columns->subject = column(source.subjectColumn);
    columns->name = column(source.nameColumn);
    columns->id = id.isEmpty() ? -1 : column(source.idColumn);
    if (!id.isEmpty() && columns->id < 0) {
        *error = QStringLiteral("the header has no column '%1' (id_column)").arg(source.idColumn);
        return false;
    }
    return true;
}

std::optional<Event> EventFileReader::csvEvent(const DataSource &source, const CsvReader &csv,
                                               const CsvColumns &columns, QString *error)
{
    auto field = [&](int at) {
        return at >= 0 && at < csv.fieldCount() ? csv.field(at) : std::string_view();
    };
    const auto t = parseTimestamp(field(columns.time));
    if (!t) {
        *error = QStringLiteral("%1 '%2' is neither an ISO 8601 time nor Unix epoch seconds")
                     .arg(source.timeColumn, text(field(columns.time)));
        return std::nullopt;
    }
    Event e{source.id, *t, text(field(columns.subject)), text(field(columns.name)), {}};
    if (columns.id >= 0) {
        e.id = text(field(columns.id));
    } else {
        // Without an id column, the whole record identifies the event.
        QStringList all;
        for (qsizetype f = 0; f < csv.fieldCount(); ++f)
            all << text(csv.field(f));
        e.id = all.join(QChar(0x1f));
    }
    return e;
}

std::optional<Event> EventFileReader::jsonLineEvent(const DataSource &source, const QByteArray &raw,
                                                    QString *error, int *column)
{
    *column = 0;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &parseError);
    if (!doc.isObject()) {
        if (parseError.error == QJsonParseError::NoError) {
            *error = QStringLiteral("expected a JSON object");
        } else {
            *column = parseError.offset + 1;
            *error = parseError.errorString();
        }
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    const QJsonValue tv = o.value(source.timeColumn);
    std::optional<TimestampNs> t;
    if (tv.isDouble())
        t = parseTimestamp(QString::number(tv.toDouble(), 'f', 6).toStdString());
    else if (tv.isString())
        t = parseTimestamp(tv.toString().toStdString());
    if (!t) {
        *error = QStringLiteral("'%1' is missing or is neither an ISO 8601 time nor epoch seconds")
                     .arg(source.timeColumn);
        return std::nullopt;
    }
    auto str = [&](const QString &key) {
        const QJsonValue v = o.value(key);
        return v.isString()   ? v.toString()
               : v.isDouble() ? QString::number(v.toDouble(), 'g', 17)
                              : QString();
    };
    return Event{source.id, *t, str(source.subjectColumn), str(source.nameColumn),
                 source.idColumn.isEmpty() ? QString::fromUtf8(raw) : str(source.idColumn)};
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
