#include "runbooksearchpage.h"

#include "runbookhitdelegate.h"
#include "runbookhitmodel.h"
#include "runbooksearcher.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

namespace wk {

namespace {

// How long typing must pause before a search goes out: short enough to feel instant.
constexpr int pauseMs = 120;

} // namespace

RunbookSearchPage::RunbookSearchPage(QWidget *parent) : QWidget(parent)
{
    m_query = new QLineEdit;
    m_query->setObjectName(QStringLiteral("runbookSearch"));
    m_query->setPlaceholderText(tr("Search runbooks: what breaks, which table, which action…"));
    m_query->setClearButtonEnabled(true);
    m_pause = new QTimer(this);
    m_pause->setSingleShot(true);
    m_pause->setInterval(pauseMs);
    m_hits = new RunbookHitModel(this);
    m_results = new QListView;
    m_results->setObjectName(QStringLiteral("runbookResults"));
    m_results->setModel(m_hits);
    m_results->setItemDelegate(new RunbookHitDelegate(m_results));
    m_results->setWordWrap(true);
    m_results->setResizeMode(QListView::Adjust);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_text = new QTextBrowser;
    m_text->setObjectName(QStringLiteral("runbookText"));
    m_text->setOpenExternalLinks(true);
    m_status = new QLabel;

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_query);
    leftLayout->addWidget(m_results, 1);
    leftLayout->addWidget(m_status);
    auto *split = new QSplitter;
    split->addWidget(left);
    split->addWidget(m_text);
    split->setStretchFactor(1, 2);
    split->setSizes({360, 700});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_query, &QLineEdit::textChanged, m_pause, qOverload<>(&QTimer::start));
    connect(m_pause, &QTimer::timeout, this, &RunbookSearchPage::runSearch);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showRunbook(current.data(RunbookHitModel::PipelineRole).toString());
            });
    // Enter in the search field opens the best match; Down moves into the list.
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        if (m_pause->isActive()) { // typed and pressed Enter at once: search now
            m_pause->stop();
            runSearch();
        }
        if (m_hits->rowCount() > 0) {
            m_results->setCurrentIndex(m_hits->index(0));
            m_results->setFocus();
        }
    });
}

RunbookSearchPage::~RunbookSearchPage() = default;

void RunbookSearchPage::setWorkspace(const Workspace &workspace, RunbookSearcher *searcher)
{
    m_workspace = workspace;
    disconnect(m_answers);
    m_searcher = searcher;
    if (m_searcher)
        m_answers =
            connect(m_searcher, &RunbookSearcher::found, this, &RunbookSearchPage::showHits);
    m_pause->stop();
    runSearch();
}

bool RunbookSearchPage::searching() const
{
    return m_waitingFor != 0 || m_pause->isActive();
}

void RunbookSearchPage::setQuery(const QString &text)
{
    m_query->setText(text);
}

void RunbookSearchPage::runSearch()
{
    const QString text = m_query->text();
    if (RunbookSearcher::words(text).isEmpty() || !m_searcher) {
        // Nothing to search for (or no search at all): every runbook, in workspace order.
        QList<RunbookHit> all;
        if (RunbookSearcher::words(text).isEmpty()) {
            for (const Runbook &r : std::as_const(m_workspace.runbooks))
                all.append({r.pipeline, r.title, QString()});
        }
        m_waitingFor = 0;
        showHits(0, all);
        return;
    }
    m_waitingFor = m_searcher->search(text);
    m_status->setText(tr("Searching…"));
}

void RunbookSearchPage::showHits(quint64 token, const QList<RunbookHit> &hits)
{
    if (token != m_waitingFor)
        return; // an answer to a query the user has typed past
    m_waitingFor = 0;
    m_hits->setHits(hits);
    const QString text = m_query->text();
    m_status->setText(text.trimmed().isEmpty()
                          ? tr("%n runbook(s)", nullptr, static_cast<int>(hits.size()))
                          : tr("%n match(es)", nullptr, static_cast<int>(hits.size())));
    if (!hits.isEmpty())
        showRunbook(hits.first().pipelineId);
    else
        m_text->clear();
}

void RunbookSearchPage::showRunbook(const QString &pipelineId)
{
    const Runbook *r = m_workspace.runbook(pipelineId);
    if (!r)
        return;
    const Pipeline *p = m_workspace.pipeline(pipelineId);
    QString owners;
    if (p) {
        const Person *primary = m_workspace.person(p->primaryOwner);
        const Person *secondary = m_workspace.person(p->secondaryOwner);
        owners = tr("*Pipeline:* %1 · *primary:* %2 · *secondary:* %3\n\n")
                     .arg(p->name, primary ? primary->name : p->primaryOwner,
                          secondary ? secondary->name : p->secondaryOwner);
    }
    m_text->setMarkdown(QStringLiteral("# %1\n\n%2%3").arg(r->title, owners, r->markdown));
    // Mark every word that was searched for, so the eye finds why this runbook matched.
    QList<QTextEdit::ExtraSelection> marks;
    for (const QString &word : RunbookSearcher::words(m_query->text())) {
        QTextCursor cursor(m_text->document());
        while (!(cursor = m_text->document()->find(word, cursor)).isNull()) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = cursor;
            mark.format.setBackground(QColor(0xff, 0xd5, 0x4f));
            mark.format.setForeground(Qt::black);
            marks.append(mark);
        }
    }
    m_text->setExtraSelections(marks);
}

QStringList RunbookSearchPage::resultIds() const
{
    QStringList ids;
    for (const RunbookHit &hit : m_hits->hits())
        ids << hit.pipelineId;
    return ids;
}

QString RunbookSearchPage::shownText() const
{
    return m_text->toPlainText();
}

} // namespace wk
