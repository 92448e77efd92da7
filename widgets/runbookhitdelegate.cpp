#include "runbookhitdelegate.h"

#include "runbookhitmodel.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

namespace wk {

namespace {

constexpr int margin = 4;

// The width a row has: the view's, as a list view may ask for a size hint before it placed
// the row.
int rowWidth(const QStyleOptionViewItem &option)
{
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return view->viewport()->width();
    return option.rect.width();
}

// The row as rich text, laid out for the width it has.
void layOut(QTextDocument &doc, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QString snippet = index.data(RunbookHitModel::SnippetHtmlRole).toString();
    doc.setDefaultFont(option.font);
    doc.setDocumentMargin(0);
    doc.setHtml(QStringLiteral("<b>%1</b>%2")
                    .arg(index.data(Qt::DisplayRole).toString().toHtmlEscaped(),
                         snippet.isEmpty() ? QString()
                                           : QStringLiteral("<br><small>%1</small>").arg(snippet)));
    doc.setTextWidth(std::max(40, rowWidth(option) - 2 * margin));
}

} // namespace

void RunbookHitDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // the style draws the background, focus and selection; the text is ours
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    QTextDocument doc;
    layOut(doc, option, index);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    context.palette.setColor(
        QPalette::Text,
        option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->save();
    painter->translate(option.rect.topLeft() + QPoint(margin, margin - 1));
    painter->setClipRect(QRect(QPoint(0, 0), option.rect.size()));
    doc.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize RunbookHitDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QTextDocument doc;
    layOut(doc, option, index);
    return {rowWidth(option), static_cast<int>(doc.size().height()) + 2 * margin};
}

} // namespace wk
