#include "fuzztarget.h"
#include "sources/csvquickscan.h"
#include "sources/csvreader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>
#include <string>
#include <vector>

// `check burst` reads quote-free event files through CsvQuickScan and everything else
// through CsvReader. Whatever the fast lane reads to its end must be exactly what CsvReader
// reads: the same rows, the same first fields. The first byte picks how many fields are
// wanted; the rest is the file, read once from memory and once from the file in blocks.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    wk::fuzz::ensureApplication();
    const int needed = 1 + data[0] % 4;
    const std::string text(reinterpret_cast<const char *>(data + 1), size - 1);
    using Rows = std::vector<std::vector<std::string>>;
    Rows fast;
    const auto collect = [needed](Rows &into) {
        return [&into, needed](const std::string_view *fields) {
            into.emplace_back(fields, fields + needed);
            return true;
        };
    };
    const auto result =
        wk::CsvQuickScan::scan(text.data(), text.data() + text.size(), needed, collect(fast));

    static QTemporaryDir dir;
    static const QString path = QDir(dir.path()).filePath(QStringLiteral("f.csv"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(text.data(), static_cast<qint64>(text.size()));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        std::abort();
    Rows fromFile;
    const auto fileResult = wk::CsvQuickScan::scan(file, 0, -1, needed, collect(fromFile));
    // From a file the rows before a stop may differ (they come a block at a time); to the
    // end they may not.
    if ((result == wk::CsvQuickScan::Result::Done) !=
            (fileResult == wk::CsvQuickScan::Result::Done) ||
        (result == wk::CsvQuickScan::Result::Done && fromFile != fast))
        std::abort();
    if (result != wk::CsvQuickScan::Result::Done)
        return 0;

    wk::CsvReader reader(path);
    if (!reader.open())
        std::abort();
    Rows slow;
    while (reader.next()) {
        if (reader.fieldCount() < needed)
            std::abort(); // the fast lane should have stopped at this row
        std::vector<std::string> row;
        row.reserve(static_cast<size_t>(needed));
        for (int i = 0; i < needed; ++i)
            row.emplace_back(reader.field(i));
        slow.push_back(std::move(row));
    }
    if (!reader.error().isEmpty() || slow != fast)
        std::abort();
    return 0;
}
