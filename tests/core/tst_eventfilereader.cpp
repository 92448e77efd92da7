#include "sources/eventfilereader.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {
DataSource source(DataSource::Kind kind, const QString &path, const QString &idColumn = {})
{
    DataSource s;
    s.id = QStringLiteral("src");
    s.kind = kind;
    s.path = path;
    s.timeColumn = QStringLiteral("ts");
    s.subjectColumn = QStringLiteral("account");
    s.nameColumn = QStringLiteral("state");
    s.idColumn = idColumn;
    return s;
}

void write(const QString &path, const QByteArray &content)
{
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(content);
}
} // namespace

class tst_EventFileReader : public QObject
{
    Q_OBJECT
private slots:
    void csvWithColumnsByName()
    {
        QTemporaryDir dir;
        write(dir.filePath("e.csv"), "state,ts,account,event_id\nregistered,1767225600,a1,"
                                     "x1\nverified,2026-01-01T00:01:00Z,a1,x2\n");
        QList<Event> events;
        QList<Diagnostic> errors;
        // A relative path is relative to the workspace's folder.
        QVERIFY(EventFileReader::read(source(DataSource::Kind::Csv, "e.csv", "event_id"),
                                      dir.path(), events, errors));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1], (Event{"src", 1767225660LL * nanosPerSecond, "a1", "verified", "x2"}));

        // Without an id column the whole row identifies the event.
        events.clear();
        QVERIFY(EventFileReader::read(source(DataSource::Kind::Csv, dir.filePath("e.csv")), {},
                                      events, errors));
        QVERIFY(events[0].id.contains(QStringLiteral("registered")));
        QVERIFY(events[0].id != events[1].id);

        QVERIFY(!EventFileReader::read(source(DataSource::Kind::Csv, "e.csv", "uuid"), dir.path(),
                                       events, errors));
        QVERIFY2(formatDiagnostics(errors).contains(QStringLiteral("no column 'uuid'")),
                 qPrintable(formatDiagnostics(errors)));
    }

    void jsonLines()
    {
        QTemporaryDir dir;
        write(dir.filePath("e.jsonl"),
              "{\"ts\": \"2026-01-01T00:00:00Z\", \"account\": \"a1\", \"state\": \"registered\"}\n"
              "\n"
              "{\"ts\": 1767225600.25, \"account\": 7, \"state\": \"verified\"}\n");
        QList<Event> events;
        QList<Diagnostic> errors;
        QVERIFY2(EventFileReader::read(source(DataSource::Kind::JsonLines, "e.jsonl"), dir.path(),
                                       events, errors),
                 qPrintable(formatDiagnostics(errors)));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1].time, 1767225600LL * nanosPerSecond + 250'000'000);
        QCOMPARE(events[1].subject, QStringLiteral("7"));

        write(dir.filePath("bad.jsonl"),
              "{\"ts\": \"2026-01-01T00:00:00Z\"}\n{\"ts\": \"soon\"}\n{not json\n");
        QList<Event> none;
        QVERIFY(!EventFileReader::read(source(DataSource::Kind::JsonLines, "bad.jsonl"), dir.path(),
                                       none, errors));
        QVERIFY(none.isEmpty()); // all or nothing
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].line, 2);
        QVERIFY(errors[0].message.contains(QStringLiteral("'ts'")));
        QCOMPARE(errors[1].line, 3);
    }
};

QTEST_GUILESS_MAIN(tst_EventFileReader)
#include "tst_eventfilereader.moc"
