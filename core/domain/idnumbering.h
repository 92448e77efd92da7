#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace wk {

// Numbers distinct ids 0, 1, 2… in the order first seen, so that a pass over many alerts
// compares and indexes small numbers instead of hashing and comparing text.
class IdNumbering
{
public:
    int number(const QString &id);
    // The ids by number.
    const QStringList &ids() const { return m_ids; }
    void clear();

private:
    QHash<QString, int> m_numbers;
    QStringList m_ids;
};

} // namespace wk
