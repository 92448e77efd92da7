#include "runbooksearcher.h"

#include "storage/database.h"
#include "storage/runbooksearch.h"

#include <functional>

namespace wk {

// What the search thread owns. Made there on first use: a QSqlDatabase connection belongs to
// the thread that opens it.
struct RunbookSearcher::State
{
    std::function<bool(State &, QString *)> open;
    bool tried = false;
    std::unique_ptr<Database> db; // team mode
    std::unique_ptr<RunbookSearch> search;
};

RunbookSearcher::RunbookSearcher(std::shared_ptr<State> state)
    : m_context(new QObject), m_state(std::move(state))
{
    qRegisterMetaType<QList<wk::RunbookHit>>();
    m_thread.setObjectName(QStringLiteral("runbook search"));
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

RunbookSearcher::~RunbookSearcher()
{
    // The connections close on the thread that opened them.
    QMetaObject::invokeMethod(
        m_context,
        [state = m_state] {
            state->search.reset();
            state->db.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

std::unique_ptr<RunbookSearcher> RunbookSearcher::embedded(const Workspace &workspace)
{
    auto state = std::make_shared<State>();
    state->open = [workspace](State &s, QString *error) {
        s.search = RunbookSearch::embedded(workspace, error);
        return s.search != nullptr;
    };
    return std::unique_ptr<RunbookSearcher>(new RunbookSearcher(state));
}

std::unique_ptr<RunbookSearcher> RunbookSearcher::team(const QString &databaseUrl)
{
    auto state = std::make_shared<State>();
    state->open = [databaseUrl](State &s, QString *error) {
        s.db = Database::open(databaseUrl, error);
        if (s.db)
            s.search = RunbookSearch::postgres(*s.db, error);
        return s.search != nullptr;
    };
    return std::unique_ptr<RunbookSearcher>(new RunbookSearcher(state));
}

quint64 RunbookSearcher::search(const QString &text)
{
    const quint64 token = ++m_latest;
    QMetaObject::invokeMethod(m_context, [this, state = m_state, token, text] {
        if (!state->tried) {
            state->tried = true;
            QString error;
            if (!state->open(*state, &error))
                emit unavailable(error);
        }
        // Typing faster than the search answers: only the newest request is worth running.
        if (token != m_latest.load())
            return;
        emit found(token, state->search ? state->search->search(text) : QList<RunbookHit>());
    });
    return token;
}

QStringList RunbookSearcher::words(const QString &text)
{
    return RunbookSearch::words(text);
}

} // namespace wk
