#include "domain/idorder.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace wk;

class tst_IdOrder : public QObject
{
    Q_OBJECT
private slots:
    void integers_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("isInteger");
        QTest::addColumn<qint64>("value");
        QTest::newRow("plain") << "1508" << true << qint64(1508);
        QTest::newRow("zero") << "0" << true << qint64(0);
        QTest::newRow("negative") << "-12" << true << qint64(-12);
        QTest::newRow("plus") << "+7" << true << qint64(7);
        QTest::newRow("leading zero") << "007" << true << qint64(7);
        QTest::newRow("largest") << "9223372036854775807" << true
                                 << std::numeric_limits<qint64>::max();
        QTest::newRow("smallest") << "-9223372036854775808" << true
                                  << std::numeric_limits<qint64>::min();
        QTest::newRow("past 64 bits") << "9223372036854775808" << false << qint64(0);
        QTest::newRow("far past") << "123456789012345678901234567890" << false << qint64(0);
        QTest::newRow("empty") << "" << false << qint64(0);
        QTest::newRow("sign alone") << "-" << false << qint64(0);
        QTest::newRow("letters") << "u520" << false << qint64(0);
        QTest::newRow("trailing letter") << "520a" << false << qint64(0);
        QTest::newRow("decimal") << "5.0" << false << qint64(0);
        QTest::newRow("space") << " 5" << false << qint64(0);
        QTest::newRow("arabic-indic digits") << QStringLiteral("\u0665") << false << qint64(0);
    }

    void integers()
    {
        QFETCH(QString, id);
        QFETCH(bool, isInteger);
        QFETCH(qint64, value);
        const std::optional<qint64> fromText = IdOrder::integer(QStringView(id));
        const QByteArray utf8 = id.toUtf8();
        const std::optional<qint64> fromBytes =
            IdOrder::integer(std::string_view(utf8.constData(), size_t(utf8.size())));
        QCOMPARE(fromText.has_value(), isInteger);
        QCOMPARE(fromBytes, fromText);
        if (isInteger)
            QCOMPARE(*fromText, value);
    }

    // The seed's ids order as SQL orders them: integers by value and first, then text.
    void ordersAsSqlDoes()
    {
        // "+7" and "7" are one number: as text, '+' comes first.
        const QStringList expected = {QStringLiteral("-12"),   QStringLiteral("+7"),
                                      QStringLiteral("7"),     QStringLiteral("520"),
                                      QStringLiteral("1508"),  QStringLiteral("20000"),
                                      QStringLiteral("1508a"), QStringLiteral("U9"),
                                      QStringLiteral("u10"),   QStringLiteral("u9")};
        QStringList ids = expected;
        std::mt19937 rng(5);
        for (int round = 0; round < 20; ++round) {
            std::shuffle(ids.begin(), ids.end(), rng);
            std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
                return IdOrder::compare(QStringView(a), QStringView(b)) < 0;
            });
            QCOMPARE(ids, expected);
        }
        // The same over bytes, as `check burst` holds its ids.
        QList<QByteArray> bytes;
        for (const QString &id : expected)
            bytes << id.toUtf8();
        std::shuffle(bytes.begin(), bytes.end(), rng);
        std::sort(bytes.begin(), bytes.end(), [](const QByteArray &a, const QByteArray &b) {
            return IdOrder::compare(std::string_view(a.constData(), size_t(a.size())),
                                    std::string_view(b.constData(), size_t(b.size()))) < 0;
        });
        for (qsizetype i = 0; i < bytes.size(); ++i)
            QCOMPARE(QString::fromUtf8(bytes.at(i)), expected.at(i));
        QCOMPARE(IdOrder::compare(u"520", u"520"), 0);
    }
};

QTEST_APPLESS_MAIN(tst_IdOrder)
#include "tst_idorder.moc"
