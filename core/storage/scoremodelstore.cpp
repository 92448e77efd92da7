#include "scoremodelstore.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

constexpr int kept = 5;

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

bool ScoreModelStore::save(const ScoreModelInfo &info, QString *error)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    // Text, so that one column type serves SQLite and PostgreSQL alike.
    q.prepare(QStringLiteral("INSERT INTO score_models (trained_at, history, evaluation, "
                             "why_none, model) VALUES (?, ?, ?, ?, ?) ON CONFLICT (trained_at) "
                             "DO NOTHING"));
    q.addBindValue(info.trainedAt);
    q.addBindValue(info.history);
    q.addBindValue(info.evaluation.isNull() ? QString(QLatin1String("")) : info.evaluation);
    q.addBindValue(info.whyNone.isNull() ? QString(QLatin1String("")) : info.whyNone);
    q.addBindValue(QString::fromLatin1(info.model.toBase64()));
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("DELETE FROM score_models WHERE trained_at NOT IN (SELECT "
                                 "trained_at FROM score_models ORDER BY trained_at DESC LIMIT %1)")
                      .arg(kept));
        ok = q.exec();
    }
    if (!ok) {
        failed(q, error);
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

std::optional<ScoreModelInfo> ScoreModelStore::newest(QString *error) const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT trained_at, history, evaluation, why_none, model FROM "
                               "score_models ORDER BY trained_at DESC LIMIT 1"))) {
        failed(q, error);
        return std::nullopt;
    }
    ScoreModelInfo info;
    if (q.next()) {
        info.trainedAt = q.value(0).toLongLong();
        info.history = q.value(1).toInt();
        info.evaluation = q.value(2).toString();
        info.whyNone = q.value(3).toString();
        info.model = QByteArray::fromBase64(q.value(4).toString().toLatin1());
    }
    return info;
}

std::optional<TimestampNs> ScoreModelStore::newestTrainedAt(QString *error) const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT MAX(trained_at) FROM score_models"))) {
        failed(q, error);
        return std::nullopt;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace wk
