#include "markdownhtml.h"

#include <QRegularExpression>
#include <QTextDocument>

namespace wk {

QString MarkdownHtml::fragment(const QString &markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown);
    const QString html = doc.toHtml();
    // toHtml() writes a whole document; a report already has its own.
    static const QRegularExpression body(QStringLiteral("<body[^>]*>(.*)</body>"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = body.match(html);
    return m.hasMatch() ? m.captured(1).trimmed() : markdown.toHtmlEscaped();
}

} // namespace wk
