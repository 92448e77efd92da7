#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace wk {

// One runbook that matches a search, best first.
struct RunbookHit
{
    QString pipelineId;
    QString title;
    QString snippetHtml; // a short excerpt, escaped, with the matched words in <b>

    bool operator==(const RunbookHit &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::RunbookHit)
