#pragma once

#include "domain/runbookhit.h"

#include <QAbstractListModel>
#include <QList>

namespace wk {

// The runbooks a search found, best first: the title for display (and keyboard search),
// the highlighted snippet and the pipeline in roles of their own.
class RunbookHitModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { PipelineRole = Qt::UserRole, SnippetHtmlRole };

    explicit RunbookHitModel(QObject *parent = nullptr);

    void setHits(const QList<RunbookHit> &hits);
    const QList<RunbookHit> &hits() const { return m_hits; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<RunbookHit> m_hits;
};

} // namespace wk
