#include "boundedfile.h"

#include <QFileInfo>

namespace wk {

QString BoundedFile::problem(const QString &path, qint64 maxBytes, const QString &kind)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {};
    if (!info.isFile())
        return QStringLiteral("not a regular file; a %1 must be a file").arg(kind);
    if (info.size() > maxBytes)
        return QStringLiteral("the file is %1 MB; a %2 of more than %3 MB is not read")
            .arg(info.size() / (1024.0 * 1024.0), 0, 'f', 1)
            .arg(kind)
            .arg(maxBytes / (1024 * 1024));
    return {};
}

} // namespace wk
