#include "runbooksearchpage.h"

#include "storage/runbooksearch.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace wk {

RunbookSearchPage::RunbookSearchPage(QWidget *parent) : QWidget(parent)
{
    m_query = new QLineEdit;
    m_query->setObjectName(QStringLiteral("runbookSearch"));
    m_query->setPlaceholderText(tr("Search runbooks: what breaks, which table, which action…"));
    m_query->setClearButtonEnabled(true);
    m_results = new QListWidget;
    m_results->setObjectName(QStringLiteral("runbookResults"));
    m_results->setWordWrap(true);
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

    connect(m_query, &QLineEdit::textChanged, this, &RunbookSearchPage::runSearch);
    connect(m_results, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showRunbook(m_results->item(row)->data(Qt::UserRole).toString());
    });
    // Enter in the search field opens the best match; Down moves into the list.
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        if (m_results->count() > 0) {
            m_results->setCurrentRow(0);
            m_results->setFocus();
        }
    });
}

RunbookSearchPage::~RunbookSearchPage() = default;

void RunbookSearchPage::setWorkspace(const Workspace &workspace,
                                     std::unique_ptr<RunbookSearch> search)
{
    m_workspace = workspace;
    m_search = std::move(search);
    runSearch();
}

void RunbookSearchPage::setQuery(const QString &text)
{
    m_query->setText(text);
}

void RunbookSearchPage::runSearch()
{
    m_results->clear();
    const QString text = m_query->text();
    QList<RunbookHit> hits;
    if (RunbookSearch::words(text).isEmpty()) {
        for (const Runbook &r : std::as_const(m_workspace.runbooks))
            hits.append({r.pipeline, r.title, QString()});
    } else if (m_search) {
        hits = m_search->search(text);
    }
    for (const RunbookHit &hit : std::as_const(hits)) {
        auto *item = new QListWidgetItem(m_results);
        item->setData(Qt::UserRole, hit.pipelineId);
        auto *label = new QLabel(
            QStringLiteral("<b>%1</b>%2")
                .arg(hit.title.toHtmlEscaped(),
                     hit.snippetHtml.isEmpty()
                         ? QString()
                         : QStringLiteral("<br><small>%1</small>").arg(hit.snippetHtml)));
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setContentsMargins(4, 3, 4, 3);
        item->setSizeHint(label->sizeHint() + QSize(0, 4));
        m_results->setItemWidget(item, label);
        item->setText(hit.title); // for accessibility and keyboard search
        item->setForeground(Qt::transparent);
    }
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
    for (const QString &word : RunbookSearch::words(m_query->text())) {
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
    for (int i = 0; i < m_results->count(); ++i)
        ids << m_results->item(i)->data(Qt::UserRole).toString();
    return ids;
}

QString RunbookSearchPage::shownText() const
{
    return m_text->toPlainText();
}

} // namespace wk
