#pragma once

#include "domain/channelhealth.h"
#include "domain/workspace.h"

#include "healthtablemodel.h"

namespace wk {

// How each person's contact methods are doing, one row per method, as the engine last
// reported it: the Channels pane beside Sources.
class ChannelHealthModel : public HealthTableModel<ChannelHealth>
{
    Q_OBJECT
public:
    enum Column { Person, Method, Status, Sent, Failed, LastSent, Target, Answer, ColumnCount };

    explicit ChannelHealthModel(QObject *parent = nullptr);

    // For the people's names.
    void setWorkspace(const Workspace &workspace);
    void setHealth(const QList<ChannelHealth> &health, TimestampNs now);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString statusText(const ChannelHealth &h) const;

    Workspace m_workspace;
    TimestampNs m_now = 0;
};

} // namespace wk
