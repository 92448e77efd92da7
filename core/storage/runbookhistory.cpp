#include "runbookhistory.h"

#include "database.h"
#include "sqlvalues.h"

#include <QCryptographicHash>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace wk {

namespace {

struct Latest
{
    QString digest;
    QString title;
    QString body;
    bool removed = false;
};

QString digestOf(const Runbook &b)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(b.title.toUtf8());
    h.addData(QByteArrayView("\n\x1f\n"));
    h.addData(b.markdown.toUtf8());
    return QString::fromLatin1(h.result().toHex());
}

const char *changeKey(RunbookRevision::Change c)
{
    switch (c) {
    case RunbookRevision::Change::Baseline:
        return "baseline";
    case RunbookRevision::Change::Added:
        return "added";
    case RunbookRevision::Change::Edited:
        return "edited";
    case RunbookRevision::Change::Removed:
        return "removed";
    }
    return "edited";
}

RunbookRevision::Change changeFromKey(const QString &key)
{
    if (key == QLatin1String("baseline"))
        return RunbookRevision::Change::Baseline;
    if (key == QLatin1String("added"))
        return RunbookRevision::Change::Added;
    if (key == QLatin1String("removed"))
        return RunbookRevision::Change::Removed;
    return RunbookRevision::Change::Edited;
}

} // namespace

QString changeName(RunbookRevision::Change change)
{
    return QString::fromLatin1(changeKey(change));
}

std::pair<int, int> RunbookHistory::lineChanges(const QString &before, const QString &after)
{
    const QStringList a = before.split(QLatin1Char('\n'));
    const QStringList b = after.split(QLatin1Char('\n'));
    // Runbooks are pages, not books: the quadratic table stays small.
    const qsizetype n = a.size(), m = b.size();
    std::vector<int> prev(static_cast<size_t>(m + 1), 0), cur(static_cast<size_t>(m + 1), 0);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j)
            cur[static_cast<size_t>(j)] =
                a[i - 1] == b[j - 1]
                    ? prev[static_cast<size_t>(j - 1)] + 1
                    : std::max(prev[static_cast<size_t>(j)], cur[static_cast<size_t>(j - 1)]);
        std::swap(prev, cur);
    }
    const int common = prev[static_cast<size_t>(m)];
    return {static_cast<int>(m) - common, static_cast<int>(n) - common};
}

std::optional<QList<RunbookRevision>> RunbookHistory::record(const QList<Runbook> &runbooks,
                                                             const QDateTime &now, QString *error)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return std::nullopt;
    }
    auto abort = [&](const QSqlQuery &q) -> std::optional<QList<RunbookRevision>> {
        sqlFailed(q, error);
        db.rollback();
        return std::nullopt;
    };
    QSqlQuery q(db);
    QHash<QString, Latest> latest;
    // Rows come oldest first, so the last one per pipeline wins.
    if (!q.exec(QStringLiteral("SELECT pipeline_id, change, title, digest, body FROM "
                               "runbook_revisions ORDER BY recorded_at")))
        return abort(q);
    while (q.next())
        latest.insert(q.value(0).toString(),
                      {q.value(3).toString(), q.value(2).toString(), q.value(4).toString(),
                       q.value(1).toString() == QLatin1String("removed")});

    // A store that has never seen runbooks takes them as they are: that is no change.
    const bool first = latest.isEmpty();
    QList<RunbookRevision> added;
    QList<QString> bodies;
    QSet<QString> present;
    for (const Runbook &b : runbooks) {
        present.insert(b.pipeline);
        const QString digest = digestOf(b);
        const auto it = latest.constFind(b.pipeline);
        RunbookRevision r{b.pipeline, now.toUTC(), RunbookRevision::Change::Added, b.title, 0, 0};
        if (first) {
            r.change = RunbookRevision::Change::Baseline;
        } else if (it == latest.cend() || it->removed) {
            r.linesAdded = static_cast<int>(b.markdown.split(QLatin1Char('\n')).size());
        } else if (it->digest != digest) {
            r.change = RunbookRevision::Change::Edited;
            std::tie(r.linesAdded, r.linesRemoved) = lineChanges(it->body, b.markdown);
        } else {
            continue;
        }
        added << r;
        bodies << b.markdown;
    }
    for (auto it = latest.cbegin(); it != latest.cend(); ++it) {
        if (it->removed || present.contains(it.key()))
            continue;
        added << RunbookRevision{
            it.key(),  now.toUTC(), RunbookRevision::Change::Removed,
            it->title, 0,           static_cast<int>(it->body.split(QLatin1Char('\n')).size())};
        bodies << QStringLiteral(""); // a null QString would bind as NULL
    }
    q.prepare(QStringLiteral("INSERT INTO runbook_revisions (pipeline_id, recorded_at, change, "
                             "title, digest, lines_added, lines_removed, body) VALUES (?, ?, ?, "
                             "?, ?, ?, ?, ?)"));
    for (qsizetype i = 0; i < added.size(); ++i) {
        const RunbookRevision &r = added[i];
        q.bindValue(0, r.pipeline);
        q.bindValue(1, r.recordedAt.toString(Qt::ISODateWithMs));
        q.bindValue(2, changeName(r.change));
        q.bindValue(3, r.title);
        q.bindValue(4, r.change == RunbookRevision::Change::Removed
                           ? QStringLiteral("")
                           : digestOf({r.pipeline, r.title, bodies[i]}));
        q.bindValue(5, r.linesAdded);
        q.bindValue(6, r.linesRemoved);
        q.bindValue(7, bodies[i]);
        if (!q.exec())
            return abort(q);
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return std::nullopt;
    }
    return added;
}

std::optional<QList<RunbookRevision>>
RunbookHistory::between(const QDateTime &from, const QDateTime &to, QString *error) const
{
    QSqlQuery q(m_db.connection());
    // ISO text in UTC with milliseconds sorts like the instants it names.
    q.prepare(QStringLiteral("SELECT pipeline_id, recorded_at, change, title, lines_added, "
                             "lines_removed FROM runbook_revisions WHERE recorded_at >= ? AND "
                             "recorded_at < ? AND change <> 'baseline' ORDER BY recorded_at, "
                             "pipeline_id"));
    q.bindValue(0, from.toUTC().toString(Qt::ISODateWithMs));
    q.bindValue(1, to.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<RunbookRevision> out;
    while (q.next()) {
        RunbookRevision r;
        r.pipeline = q.value(0).toString();
        r.recordedAt = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        r.change = changeFromKey(q.value(2).toString());
        r.title = q.value(3).toString();
        r.linesAdded = q.value(4).toInt();
        r.linesRemoved = q.value(5).toInt();
        out << r;
    }
    return out;
}

} // namespace wk
