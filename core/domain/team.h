#pragma once

#include <QString>
#include <QStringList>

namespace wk {

// A group of people; members are person ids in the order the workspace lists them.
struct Team
{
    QString id;
    QString name;
    QStringList members;

    bool operator==(const Team &) const = default;
};

} // namespace wk
