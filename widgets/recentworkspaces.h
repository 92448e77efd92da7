#pragma once

#include <QStringList>

namespace wk {

// The workspace files opened lately, newest first, remembered in the user's settings for
// File → Open Recent.
class RecentWorkspaces
{
public:
    static constexpr int maxCount = 8;

    static QStringList list();
    static void remember(const QString &file);
    static void forget(const QString &file);
    static void clear();
};

} // namespace wk
