#pragma once

#include "domain/timestamp.h"
#include "sources/sourcehealth.h"

#include <QAbstractTableModel>
#include <QList>

namespace wk {

// How each live source is doing, one row per source, as the engine last reported it.
class SourceHealthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Source, Kind, Status, LastSuccess, Lag, Delivered, Where, Details, ColumnCount };

    explicit SourceHealthModel(QObject *parent = nullptr);

    void setHealth(const QList<SourceHealth> &health, TimestampNs now);
    int failingCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString age(TimestampNs at) const;

    QList<SourceHealth> m_health;
    TimestampNs m_now = 0;
};

} // namespace wk
