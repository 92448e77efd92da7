#pragma once

#include <QStyledItemDelegate>

namespace wk {

// Paints a runbook hit as its title in bold over the matching snippet, the matched words
// in bold: one painted row instead of a label widget per hit.
class RunbookHitDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace wk
