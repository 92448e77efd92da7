#include "handoffpdf.h"
#include "markdownhtml.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace wk {

bool HandoffPdf::write(const HandoffReport &report, const QString &path, QString *error)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        if (error)
            *error = QStringLiteral("PDF output needs a GUI application object");
        return false;
    }
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setTitle(QStringLiteral("Handoff %1").arg(report.weekStart.toString(Qt::ISODate)));
    writer.setCreator(QStringLiteral("Watchkeeper"));
    QTextDocument doc;
    doc.setHtml(report.toHtml(MarkdownHtml::fragment));
    doc.print(&writer);
    // QPdfWriter reports no errors of its own; an empty or missing file is the failure.
    if (QFileInfo(path).size() <= 0) {
        if (error)
            *error = QStringLiteral("%1: the PDF could not be written").arg(path);
        return false;
    }
    return true;
}

} // namespace wk
