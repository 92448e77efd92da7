#include "alertdetailsdialog.h"

#include "alerttablemodel.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimeZone>
#include <QVBoxLayout>

namespace wk {

namespace {

QString localTime(TimestampNs t)
{
    return QDateTime::fromMSecsSinceEpoch(t / 1'000'000, QTimeZone::systemTimeZone())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

AlertDetailsDialog::AlertDetailsDialog(const Workspace &workspace, QWidget *parent)
    : QDialog(parent), m_workspace(workspace)
{
    setWindowTitle(tr("Alert details"));
    resize(760, 620);
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
    m_tabs->addTab(m_runbook, tr("Run&book"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_ack = buttons->addButton(tr("&Acknowledge"), QDialogButtonBox::ActionRole);
    m_resolve = buttons->addButton(tr("&Resolve"), QDialogButtonBox::ActionRole);
    m_snooze = buttons->addButton(tr("&Snooze 1 h"), QDialogButtonBox::ActionRole);
    m_escalate = buttons->addButton(tr("&Escalate"), QDialogButtonBox::ActionRole);
    // Plain letters, as in the list, besides the Alt+letter mnemonics.
    m_ack->setShortcut(QKeySequence(Qt::Key_A));
    m_resolve->setShortcut(QKeySequence(Qt::Key_R));
    m_snooze->setShortcut(QKeySequence(Qt::Key_S));
    m_escalate->setShortcut(QKeySequence(Qt::Key_E));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ack, &QPushButton::clicked, this, [this] { emit acknowledgeRequested(m_alert.id); });
    connect(m_resolve, &QPushButton::clicked, this, [this] { emit resolveRequested(m_alert.id); });
    connect(m_snooze, &QPushButton::clicked, this, [this] { emit snoozeRequested(m_alert.id); });
    connect(m_escalate, &QPushButton::clicked, this,
            [this] { emit escalateRequested(m_alert.id); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
}

void AlertDetailsDialog::setAlert(const Alert &a, TimestampNs now)
{
    m_alert = a;
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
                                      : AlertTableModel::countdown(a.ackBy - now));
    html += QStringLiteral("<tr><td>%1</td><td>%2 — %3</td></tr>")
                .arg(tr("Resolve by"), localTime(a.resolveBy),
                     a.resolvedAt ? tr("resolved %1").arg(localTime(*a.resolvedAt))
                                  : AlertTableModel::countdown(a.resolveBy - now));
    if (a.snoozedUntil)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(tr("Snoozed until"), localTime(*a.snoozedUntil));
    html += QStringLiteral("</table>");
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

    if (const Runbook *book = m_workspace.runbook(a.pipelineId))
        m_runbook->setMarkdown(QStringLiteral("# %1\n\n%2").arg(book->title, book->markdown));
    else
        m_runbook->setPlainText(tr("This pipeline has no runbook yet."));

    m_ack->setEnabled(a.state == AlertState::Triggered || a.state == AlertState::Snoozed);
    m_resolve->setEnabled(a.isOpen());
    m_snooze->setEnabled(a.isOpen());
    m_escalate->setEnabled(a.isOpen() && !a.escalated);
}

QString AlertDetailsDialog::linked(const QString &escaped)
{
    // Senders point at their own pages (PagerDuty's client_url and links, Alertmanager's
    // generatorURL): those open in the browser from here.
    static const QRegularExpression url(QStringLiteral("(https?://[^\\s<>\"']+)"));
    QString out = escaped;
    out.replace(url, QStringLiteral("<a href=\"\\1\">\\1</a>"));
    return out;
}

QStringList AlertDetailsDialog::evidenceLinks() const
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

QString AlertDetailsDialog::detailsHtml() const
{
    return m_details->toPlainText();
}

QString AlertDetailsDialog::runbookText() const
{
    return m_runbook->toPlainText();
}

} // namespace wk
