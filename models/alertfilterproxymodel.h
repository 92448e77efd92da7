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

    explicit AlertFilterProxyModel(QObject *parent = nullptr);

    void setSeverities(const QSet<int> &severities); // empty: all
    void setStateFilter(StateFilter filter);
    void setPipeline(const QString &pipelineId); // empty: all
    void setAssignee(const QString &personId);   // empty: all
    void setText(const QString &text);
    // Only alerts raised in [from, to); from == to: any time.
    void setRaisedBetween(qint64 fromNs, qint64 toNs);

    StateFilter stateFilter() const { return m_state; }
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    QSet<int> m_severities;
    StateFilter m_state = StateFilter::Open;
    QString m_pipeline;
    QString m_assignee;
    QString m_text;
    QStringList m_words;
    qint64 m_raisedFrom = 0;
    qint64 m_raisedTo = 0;
};

} // namespace wk
