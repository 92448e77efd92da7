#include "sources/filetail.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

DataSource csvSource()
{
    DataSource s;
    s.id = QStringLiteral("app");
    s.kind = DataSource::Kind::Csv;
    s.path = QStringLiteral("events.csv");
    s.timeColumn = QStringLiteral("ts");
    s.idColumn = QStringLiteral("id");
    return s;
}

void append(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    QCOMPARE(f.write(text), text.size());
}

QStringList ids(const FileTail::Poll &p)
{
    QStringList out;
    for (const Event &e : p.events)
        out << e.id;
    return out;
}

QByteArray row(int i)
{
    return QStringLiteral("2026-01-01T00:00:%1Z,u%2,time out,e%2\n")
        .arg(i % 60, 2, 10, QLatin1Char('0'))
        .arg(i)
        .toUtf8();
}

} // namespace

class tst_FileTail : public QObject
{
    Q_OBJECT
private slots:
    void followsGrowthOnlyByCompleteLines()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.csv"));
        append(path, "ts,user_id,event_name,id\n" + row(1) + row(2));
        FileTail tail(csvSource(), dir.path());
        FileTail::Poll p = tail.poll();
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(ids(p), (QStringList{QStringLiteral("e1"), QStringLiteral("e2")}));
        QCOMPARE(p.events.first().subject, QStringLiteral("u1"));
        QVERIFY(ids(tail.poll()).isEmpty());

        // Half a line is left for the writer to finish.
        const QByteArray third = row(3);
        append(path, third.left(10));
        QVERIFY(ids(tail.poll()).isEmpty());
        append(path, third.mid(10) + row(4));
        QCOMPARE(ids(tail.poll()), (QStringList{QStringLiteral("e3"), QStringLiteral("e4")}));
        QCOMPARE(tail.checkpoint().line, 5);
    }

    void resumesFromItsCheckpointWithoutRepeatingOrLosing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.csv"));
        append(path, "ts,user_id,event_name,id\n" + row(1) + row(2));
        QByteArray stored;
        {
            FileTail tail(csvSource(), dir.path());
            QCOMPARE(tail.poll().events.size(), 2);
            stored = tail.checkpoint().toJson();
        }
        // Written while the console was closed.
        append(path, row(3) + row(4));
        FileTail again(csvSource(), dir.path());
        again.restore(FileTail::Checkpoint::fromJson(stored));
        QCOMPARE(ids(again.poll()), (QStringList{QStringLiteral("e3"), QStringLiteral("e4")}));
    }

    void readsTheRestOfARotatedFileFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.csv"));
        append(path, "ts,user_id,event_name,id\n" + row(1));
        FileTail tail(csvSource(), dir.path());
        QCOMPARE(tail.poll().events.size(), 1);
        // The writer adds a last line, then logrotate moves the file and a new one starts.
        append(path, row(2));
        QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
        append(path, "ts,user_id,event_name,id\n" + row(3));
        const FileTail::Poll p = tail.poll();
        QCOMPARE(ids(p), (QStringList{QStringLiteral("e2"), QStringLiteral("e3")}));
        QCOMPARE(p.notes.size(), 1);
        QVERIFY2(p.notes.first().contains(QStringLiteral("events.csv.1")),
                 qPrintable(p.notes.first()));
        append(path, row(4));
        QCOMPARE(ids(tail.poll()), QStringList{QStringLiteral("e4")});
    }

    void startsOverAfterTruncation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.csv"));
        append(path, "ts,user_id,event_name,id\n" + row(1) + row(2));
        FileTail tail(csvSource(), dir.path());
        QCOMPARE(tail.poll().events.size(), 2);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("ts,user_id,event_name,id\n" + row(7));
        }
        FileTail::Poll p = tail.poll();
        QCOMPARE(ids(p), QStringList{QStringLiteral("e7")});
        QVERIFY(p.notes.first().contains(QStringLiteral("truncated")));

        // copytruncate, then the writer wrote more than was read before: the start differs.
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("ts,user_id,event_name,id\n" + row(20) + row(21) + row(22));
        }
        p = tail.poll();
        QCOMPARE(ids(p), (QStringList{QStringLiteral("e20"), QStringLiteral("e21"),
                                      QStringLiteral("e22")}));
    }

    void skipsAndLocatesBadLines()
    {
        QTemporaryDir dir;
        DataSource s = csvSource();
        s.kind = DataSource::Kind::JsonLines;
        s.path = QStringLiteral("events.jsonl");
        const QString path = dir.filePath(s.path);
        append(path, "{\"ts\": \"2026-01-01T00:00:00Z\", \"id\": \"a\"}\n"
                     "{\"ts\": \"not a time\", \"id\": \"b\"}\n"
                     "{\"ts\": 1767225601, \"id\": \"c\"}\n");
        FileTail tail(s, dir.path());
        const FileTail::Poll p = tail.poll();
        QCOMPARE(ids(p), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(p.problems.size(), 1);
        QCOMPARE(p.problems.first().line, 2);
        QCOMPARE(p.problems.first().file, path);
        append(path, "{oops\n");
        const FileTail::Poll bad = tail.poll();
        QCOMPARE(bad.problems.size(), 1);
        QCOMPARE(bad.problems.first().line, 4);
    }

    void aMissingFileIsAnErrorThatMovesNothing()
    {
        QTemporaryDir dir;
        FileTail tail(csvSource(), dir.path());
        const FileTail::Poll p = tail.poll();
        QVERIFY(p.error.contains(QStringLiteral("does not exist")));
        QCOMPARE(tail.checkpoint().offset, 0);
        append(dir.filePath(QStringLiteral("events.csv")), "ts,user_id,event_name,id\n" + row(1));
        QCOMPARE(tail.poll().events.size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_FileTail)
#include "tst_filetail.moc"
