#include "alertdetailsview.h"
#include "severitystyle.h"

#include "domain/duration.h"
#include "score/actionablemodel.h"

#include "alerttablemodel.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wk {

namespace {

QString localTime(TimestampNs t)
{
    return QDateTime::fromMSecsSinceEpoch(t / 1'000'000, QTimeZone::systemTimeZone())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// The time alone when it is today: the Pages tab has room for the answers then.
QString shortTime(TimestampNs t)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(t / 1'000'000, QTimeZone::systemTimeZone());
    return at.date() == QDate::currentDate() ? at.toString(QStringLiteral("HH:mm:ss"))
                                             : localTime(t);
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

AlertDetailsView::AlertDetailsView(const Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace)
{
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::RichText);
    m_details = new QTextBrowser;
    m_details->setObjectName(QStringLiteral("alertDetails"));
    m_details->setOpenExternalLinks(true);
    m_runbook = new QTextBrowser;
    m_runbook->setObjectName(QStringLiteral("alertRunbook"));
    m_runbook->setOpenExternalLinks(true);
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_details, tr("&Details"));
    m_pages = new QTreeWidget;
    m_pages->setObjectName(QStringLiteral("alertPages"));
    m_pages->setRootIsDecorated(false);
    m_pages->setAlternatingRowColors(true);
    m_pages->setHeaderLabels(
        {tr("Planned"), tr("Step"), tr("To"), tr("Method"), tr("Status"), tr("Answer")});
    m_pages->header()->setStretchLastSection(true);
    m_tabs->addTab(m_pages, tr("&Pages"));
    m_tabs->addTab(m_runbook, tr("Run&book"));

    m_buttons = new QDialogButtonBox;
    m_ack = m_buttons->addButton(tr("Acknowledge"), QDialogButtonBox::ActionRole);
    m_resolve = m_buttons->addButton(tr("Resolve"), QDialogButtonBox::ActionRole);
    m_snooze = m_buttons->addButton(tr("Snooze 1 h"), QDialogButtonBox::ActionRole);
    m_escalate = m_buttons->addButton(tr("Escalate"), QDialogButtonBox::ActionRole);
    m_outcome = m_buttons->addButton(tr("Noise…"), QDialogButtonBox::ActionRole);
    m_outcome->setObjectName(QStringLiteral("outcomeButton"));
    m_outcome->setToolTip(tr("Say how this alert ended: noise and why, actionable, won't fix "
                             "or resolved by itself. What is said trains the actionable "
                             "score."));
    connect(m_outcome, &QPushButton::clicked, this, [this] { emit outcomeRequested(m_alert.id); });
    m_tune = m_buttons->addButton(tr("Tune Rule…"), QDialogButtonBox::ActionRole);
    m_tune->setObjectName(QStringLiteral("tuneButton"));
    m_tune->setToolTip(tr("Change this alert's rule with a backtest: what each change would "
                          "have done over the rule's recent history"));
    connect(m_tune, &QPushButton::clicked, this, [this] { emit tuneRequested(m_alert.ruleId); });
    connect(m_ack, &QPushButton::clicked, this, [this] { emit acknowledgeRequested(m_alert.id); });
    connect(m_resolve, &QPushButton::clicked, this, [this] { emit resolveRequested(m_alert.id); });
    connect(m_snooze, &QPushButton::clicked, this, [this] { emit snoozeRequested(m_alert.id); });
    connect(m_escalate, &QPushButton::clicked, this,
            [this] { emit escalateRequested(m_alert.id); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_buttons);
    clear();
}

void AlertDetailsView::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    m_runbook->clear(); // its text may have changed: the next alert shown reads it again
}

void AlertDetailsView::setLetterShortcuts(bool on)
{
    // Plain letters, as in the list, besides the Alt+letter mnemonics.
    const std::pair<QPushButton *, QString> buttons[] = {
        {m_ack, tr("&Acknowledge")},   {m_resolve, tr("&Resolve")}, {m_snooze, tr("&Snooze 1 h")},
        {m_escalate, tr("&Escalate")}, {m_outcome, tr("&Noise…")},  {m_tune, tr("&Tune Rule…")}};
    for (const auto &[button, text] : buttons) {
        button->setText(on ? text : QString(text).remove(QLatin1Char('&')));
        button->setShortcut(on ? QKeySequence(QString(text.at(text.indexOf(QLatin1Char('&')) + 1)))
                               : QKeySequence());
    }
}

void AlertDetailsView::clear()
{
    m_alert = Alert();
    m_heading->setText(tr("<h3>No alert chosen</h3><p>Select an alert in the list to see its "
                          "evidence, clocks, owners, timeline and runbook here.</p>"));
    m_details->clear();
    m_runbook->clear();
    m_pages->clear();
    for (QPushButton *b : {m_ack, m_resolve, m_snooze, m_escalate, m_outcome, m_tune})
        b->setEnabled(false);
}

void AlertDetailsView::setAlert(const Alert &a, TimestampNs now, const AlertScore *score,
                                const QString &whyNoScore)
{
    const bool changed = a.id != m_alert.id || a.timeline.size() != m_alert.timeline.size();
    // The same alert again (its clocks moved, a new timeline entry): the reader keeps their
    // place in the text; another alert starts at the top.
    const bool same = a.id == m_alert.id;
    const bool samePipeline = same && a.pipelineId == m_alert.pipelineId;
    const int detailsAt = m_details->verticalScrollBar()->value();
    if (!same)
        m_pages->clear();
    m_alert = a;
    if (changed)
        emit deliveriesRequested(a.id); // every attempt to page is a timeline entry too
    m_heading->setText(
        QStringLiteral("<h3>#%1 · %2</h3><p>%3 · %4</p>")
            .arg(a.id)
            .arg(esc(a.title), severityName(a.severity).toUpper(),
                 esc(alertStateName(a.state).replace(QLatin1Char('_'), QLatin1Char(' ')))));
    const Pipeline *p = m_workspace.pipeline(a.pipelineId);
    auto person = [&](const QString &id) {
        const Person *who = m_workspace.person(id);
        return who ? QStringLiteral("%1 &lt;<a href=\"mailto:%2\">%2</a>&gt;")
                         .arg(esc(who->name), esc(who->email))
                   : esc(id);
    };
    QString html;
    html += QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(tr("SLA clock"));
    html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                .arg(tr("Triggered"), localTime(a.triggeredAt));
    html += QStringLiteral("<tr><td>%1</td><td>%2 — %3</td></tr>")
                .arg(tr("Acknowledge by"), localTime(a.ackBy),
                     a.acknowledgedAt ? tr("acknowledged %1").arg(localTime(*a.acknowledgedAt))
                                      : formatCountdown(a.ackBy - now));
    html += QStringLiteral("<tr><td>%1</td><td>%2 — %3</td></tr>")
                .arg(tr("Resolve by"), localTime(a.resolveBy),
                     a.resolvedAt ? tr("resolved %1").arg(localTime(*a.resolvedAt))
                                  : formatCountdown(a.resolveBy - now));
    if (a.snoozedUntil)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(tr("Snoozed until"), localTime(*a.snoozedUntil));
    if (!a.isOpen() || a.outcome.isMarked()) {
        const AlertOutcome o = outcomeOf(a, m_workspace);
        QString said;
        if (o.isMarked())
            said = tr("%1 — marked by %2 %3")
                       .arg(esc(o.describe()), esc(m_workspace.personName(o.by)), localTime(o.at));
        else if (o.kind == AlertOutcome::Kind::Unknown)
            said = tr("none yet — %1").arg(esc(o.why));
        else
            said = tr("%1 — %2").arg(esc(o.describe()), esc(o.why));
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(tr("Outcome"), said);
    }
    html += QStringLiteral("</table>");
    if (score && score->has()) {
        html += QStringLiteral("<h4>%1</h4><p>%2</p><ul>")
                    .arg(tr("Actionable score: %1 of 100").arg(qRound(score->score)),
                         tr("The chance this alert needs someone to act, learned from how the "
                            "team's ended alerts turned out. What weighed most:"));
        for (const AlertScore::Part &part : score->parts) {
            if (part.column < 0)
                continue;
            html += QStringLiteral("<li>%1 %2</li>")
                        .arg(part.contribution > 0 ? QStringLiteral("▲") : QStringLiteral("▼"),
                             esc(ActionableModel::words(m_workspace, a, part.column, part.value)));
        }
        html += QStringLiteral("</ul>");
    } else if (!whyNoScore.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(tr("Actionable score"), esc(whyNoScore));
    }
    html += QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(tr("Owners"));
    html += QStringLiteral("<tr><td>%1</td><td>%2%3</td></tr>")
                .arg(tr("Assigned to"), person(a.assignee),
                     a.escalated ? tr(" (escalated)") : QString());
    if (p) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(tr("Pipeline"), esc(p->name));
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(tr("Primary"), person(p->primaryOwner));
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(tr("Secondary"), person(p->secondaryOwner));
    }
    if (!a.customerId.isEmpty())
        html += QStringLiteral("<tr><td>%1</td><td>%2 ($%3 a month)</td></tr>")
                    .arg(tr("Customer"), esc(a.customerId))
                    .arg(a.revenue);
    html += QStringLiteral("</table>");
    html += QStringLiteral("<h4>%1</h4><p>%2 · %3 %4</p><pre>%5</pre>")
                .arg(tr("Evidence"), esc(a.ruleId), esc(a.subject),
                     tr("(%n event(s))", nullptr, a.eventCount), linked(esc(a.evidence)));
    if (!a.inhibitedBy.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Inhibited:"), esc(a.inhibitedBy));
    if (!a.silencedBy.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Silenced by"), esc(a.silencedBy));
    html += QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(tr("Timeline"));
    for (const TimelineEntry &e : a.timeline)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td><b>%3</b></td><td>%4</td></tr>")
                    .arg(localTime(e.at), esc(e.actor), esc(e.action), esc(e.detail));
    html += QStringLiteral("</table>");
    m_details->setHtml(html);
    if (same)
        m_details->verticalScrollBar()->setValue(detailsAt);

    // The runbook of the same pipeline stays where it was scrolled to.
    if (!samePipeline || m_runbook->document()->isEmpty()) {
        if (const Runbook *book = m_workspace.runbook(a.pipelineId))
            m_runbook->setMarkdown(QStringLiteral("# %1\n\n%2").arg(book->title, book->markdown));
        else
            m_runbook->setPlainText(tr("This pipeline has no runbook yet."));
    }

    m_ack->setEnabled(a.state == AlertState::Triggered || a.state == AlertState::Snoozed);
    m_resolve->setEnabled(a.isOpen());
    m_snooze->setEnabled(a.isOpen());
    m_escalate->setEnabled(a.isOpen() && !a.escalated);
    m_outcome->setEnabled(true);
    // Only a rule of the workspace that reads events has a history to tune against.
    m_tune->setEnabled(
        std::any_of(m_workspace.rules.cbegin(), m_workspace.rules.cend(),
                    [&](const Rule &r) { return r.id == a.ruleId && r.kind != Rule::Kind::Sql; }));
}

void AlertDetailsView::setDeliveries(qint64 alertId, const QList<Delivery> &deliveries,
                                     const QString &error)
{
    if (alertId != m_alert.id)
        return; // an answer about an alert shown earlier
    m_pages->clear();
    const int tab = m_tabs->indexOf(m_pages);
    if (!error.isEmpty()) {
        m_tabs->setTabText(tab, tr("&Pages"));
        auto *row = new QTreeWidgetItem(m_pages);
        row->setText(0, tr("The pages cannot be read: %1").arg(error));
        row->setFirstColumnSpanned(true);
        return;
    }
    m_tabs->setTabText(tab, deliveries.isEmpty() ? tr("&Pages")
                                                 : tr("&Pages (%1)").arg(deliveries.size()));
    if (deliveries.isEmpty()) {
        auto *row = new QTreeWidgetItem(m_pages);
        row->setText(0, tr("Nobody was paged about this alert: its owners have no contact "
                           "method this console sends by, or it was never assigned."));
        row->setFirstColumnSpanned(true);
        return;
    }
    for (const Delivery &d : deliveries) {
        auto *row = new QTreeWidgetItem(m_pages);
        const Person *who = m_workspace.person(d.person);
        QString status;
        switch (d.status) {
        case Delivery::Status::Sent:
            status = tr("sent %1").arg(shortTime(d.sentAt.value_or(d.createdAt)));
            break;
        case Delivery::Status::Failed:
            status = tr("failed after %n attempt(s)", nullptr, d.attempts);
            break;
        case Delivery::Status::Cancelled:
            status = tr("cancelled");
            break;
        case Delivery::Status::Pending:
            status = d.attempts == 0 ? tr("due %1").arg(shortTime(d.nextAttemptAt))
                                     : tr("retry %1 (%n attempt(s) so far)", nullptr, d.attempts)
                                           .arg(shortTime(d.nextAttemptAt));
            break;
        }
        row->setText(0, shortTime(d.createdAt));
        row->setText(1, d.step);
        row->setText(2, who ? who->name : d.person);
        row->setText(3,
                     d.target.isEmpty() ? d.kind : QStringLiteral("%1 · %2").arg(d.kind, d.target));
        row->setText(4, status);
        row->setText(5, d.result);
        for (int c = 0; c < m_pages->columnCount(); ++c)
            row->setToolTip(c, row->text(c));
        if (d.status == Delivery::Status::Failed)
            row->setForeground(4, SeverityStyle::colour(Severity::Critical));
    }
    // Long addresses give way to the answer, which says how each page went; the tooltip
    // has all of them.
    for (int c = 0; c < m_pages->columnCount() - 1; ++c) {
        m_pages->resizeColumnToContents(c);
        m_pages->setColumnWidth(c, qMin(m_pages->columnWidth(c), 200));
    }
}

QStringList AlertDetailsView::deliveryRows() const
{
    QStringList rows;
    for (int i = 0; i < m_pages->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_pages->topLevelItem(i);
        QStringList cells;
        for (int c = 0; c < m_pages->columnCount(); ++c)
            cells << item->text(c);
        rows << cells.join(QLatin1Char('\t')).trimmed();
    }
    return rows;
}

QString AlertDetailsView::linked(const QString &escaped)
{
    // Senders point at their own pages (PagerDuty's client_url and links, Alertmanager's
    // generatorURL): those open in the browser from here.
    static const QRegularExpression url(QStringLiteral("(https?://[^\\s<>\"']+)"));
    QString out = escaped;
    out.replace(url, QStringLiteral("<a href=\"\\1\">\\1</a>"));
    return out;
}

QStringList AlertDetailsView::evidenceLinks() const
{
    QStringList out;
    const QTextDocument *doc = m_details->document();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isAnchor())
                out << f.anchorHref();
        }
    }
    return out;
}

QString AlertDetailsView::detailsHtml() const
{
    return m_details->toPlainText();
}

QString AlertDetailsView::runbookText() const
{
    return m_runbook->toPlainText();
}

} // namespace wk
