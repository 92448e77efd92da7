#include "alertsummarystrip.h"
#include "severitystyle.h"

#include "alerttablemodel.h"

#include <QHBoxLayout>
#include <QToolButton>

namespace wk {

AlertSummaryStrip::AlertSummaryStrip(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QString names[] = {QStringLiteral("summaryCritical"), QStringLiteral("summaryHigh"),
                             QStringLiteral("summaryMedium")};
    for (int i = 0; i < 3; ++i) {
        m_severity[i] =
            addFigure(names[i], tr("Show the open %1 alerts").arg(severityName(allSeverities[i])));
        m_severity[i]->setIcon(SeverityStyle::icon(allSeverities[i]));
        layout->addWidget(m_severity[i]);
        connect(m_severity[i], &QToolButton::clicked, this, [this, i](bool on) {
            emit chosen(on ? static_cast<int>(allSeverities[i]) : -1,
                        AlertFilterProxyModel::Attention::Any);
        });
    }
    layout->addSpacing(fontMetrics().horizontalAdvance(QLatin1Char('M')));
    m_unacknowledged = addFigure(QStringLiteral("summaryUnacknowledged"),
                                 tr("Show the open alerts nobody has acknowledged or snoozed"));
    m_overdue = addFigure(QStringLiteral("summaryOverdue"),
                          tr("Show the open alerts past their ack-by or resolve-by deadline"));
    for (QToolButton *b : {m_unacknowledged, m_overdue}) {
        layout->addWidget(b);
        const auto attention = b == m_overdue ? AlertFilterProxyModel::Attention::Overdue
                                              : AlertFilterProxyModel::Attention::Unacknowledged;
        connect(b, &QToolButton::clicked, this, [this, attention](bool on) {
            emit chosen(-1, on ? attention : AlertFilterProxyModel::Attention::Any);
        });
    }
    layout->addStretch(1);
    setSummary({});
}

QToolButton *AlertSummaryStrip::addFigure(const QString &objectName, const QString &tip)
{
    auto *b = new QToolButton;
    b->setObjectName(objectName);
    b->setCheckable(true);
    b->setAutoRaise(true);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setToolTip(tip);
    b->setAccessibleDescription(tip);
    return b;
}

void AlertSummaryStrip::setSummary(const AlertSummary &summary)
{
    m_summary = summary;
    for (int i = 0; i < 3; ++i) {
        const int n = summary.bySeverity(allSeverities[i]);
        m_severity[i]->setText(tr("%1 %2").arg(n).arg(severityName(allSeverities[i])));
        m_severity[i]->setAccessibleName(m_severity[i]->text());
    }
    m_unacknowledged->setText(tr("%n unacknowledged", nullptr, summary.unacknowledged));
    m_overdue->setText(tr("%n overdue", nullptr, summary.overdue));
    // Overdue is the figure that needs someone now: it stands out while it is not zero.
    QFont font = m_overdue->font();
    font.setBold(summary.overdue > 0);
    m_overdue->setFont(font);
    for (QToolButton *b : {m_unacknowledged, m_overdue})
        b->setAccessibleName(b->text());
}

void AlertSummaryStrip::setActive(int severity, AlertFilterProxyModel::Attention attention)
{
    for (int i = 0; i < 3; ++i)
        m_severity[i]->setChecked(severity == static_cast<int>(allSeverities[i]));
    m_unacknowledged->setChecked(attention == AlertFilterProxyModel::Attention::Unacknowledged);
    m_overdue->setChecked(attention == AlertFilterProxyModel::Attention::Overdue);
}

} // namespace wk
