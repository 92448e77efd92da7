#include "domain/timestamp.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

#include <string>

using namespace wk;

class tst_Timestamp : public QObject
{
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("nanos"); // -1: rejected
        const qint64 s = nanosPerSecond;
        const qint64 base = 1767225600LL * s; // 2026-01-01T00:00:00Z
        QTest::newRow("utc") << QByteArray("2026-01-01T00:00:00Z") << base;
        QTest::newRow("millis") << QByteArray("2026-01-01T00:00:00.250Z") << base + 250'000'000;
        QTest::newRow("nanos") << QByteArray("2026-01-01T00:00:00.000000001Z") << base + 1;
        QTest::newRow("past nanos dropped")
            << QByteArray("2026-01-01T00:00:00.0000000019Z") << base + 1;
        QTest::newRow("offset") << QByteArray("2026-01-01T01:00:00+01:00") << base;
        QTest::newRow("negative offset") << QByteArray("2025-12-31T19:30:00-04:30") << base;
        QTest::newRow("compact offset") << QByteArray("2026-01-01T02:00:00+0200") << base;
        QTest::newRow("space separator") << QByteArray("2026-01-01 00:00:00") << base;
        QTest::newRow("no seconds") << QByteArray("2026-01-01T00:00Z") << base;
        QTest::newRow("date only") << QByteArray("2026-01-01") << base;
        QTest::newRow("leap day") << QByteArray("2024-02-29T12:00:00Z") << 1709208000LL * s;
        QTest::newRow("epoch") << QByteArray("1767225600") << base;
        QTest::newRow("epoch decimal") << QByteArray("1767225600.5") << base + 500'000'000;
        QTest::newRow("epoch padded") << QByteArray("  1767225600 ") << base;
        QTest::newRow("epoch zero") << QByteArray("0") << qint64(0);
        QTest::newRow("before 1970") << QByteArray("1969-12-31T23:59:59Z") << -s;
        QTest::newRow("not a date") << QByteArray("yesterday") << qint64(-1);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        QTest::newRow("month 13") << QByteArray("2026-13-01T00:00:00Z") << qint64(-1);
        QTest::newRow("feb 30") << QByteArray("2026-02-30T00:00:00Z") << qint64(-1);
        QTest::newRow("not leap") << QByteArray("2025-02-29T00:00:00Z") << qint64(-1);
        QTest::newRow("hour 24") << QByteArray("2026-01-01T24:00:00Z") << qint64(-1);
        QTest::newRow("trailing junk") << QByteArray("2026-01-01T00:00:00Zx") << qint64(-1);
        QTest::newRow("empty fraction") << QByteArray("2026-01-01T00:00:00.Z") << qint64(-1);
        QTest::newRow("epoch junk") << QByteArray("17672256x") << qint64(-1);
        QTest::newRow("epoch overflow") << QByteArray("99999999999999999999") << qint64(-1);
        // Alertmanager's "no end yet"; 64-bit nanoseconds end in 1677 and 2262 (found by UBSan).
        QTest::newRow("year 1") << QByteArray("0001-01-01T00:00:00Z") << qint64(-1);
        QTest::newRow("year 1 with offset")
            << QByteArray("0001-01-01T00:00:00+01:00") << qint64(-1);
        QTest::newRow("year 9999") << QByteArray("9999-12-31T23:59:59Z") << qint64(-1);
        QTest::newRow("year 2262")
            << QByteArray("2262-01-01T00:00:00Z") << qint64(9214646400LL * 1'000'000'000LL);
    }

    void parses()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, nanos);
        const auto parsed = parseTimestamp(std::string_view(text.constData(), size_t(text.size())));
        if (nanos == -1) {
            QVERIFY2(!parsed, text.constData());
            return;
        }
        QVERIFY2(parsed, text.constData());
        QCOMPARE(*parsed, nanos);
    }

    void theMillisecondShapeReadsAsTheGeneralReaderDoes()
    {
        // "YYYY-MM-DDTHH:MM:SS.mmmZ" is read eight bytes at a time. Every text one byte away
        // from such a time must read as the general reader reads it: the same text with
        // "+00:00" for its Z, too long for the fast reader.
        const char *bases[] = {"2026-01-09T20:37:15.004Z", "2024-02-29T23:59:59.999Z",
                               "1970-01-01T00:00:00.000Z", "2023-02-28T09:09:09.090Z",
                               "2262-04-11T23:47:15.999Z"};
        int valid = 0;
        for (const char *base : bases) {
            const QDateTime expected = QDateTime::fromString(
                QString::fromLatin1(base).chopped(1), QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"));
            const auto parsed = parseTimestamp(base);
            QVERIFY2(parsed, base);
            QCOMPARE(
                *parsed / 1'000'000,
                QDateTime(expected.date(), expected.time(), QTimeZone::utc()).toMSecsSinceEpoch());
            for (int at = 0; at < 24; ++at) {
                for (int byte = 0; byte < 256; ++byte) {
                    std::string text = base;
                    text[size_t(at)] = char(byte);
                    const TimestampNs fast = timestampOf(text);
                    valid += fast != noTimestamp;
                    // In place of the Z: z is UTC too, as is no zone (a space or tab is
                    // trimmed), a digit is a fourth digit of the fraction, anything else is
                    // not a time.
                    TimestampNs general = noTimestamp;
                    if (at < 23)
                        general = timestampOf(text.substr(0, 23) + "+00:00");
                    else if (byte == 'z')
                        general = *parsed;
                    else if (byte >= '0' && byte <= '9')
                        general = *parsed + (byte - '0') * 100'000;
                    else if (byte == 'Z' || byte == ' ' || byte == '\t')
                        general = *parsed;
                    if (fast != general)
                        QFAIL(qPrintable(QStringLiteral("%1 (byte %2 at %3)")
                                             .arg(QString::fromLatin1(text.c_str()))
                                             .arg(byte)
                                             .arg(at)));
                }
            }
        }
        // Digits for digits mostly make other valid times: the fast reader was used.
        QVERIFY2(valid > 500, qPrintable(QString::number(valid)));
    }

    void formatsAndReadsBack()
    {
        for (qint64 t : {qint64(0), 1767225600LL * nanosPerSecond + 123'000'000,
                         1767225600LL * nanosPerSecond + 123'456, 1767225600LL * nanosPerSecond + 7,
                         -1LL * nanosPerSecond + 5}) {
            const std::string text = formatTimestamp(t);
            QCOMPARE(parseTimestamp(text).value_or(-42), t);
        }
        QCOMPARE(formatTimestamp(1767225600LL * nanosPerSecond),
                 std::string("2026-01-01T00:00:00Z"));
    }
};

QTEST_GUILESS_MAIN(tst_Timestamp)
#include "tst_timestamp.moc"
