#pragma once

#include "domain/rule.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace wk {

// A rule's changed parameters written into the workspace file's own text: only the values
// that changed are replaced (or their keys added), so comments, order and layout stay as
// the team wrote them. The result is read back and must give exactly the changed rule;
// otherwise nothing is written and the error says to edit the file by hand.
class RuleEdit
{
public:
    static std::optional<QByteArray> apply(const QByteArray &yaml, const QString &fileName,
                                           const Rule &before, const Rule &after, QString *error);
    // The lines that differ, with two lines of context, as a unified diff of the file.
    static QString diff(const QByteArray &before, const QByteArray &after, const QString &fileName);
};

} // namespace wk
