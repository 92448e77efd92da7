#include "sources/csvreader.h"
#include "text/csvvalues.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <thread>

using namespace wk;

namespace {
QString write(const QTemporaryDir &dir, const QByteArray &content)
{
    QString path = dir.filePath(QStringLiteral("f.csv"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(content);
    return path;
}

QList<QStringList> readAll(const QString &path, QList<qint64> *lines = nullptr,
                           QString *error = nullptr, size_t window = 0,
                           QList<qint64> *offsets = nullptr)
{
    CsvReader r(path);
    QList<QStringList> out;
    if (window > 0)
        r.mapInWindows(window);
    if (!r.open())
        return out;
    while (r.next()) {
        QStringList record;
        for (qsizetype i = 0; i < r.fieldCount(); ++i)
            record << QString::fromUtf8(r.field(i).data(), qsizetype(r.field(i).size()));
        out << record;
        if (lines)
            *lines << r.line();
        if (offsets)
            *offsets << r.offset();
    }
    if (error)
        *error = r.error();
    return out;
}
} // namespace

class tst_CsvReader : public QObject
{
    Q_OBJECT
private slots:
    void records_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QList<QStringList>>("expected");
        QTest::newRow("plain") << QByteArray("a,b\n1,2\n")
                               << QList<QStringList>{{"a", "b"}, {"1", "2"}};
        QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n")
                              << QList<QStringList>{{"a", "b"}, {"1", "2"}};
        QTest::newRow("no final newline")
            << QByteArray("a,b\n1,2") << QList<QStringList>{{"a", "b"}, {"1", "2"}};
        QTest::newRow("empty fields") << QByteArray("a,,\n") << QList<QStringList>{{"a", "", ""}};
        QTest::newRow("blank lines skipped")
            << QByteArray("a\n\n\r\nb\n") << QList<QStringList>{{"a"}, {"b"}};
        QTest::newRow("quoted comma")
            << QByteArray("\"x,y\",z\n") << QList<QStringList>{{"x,y", "z"}};
        QTest::newRow("escaped quote")
            << QByteArray("\"say \"\"hi\"\"\",z\n") << QList<QStringList>{{"say \"hi\"", "z"}};
        QTest::newRow("quoted newline") << QByteArray("\"two\nlines\",z\r\nnext,row\n")
                                        << QList<QStringList>{{"two\nlines", "z"}, {"next", "row"}};
        QTest::newRow("quoted crlf at end")
            << QByteArray("a,\"b\"\r\n") << QList<QStringList>{{"a", "b"}};
        QTest::newRow("empty quoted") << QByteArray("\"\",x\n") << QList<QStringList>{{"", "x"}};
    }

    void records()
    {
        QFETCH(QByteArray, content);
        QFETCH(QList<QStringList>, expected);
        QTemporaryDir dir;
        QString error;
        QCOMPARE(readAll(write(dir, content), nullptr, &error), expected);
        QVERIFY(error.isEmpty());
    }

    void physicalLineNumbers()
    {
        QTemporaryDir dir;
        QList<qint64> lines;
        readAll(write(dir, "h\n\"a\nb\nc\"\n\nd\n"), &lines);
        QCOMPARE(lines, (QList<qint64>{1, 2, 6}));
    }

    void unclosedQuote()
    {
        QTemporaryDir dir;
        QString error;
        readAll(write(dir, "a,b\n1,\"never closed\n2,3\n"), nullptr, &error);
        QVERIFY2(error.contains(QStringLiteral(":2: a quoted field is never closed")),
                 qPrintable(error));
    }

    void recordsLongerThanTheBuffer()
    {
        // A record of several megabytes forces the buffer to grow and the record to be
        // re-parsed after each refill.
        QTemporaryDir dir;
        const QByteArray big(3 << 20, 'x');
        const QByteArray quoted = "\"" + QByteArray(3 << 20, 'y').replace(1000, 1, "\n") + "\"";
        const auto records = readAll(write(dir, "a," + big + "\n" + quoted + ",b\nend\n"));
        QCOMPARE(records.size(), 3);
        QCOMPARE(records[0][1].size(), big.size());
        QCOMPARE(records[1][0].size(), quoted.size() - 2);
        QCOMPARE(records[2], QStringList{QStringLiteral("end")});
    }

    void smallWindowsReadTheSameRecords()
    {
        // Mapped a page at a time, records cross window edges everywhere: short ones, quoted
        // ones with "" and line breaks, and one longer than several windows, which makes the
        // window grow. What is read, the line numbers and the offsets are those of reading
        // the file in blocks, and of mapping it in the usual large windows.
        QTemporaryDir dir;
        QByteArray content = "id,note,value\n";
        for (int i = 0; i < 3000; ++i) {
            content += QByteArray::number(i) + ',';
            if (i % 7 == 0)
                content += "\"said \"\"hi\"\"\nover " + QByteArray(i % 50, 'q') + " lines\"";
            else
                content += QByteArray(i % 90, 'n');
            content += ',' + QByteArray::number(i * 3) + (i % 5 == 0 ? "\r\n" : "\n");
            if (i == 1500)
                content += "big," + QByteArray(20000, 'b') + ",end\n";
        }
        const QString path = write(dir, content);
        QList<qint64> lines, smallLines, offsets, smallOffsets;
        QString error, smallError;
        const auto whole = readAll(path, &lines, &error, 0, &offsets);
        const auto paged = readAll(path, &smallLines, &smallError, 4096, &smallOffsets);
        QCOMPARE(readAll(path, nullptr, nullptr, CsvReader::defaultWindow), whole);
        QCOMPARE(whole.size(), 3002);
        QCOMPARE(whole[8][1], QStringLiteral("said \"hi\"\nover qqqqqqq lines"));
        QCOMPARE(whole[1502][1].size(), 20000);
        QCOMPARE(paged, whole);
        QCOMPARE(smallLines, lines);
        QCOMPARE(smallOffsets, offsets);
        QCOMPARE(offsets.last(), qint64(content.size()));
        QVERIFY(error.isEmpty() && smallError.isEmpty());

        // A byte range that starts inside a page, read a page at a time.
        const qint64 from = offsets[2000], to = offsets[2400];
        CsvReader r(path);
        r.mapInWindows(4096);
        QVERIFY(r.open(from, to, lines[2001]));
        QList<QStringList> ranged;
        while (r.next())
            ranged << QStringList{
                QString::fromUtf8(r.field(0).data(), qsizetype(r.field(0).size()))};
        QCOMPARE(ranged.size(), 400);
        QCOMPARE(ranged.first().first(), whole[2001].first());
        QCOMPARE(r.offset(), to);
    }

    void pipesAreReadInBlocks()
    {
        // What cannot be mapped (a pipe) is read as a stream, even when mapping is asked for.
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("events.fifo"));
        QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QByteArray content = "a,b\n";
        for (int i = 0; i < 200000; ++i)
            content += QByteArray::number(i) + ",\"x\ny\"\n";
        std::thread writer([&] {
            QFile f(fifo);
            if (f.open(QIODevice::WriteOnly))
                f.write(content);
        });
        QString error;
        const auto records = readAll(fifo, nullptr, &error, 4096);
        writer.join();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(records.size(), 200001);
        QCOMPARE(records.last(), (QStringList{QStringLiteral("199999"), QStringLiteral("x\ny")}));
    }

    void byteRange()
    {
        QTemporaryDir dir;
        const QString path = write(dir, "h\n1\n2\n3\n");
        CsvReader r(path);
        QVERIFY(r.open(4, 6, 3)); // "2\n"
        QVERIFY(r.next());
        QCOMPARE(r.field(0), std::string_view("2"));
        QCOMPARE(r.line(), 3);
        QCOMPARE(r.offset(), 6);
        QVERIFY(!r.next());
    }

    void writtenValuesReadBack()
    {
        // What the project writes as CSV (check burst, check --workspace) reads back unchanged.
        const QStringList values = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rlf", ""};
        QStringList quoted;
        for (const QString &v : values)
            quoted << csv::quoted(v);
        QCOMPARE(csv::quoted(QStringLiteral("plain")), QStringLiteral("plain"));
        QTemporaryDir dir;
        QCOMPARE(readAll(write(dir, quoted.join(QLatin1Char(',')).toUtf8() + "\n")),
                 QList<QStringList>{values});
    }

    void headerMapping()
    {
        QTemporaryDir dir;
        CsvReader r(write(dir, "\xEF\xBB\xBFuser_id, name ,x\n"));
        QVERIFY(r.open());
        std::vector<int> idx;
        QVERIFY(r.mapHeader({"name", "user_id"}, idx));
        QCOMPARE(idx, (std::vector<int>{1, 0}));

        CsvReader missing(write(dir, "a,b\n"));
        QVERIFY(missing.open());
        QVERIFY(!missing.mapHeader({"a", "revenue"}, idx));
        QVERIFY2(missing.error().endsWith(QStringLiteral(":1: the header has no column 'revenue'")),
                 qPrintable(missing.error()));
    }
};

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"
