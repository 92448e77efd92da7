#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace wk {

// What the on-call engineer wants to see of the alert list: by severity, state, pipeline,
// assignee, free text and when they were raised. By default only open alerts.
class AlertFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StateFilter { Open, Closed, All };
    // The summary strip's two figures that are not severities.
    enum class Attention { Any, Unacknowledged, Overdue };

    explicit AlertFilterProxyModel(QObject *parent = nullptr);

    void setSeverities(const QSet<int> &severities); // empty: all
    void setStateFilter(StateFilter filter);
    // Overdue is judged against the source model's now(); refilter() again as it moves.
    void setAttention(Attention attention);
    void setPipeline(const QString &pipelineId); // empty: all
    void setAssignee(const QString &personId);   // empty: all
    void setText(const QString &text);
    // Only alerts raised in [from, to); from == to: any time.
    void setRaisedBetween(qint64 fromNs, qint64 toNs);

    StateFilter stateFilter() const { return m_state; }
    Attention attention() const { return m_attention; }
    // Filters every row again, e.g. when the clock overdue is judged by moved.
    void refilter();
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QSet<int> m_severities;
    StateFilter m_state = StateFilter::Open;
    Attention m_attention = Attention::Any;
    QString m_pipeline;
    QString m_assignee;
    QString m_text;
    QStringList m_words;
    qint64 m_raisedFrom = 0;
    qint64 m_raisedTo = 0;
};

} // namespace wk
