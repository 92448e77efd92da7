#include "engine/stringindex.h"

#include <QtTest>

#include <string>

using namespace wk;

class tst_StringIndex : public QObject
{
    Q_OBJECT
private slots:
    void internsAndFinds()
    {
        StringIndex index;
        QCOMPARE(index.find("nobody"), StringIndex::npos);
        // Short, eight-byte and long keys, keys sharing their first eight bytes, the empty key.
        const std::string keys[] = {"u1", "abcdefgh", "abcdefgh-long-tail", "abcdefgh-long-tai1",
                                    "",   "ü-ñ"};
        for (size_t i = 0; i < std::size(keys); ++i) {
            bool added = false;
            QCOMPARE(index.insert(keys[i], &added), uint32_t(i));
            QVERIFY(added);
        }
        bool added = true;
        QCOMPARE(index.insert("abcdefgh-long-tail", &added), 2u);
        QVERIFY(!added);
        for (size_t i = 0; i < std::size(keys); ++i) {
            QCOMPARE(index.find(keys[i]), uint32_t(i));
            QCOMPARE(index.at(uint32_t(i)), std::string_view(keys[i]));
        }
        QCOMPARE(index.find("abcdefgh-long-tai"), StringIndex::npos);
        QCOMPARE(index.find("abcdefg"), StringIndex::npos);
        // The same bytes padded with a zero byte are another key: the length is hashed too.
        QCOMPARE(index.find(std::string_view("u1\0", 3)), StringIndex::npos);
        QCOMPARE(index.insert(std::string_view("u1\0", 3)), uint32_t(std::size(keys)));
        QCOMPARE(index.find("u1"), 0u);
    }

    void growsPastManyKeys()
    {
        StringIndex index;
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(index.insert("user-" + std::to_string(i)), uint32_t(i));
        for (int i = 0; i < 100000; i += 7)
            QCOMPARE(index.find("user-" + std::to_string(i)), uint32_t(i));
        QCOMPARE(index.find("user-100000"), StringIndex::npos);
        QCOMPARE(index.size(), 100000u);
    }
};

QTEST_GUILESS_MAIN(tst_StringIndex)
#include "tst_stringindex.moc"
