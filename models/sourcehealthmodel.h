#pragma once

#include "domain/sourcehealth.h"
#include "domain/timestamp.h"

#include "healthtablemodel.h"

namespace wk {

// How each live source is doing, one row per source, as the engine last reported it.
class SourceHealthModel : public HealthTableModel<SourceHealth>
{
    Q_OBJECT
public:
    enum Column { Source, Kind, Status, LastSuccess, Lag, Delivered, Where, Details, ColumnCount };

    explicit SourceHealthModel(QObject *parent = nullptr);

    void setHealth(const QList<SourceHealth> &health, TimestampNs now);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString age(TimestampNs at) const;

    TimestampNs m_now = 0;
};

} // namespace wk
