#pragma once

#include <QString>

namespace wk {

// People write Markdown (handoff notes, runbooks); reports show it as HTML. Qt's own
// Markdown reader does the parsing; this only returns the part that goes inside a body.
class MarkdownHtml
{
public:
    static QString fragment(const QString &markdown);
};

} // namespace wk
