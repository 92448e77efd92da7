#include "sources/csvquickscan.h"
#include "sources/csvreader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>
#include <string>
#include <vector>

using namespace wk;

namespace {
using Rows = std::vector<std::vector<std::string>>;

// The rows the scanner hands over, each its first `needed` fields.
CsvQuickScan::Result scanText(const std::string &text, int needed, Rows &rows,
                              size_t stopAfter = SIZE_MAX)
{
    return CsvQuickScan::scan(text.data(), text.data() + text.size(), needed,
                              [&](const std::string_view *fields) {
                                  if (rows.size() == stopAfter)
                                      return false;
                                  rows.emplace_back(fields, fields + needed);
                                  return true;
                              });
}

QString write(const QTemporaryDir &dir, const std::string &content)
{
    QString path = dir.filePath(QStringLiteral("f.csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content.data(), qint64(content.size()));
    return path;
}

// What CsvReader, which handles all of RFC 4180, reads: the oracle.
Rows readerRows(const QString &path, int needed)
{
    CsvReader reader(path);
    Rows rows;
    if (!reader.open())
        return rows;
    while (reader.next()) {
        std::vector<std::string> row;
        for (int i = 0; i < needed && i < reader.fieldCount(); ++i)
            row.emplace_back(reader.field(i));
        rows.push_back(row);
    }
    return rows;
}

// Quote-free CSV with fields of 0 to 90 bytes, so that fields and lines cross the
// scanner's 64-byte blocks at every offset; some lines end in CRLF, some are blank.
std::string randomText(unsigned seed, int lines)
{
    std::mt19937 rng(seed);
    std::string text;
    for (int l = 0; l < lines; ++l) {
        if (rng() % 50 == 0) {
            text += "\n";
            continue;
        }
        const int fields = 3 + int(rng() % 4);
        for (int f = 0; f < fields; ++f) {
            if (f > 0)
                text += ',';
            const int length = int(rng() % 91);
            for (int i = 0; i < length; ++i)
                text += char('a' + rng() % 26);
        }
        text += rng() % 3 == 0 ? "\r\n" : "\n";
    }
    return text;
}
} // namespace

class tst_CsvQuickScan : public QObject
{
    Q_OBJECT
private slots:
    void handsOverEachRowsFirstFields()
    {
        Rows rows;
        QCOMPARE(scanText("a,b,c\nd,e,f\n", 2, rows), CsvQuickScan::Result::Done);
        QCOMPARE(rows, (Rows{{"a", "b"}, {"d", "e"}}));
    }

    void lineEndsBlankLinesAndTheLastLine()
    {
        Rows rows;
        // CRLF is not part of the last field; blank lines (also "\r\n") are skipped; a last
        // line without a line feed is read; an empty last field is a field.
        QCOMPARE(scanText("a,b\r\n\n\r\nc,\nx,y", 2, rows), CsvQuickScan::Result::Done);
        QCOMPARE(rows, (Rows{{"a", "b"}, {"c", ""}, {"x", "y"}}));
        rows.clear();
        QCOMPARE(scanText("a,b\nx,", 2, rows), CsvQuickScan::Result::Done);
        QCOMPARE(rows, (Rows{{"a", "b"}, {"x", ""}}));
        rows.clear();
        QCOMPARE(scanText("", 1, rows), CsvQuickScan::Result::Done);
        QVERIFY(rows.empty());
        // Spaces are kept: trimming is the caller's.
        QCOMPARE(scanText(" a , b \n", 2, rows), CsvQuickScan::Result::Done);
        QCOMPARE(rows, (Rows{{" a ", " b "}}));
    }

    void stopsAtWhatItDoesNotHandle_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("needed");
        QTest::newRow("a quote") << QByteArray("a,b\nc,\"d\"\n") << 2;
        QTest::newRow("a quote far down")
            << QByteArray(QByteArray("a,b\n").repeated(100) + "c,d\"\n") << 2;
        QTest::newRow("a short row") << QByteArray("a,b,c\nd,e\n") << 3;
        QTest::newRow("a short last line") << QByteArray("a,b,c\nd") << 3;
        QTest::newRow("a row of spaces") << QByteArray("a,b\n   \n") << 2;
        QTest::newRow("too many fields wanted") << QByteArray("a\n") << 17;
    }

    void stopsAtWhatItDoesNotHandle()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, needed);
        Rows rows;
        QCOMPARE(scanText(text.toStdString(), needed, rows), CsvQuickScan::Result::Stopped);
    }

    void stopsWhenTheCallerSaysSo()
    {
        Rows rows;
        QCOMPARE(scanText("a\nb\nc\n", 1, rows, 2), CsvQuickScan::Result::Stopped);
        QCOMPARE(rows, (Rows{{"a"}, {"b"}}));
    }

    void readsWhatCsvReaderReads()
    {
        for (unsigned seed = 1; seed <= 5; ++seed) {
            const std::string text = randomText(seed, 3000);
            QTemporaryDir dir;
            const QString path = write(dir, text);
            Rows rows;
            QCOMPARE(scanText(text, 3, rows), CsvQuickScan::Result::Done);
            QCOMPARE(rows, readerRows(path, 3));
        }
    }

    void readsAFileRangeInBlocks()
    {
        // More than one block, and one line longer than a block: the buffer grows for it.
        std::string text = randomText(9, 20000);
        text += "long," + std::string(size_t(CsvQuickScan::blockSize) + 1000, 'x') + ",end\n";
        text += randomText(10, 2000);
        QVERIFY(qint64(text.size()) > 3 * CsvQuickScan::blockSize);
        QTemporaryDir dir;
        const QString path = write(dir, text);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        Rows whole;
        QCOMPARE(CsvQuickScan::scan(file, 0, -1, 3,
                                    [&](const std::string_view *f) {
                                        whole.emplace_back(f, f + 3);
                                        return true;
                                    }),
                 CsvQuickScan::Result::Done);
        QCOMPARE(whole, readerRows(path, 3));
        bool sawLong = false;
        for (const auto &row : whole)
            sawLong = sawLong || (row[0] == "long" && row[2] == "end" &&
                                  row[1].size() == size_t(CsvQuickScan::blockSize) + 1000);
        QVERIFY(sawLong);

        // A range from one line start to another reads as that text alone.
        const size_t from = text.find('\n', text.size() / 3) + 1;
        const size_t to = text.find('\n', 2 * text.size() / 3) + 1;
        Rows range;
        QCOMPARE(CsvQuickScan::scan(file, qint64(from), qint64(to), 3,
                                    [&](const std::string_view *f) {
                                        range.emplace_back(f, f + 3);
                                        return true;
                                    }),
                 CsvQuickScan::Result::Done);
        Rows expected;
        QCOMPARE(scanText(text.substr(from, to - from), 3, expected), CsvQuickScan::Result::Done);
        QVERIFY(!range.empty());
        QCOMPARE(range, expected);
    }
};

QTEST_GUILESS_MAIN(tst_CsvQuickScan)
#include "tst_csvquickscan.moc"
