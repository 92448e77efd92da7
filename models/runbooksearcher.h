#pragma once

#include "domain/runbookhit.h"
#include "domain/workspace.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace wk {

// Runbook search off the GUI thread. Every search runs on a thread of its own, where the
// index (an in-memory SQLite FTS5 table) or the team database connection lives, so that a
// slow query never holds up typing. Each request gets a token; a request overtaken by a
// newer one before it ran is not run at all, and the page drops answers that are not for
// its latest token.
class RunbookSearcher : public QObject
{
    Q_OBJECT
public:
    // Searches the workspace's runbooks in an index built on the search thread.
    static std::unique_ptr<RunbookSearcher> embedded(const Workspace &workspace);
    // Searches the runbooks stored in a team database (PostgreSQL URL), on a connection of
    // the search thread's own.
    static std::unique_ptr<RunbookSearcher> team(const QString &databaseUrl);
    ~RunbookSearcher() override;

    // Asks for the runbooks matching text; found() answers with the same token.
    quint64 search(const QString &text);

    // The words of a query as the search reads them (for highlighting what matched).
    static QStringList words(const QString &text);

signals:
    void found(quint64 token, const QList<wk::RunbookHit> &hits);
    // The index or the database could not be opened; every search answers nothing.
    void unavailable(const QString &error);

private:
    struct State;
    explicit RunbookSearcher(std::shared_ptr<State> state);

    QThread m_thread;
    QObject *m_context; // lives on m_thread: what runs there is invoked on it
    std::shared_ptr<State> m_state;
    std::atomic<quint64> m_latest{0};
};

} // namespace wk
