#include "idnumbering.h"

namespace wk {

int IdNumbering::number(const QString &id)
{
    const auto it = m_numbers.constFind(id);
    if (it != m_numbers.cend())
        return *it;
    const int n = static_cast<int>(m_ids.size());
    m_numbers.insert(id, n);
    m_ids.append(id);
    return n;
}

void IdNumbering::clear()
{
    m_numbers.clear();
    m_ids.clear();
}

} // namespace wk
