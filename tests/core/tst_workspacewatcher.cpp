#include "workspace/workspacewatcher.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

QByteArray demoFile(const char *name)
{
    QFile f(QStringLiteral(WK_SOURCE_DIR "/resources/demo/%1").arg(QLatin1String(name)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

} // namespace

class tst_WorkspaceWatcher : public QObject
{
    Q_OBJECT
private slots:
    void readsTheFileAgainWhenSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.yaml"));
        const QByteArray yaml = demoFile("workspace.yaml");
        QVERIFY(write(path, yaml));
        QVERIFY(write(dir.filePath(QStringLiteral("holidays.ics")), demoFile("holidays.ics")));
        const WorkspaceLoadResult first = WorkspaceReader::readFile(path);
        QVERIFY(first.ok());

        WorkspaceWatcher watcher(path);
        watcher.watch(*first.workspace);
        QVERIFY(watcher.files().contains(dir.filePath(QStringLiteral("holidays.ics"))));
        QSignalSpy reloaded(&watcher, &WorkspaceWatcher::reloaded);
        QSignalSpy refused(&watcher, &WorkspaceWatcher::refused);

        // Saved in place: read again, with the change.
        QByteArray renamed = yaml;
        renamed.replace("name: Lumen Analytics (demo)", "name: Lumen Analytics (edited)");
        QVERIFY(write(path, renamed));
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(reloaded.takeFirst().first().value<Workspace>().name,
                 QStringLiteral("Lumen Analytics (edited)"));

        // Saved with a mistake: refused with the line, nothing announced to apply.
        QByteArray broken = renamed;
        broken.replace("    name: Amara Okafor\n", "    name: [Amara\n");
        QVERIFY(write(path, broken));
        QVERIFY(refused.wait(5000));
        const auto problems = refused.takeFirst().first().value<QList<Diagnostic>>();
        QVERIFY(!problems.isEmpty());
        QCOMPARE(problems.first().file, path);
        QVERIFY(problems.first().line > 0);
        QCOMPARE(reloaded.count(), 0);

        // Saved the way many editors save: a new file renamed over the old one.
        QByteArray fixed = yaml;
        fixed.replace("name: Lumen Analytics (demo)", "name: Lumen Analytics (by rename)");
        const QString temp = dir.filePath(QStringLiteral(".workspace.yaml.swp"));
        QVERIFY(write(temp, fixed));
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::rename(temp, path));
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(reloaded.takeFirst().first().value<Workspace>().name,
                 QStringLiteral("Lumen Analytics (by rename)"));

        // A calendar the workspace names is part of it.
        QByteArray ics = demoFile("holidays.ics");
        ics.replace("END:VCALENDAR", "BEGIN:VEVENT\r\nUID:extra@test\r\nDTSTART;VALUE=DATE:"
                                     "20270704\r\nSUMMARY:Extra day off\r\nEND:VEVENT\r\n"
                                     "END:VCALENDAR");
        QVERIFY(write(dir.filePath(QStringLiteral("holidays.ics")), ics));
        QVERIFY(reloaded.wait(5000));
        bool found = false;
        for (const HolidayCalendar &c : reloaded.takeFirst().first().value<Workspace>().holidays)
            for (const Holiday &h : c.days)
                found = found || h.name == QLatin1String("Extra day off");
        QVERIFY(found);

        // Another file in the folder is not ours.
        QVERIFY(write(dir.filePath(QStringLiteral("notes.txt")), "hello"));
        QTest::qWait(800);
        QCOMPARE(reloaded.count(), 0);
        QCOMPARE(refused.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceWatcher)
#include "tst_workspacewatcher.moc"
