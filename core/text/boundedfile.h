#pragma once

#include <QString>

namespace wk {

// Files named by people (a workspace, its calendars) are read whole. One that is not a
// regular file (/dev/zero, a pipe) would be read forever, and a huge one is no such file:
// both are refused before a byte is read.
class BoundedFile
{
public:
    // Why the file at path must not be read as a `kind`, or empty when it may be. A path
    // that does not exist is left to the reader, which says so in its own words.
    static QString problem(const QString &path, qint64 maxBytes, const QString &kind);
};

} // namespace wk
