#include "burstreport.h"

#include "text/csvvalues.h"
#include "text/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace wk {

std::optional<BurstReport::Format> BurstReport::formatFromName(const QString &name)
{
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("json"))
        return Format::Json;
    if (name == QLatin1String("table"))
        return Format::Table;
    return std::nullopt;
}

QByteArray BurstReport::render(const QList<BurstRow> &rows, Format format)
{
    QByteArray out;
    switch (format) {
    case Format::Csv:
        out = "user_id,team_id,event_name,event_count\n";
        for (const BurstRow &r : rows)
            out += QStringList{csv::quoted(r.userId), csv::quoted(r.teamId),
                               csv::quoted(r.eventName), QString::number(r.eventCount)}
                       .join(QLatin1Char(','))
                       .toUtf8() +
                   '\n';
        break;
    case Format::Json: {
        QJsonArray array;
        for (const BurstRow &r : rows)
            array.append(QJsonObject{{QStringLiteral("user_id"), r.userId},
                                     {QStringLiteral("team_id"), r.teamId},
                                     {QStringLiteral("event_name"), r.eventName},
                                     {QStringLiteral("event_count"), r.eventCount}});
        out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        break;
    }
    case Format::Table: {
        QList<QStringList> cells;
        for (const BurstRow &r : rows)
            cells.append({r.userId, r.teamId, r.eventName, QString::number(r.eventCount)});
        out = TextTable::render({QStringLiteral("user_id"), QStringLiteral("team_id"),
                                 QStringLiteral("event_name"), QStringLiteral("event_count")},
                                cells, {3})
                  .toUtf8();
        out += QByteArray::number(rows.size()) + (rows.size() == 1 ? " row\n" : " rows\n");
        break;
    }
    }
    return out;
}

} // namespace wk
