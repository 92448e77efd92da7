#include "sources/csvreader.h"
#include "text/csvvalues.h"

#include <QTemporaryDir>
#include <QtTest>

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
                           QString *error = nullptr)
{
    CsvReader r(path);
    QList<QStringList> out;
    if (!r.open())
        return out;
    while (r.next()) {
        QStringList record;
        for (qsizetype i = 0; i < r.fieldCount(); ++i)
            record << QString::fromUtf8(r.field(i).data(), qsizetype(r.field(i).size()));
        out << record;
        if (lines)
            *lines << r.line();
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
