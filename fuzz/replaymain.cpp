#include "fuzztarget.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstdio>

// Runs a fuzz target over stored inputs: each argument is a file or a folder of them
// (searched recursively). A crash or a sanitizer report fails the run like a test; the
// inputs are the regression cases under tests/data/fuzz/ and the seeds.
int main(int argc, char **argv)
{
    wk::fuzz::ensureApplication();
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(arg).isDir()) {
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        } else {
            files.append(arg);
        }
    }
    files.sort();
    if (files.isEmpty()) {
        std::fprintf(stderr, "no inputs given\n");
        return 2;
    }
    for (const QString &path : std::as_const(files)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "%s: cannot read\n", qPrintable(path));
            return 2;
        }
        const QByteArray data = f.readAll();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()),
                               static_cast<size_t>(data.size()));
    }
    std::printf("%lld inputs ran cleanly\n", static_cast<long long>(files.size()));
    return 0;
}
