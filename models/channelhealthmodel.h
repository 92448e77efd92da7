#pragma once

#include "domain/channelhealth.h"
#include "domain/workspace.h"

#include <QAbstractTableModel>
#include <QList>

namespace wk {

// How each person's contact methods are doing, one row per method, as the engine last
// reported it: the Channels pane beside Sources.
class ChannelHealthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Person, Method, Status, Sent, Failed, LastSent, Target, Answer, ColumnCount };

    explicit ChannelHealthModel(QObject *parent = nullptr);

    // For the people's names.
    void setWorkspace(const Workspace &workspace);
    void setHealth(const QList<ChannelHealth> &health, TimestampNs now);
    int failingCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString statusText(const ChannelHealth &h) const;

    Workspace m_workspace;
    QList<ChannelHealth> m_health;
    TimestampNs m_now = 0;
};

} // namespace wk
