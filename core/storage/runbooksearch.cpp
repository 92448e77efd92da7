#include "runbooksearch.h"

#include "database.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace wk {

namespace {

const QChar startMark(0x01);
const QChar stopMark(0x02);

class EmbeddedSearch : public RunbookSearch
{
public:
    explicit EmbeddedSearch(QString connection) : m_connection(std::move(connection)) {}
    ~EmbeddedSearch() override
    {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }

protected:
    QSqlDatabase connection() const override { return QSqlDatabase::database(m_connection, false); }
    QString statement() const override
    {
        return QStringLiteral(
            "SELECT pipeline_id, title, snippet(runbooks, 2, char(1), char(2), '…', 16) "
            "FROM runbooks WHERE runbooks MATCH ? ORDER BY rank LIMIT ?");
    }
    QString queryText(const QStringList &terms) const override
    {
        // Each word quoted (so no FTS5 syntax gets through), the last one as a prefix.
        QStringList parts;
        for (qsizetype i = 0; i < terms.size(); ++i)
            parts << QLatin1Char('"') + terms.at(i) + QLatin1Char('"') +
                         (i + 1 == terms.size() ? QStringLiteral("*") : QString());
        return parts.join(QLatin1Char(' '));
    }

private:
    QString m_connection;
};

class PostgresSearch : public RunbookSearch
{
public:
    explicit PostgresSearch(Database &db) : m_db(db) {}

protected:
    QSqlDatabase connection() const override { return m_db.connection(); }
    // A restarted server ends the session: the next search opens a new one.
    bool reconnect() const override { return !m_db.isAlive() && m_db.reconnect(nullptr); }
    QString statement() const override
    {
        return QStringLiteral(
            "WITH query AS (SELECT to_tsquery('simple', ?) AS q) "
            "SELECT pipeline_id, title, ts_headline('simple', body, query.q, "
            "'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=20, MinWords=8') "
            "FROM runbooks, query WHERE to_tsvector('simple', title || ' ' || body) @@ query.q "
            "ORDER BY ts_rank(to_tsvector('simple', title || ' ' || body), query.q) DESC, position "
            "LIMIT ?");
    }
    QString queryText(const QStringList &terms) const override
    {
        // Words are letters and digits only, so they cannot form tsquery syntax.
        QStringList parts;
        for (qsizetype i = 0; i < terms.size(); ++i)
            parts << terms.at(i) + (i + 1 == terms.size() ? QStringLiteral(":*") : QString());
        return parts.join(QStringLiteral(" & "));
    }

private:
    Database &m_db;
};

} // namespace

QList<RunbookHit> RunbookSearch::search(const QString &text, int limit) const
{
    const QStringList terms = words(text);
    if (terms.isEmpty())
        return {};
    QList<RunbookHit> hits;
    QSqlQuery q(connection());
    for (int attempt = 0;; ++attempt) {
        q = QSqlQuery(connection());
        q.prepare(statement());
        q.addBindValue(queryText(terms));
        q.addBindValue(limit);
        if (q.exec())
            break;
        if (attempt > 0 || !reconnect())
            return hits;
    }
    while (q.next())
        hits.append({q.value(0).toString(), q.value(1).toString(), markup(q.value(2).toString())});
    return hits;
}

QStringList RunbookSearch::words(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}_]+"));
    return text.toLower().split(separators, Qt::SkipEmptyParts);
}

QString RunbookSearch::markup(const QString &snippet)
{
    // Runbooks are Markdown: its emphasis, code and heading marks are dropped from a
    // one-line snippet rather than shown raw.
    static const QRegularExpression marks(
        QStringLiteral("\\*\\*|__|`|(^|\\n)\\s*#{1,6}\\s+|(^|\\n)\\s*[*+-]\\s+"));
    QString text = snippet;
    text.replace(marks, QStringLiteral("\\1\\2"));
    QString html = text.toHtmlEscaped();
    html.replace(startMark, QStringLiteral("<b>"));
    html.replace(stopMark, QStringLiteral("</b>"));
    return html;
}

std::unique_ptr<RunbookSearch> RunbookSearch::embedded(const Workspace &workspace, QString *error)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("wk-runbooks-%1").arg(counter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        QSqlQuery q(db);
        bool ok =
            db.open() &&
            q.exec(QStringLiteral("CREATE VIRTUAL TABLE runbooks USING fts5(pipeline_id UNINDEXED, "
                                  "title, body, tokenize = 'unicode61 remove_diacritics 2')"));
        if (ok) {
            db.transaction();
            q.prepare(
                QStringLiteral("INSERT INTO runbooks (pipeline_id, title, body) VALUES (?, ?, ?)"));
            for (const Runbook &r : workspace.runbooks) {
                q.addBindValue(r.pipeline);
                q.addBindValue(r.title);
                q.addBindValue(r.markdown);
                ok = ok && q.exec();
            }
            db.commit();
        }
        if (!ok) {
            if (error)
                *error = QStringLiteral("cannot build the runbook index: %1")
                             .arg(q.lastError().text().isEmpty() ? db.lastError().text()
                                                                 : q.lastError().text());
            db.close();
        }
        if (!ok) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return nullptr;
        }
    }
    return std::make_unique<EmbeddedSearch>(name);
}

std::unique_ptr<RunbookSearch> RunbookSearch::postgres(Database &db, QString *error)
{
    if (db.backend() != Database::Backend::Postgres) {
        if (error)
            *error = QStringLiteral("PostgreSQL search needs a PostgreSQL store");
        return nullptr;
    }
    return std::make_unique<PostgresSearch>(db);
}

} // namespace wk
