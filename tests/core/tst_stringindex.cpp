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

    void keysLongerThanTheirSlots()
    {
        // A slot holds the first eight bytes and a length up to 255: keys alike in both,
        // and keys longer than 255 bytes that differ only in length or in the last byte,
        // are told apart by the arena.
        StringIndex index;
        const std::string keys[] = {
            std::string(300, 'k'),       std::string(301, 'k'), std::string(300, 'k') + "x",
            std::string(299, 'k') + "x", "12345678-a",          "12345678-b",
            std::string(255, 'k'),       std::string(254, 'k')};
        for (size_t i = 0; i < std::size(keys); ++i)
            QCOMPARE(index.insert(keys[i]), uint32_t(i));
        for (size_t i = 0; i < std::size(keys); ++i)
            QCOMPARE(index.find(keys[i]), uint32_t(i));
        QCOMPARE(index.find(std::string(302, 'k')), StringIndex::npos);
        QCOMPARE(index.find(std::string(256, 'k')), StringIndex::npos);
        QCOMPARE(index.find("12345678-c"), StringIndex::npos);
        // Keys of every length up to eight, matched by their slot alone.
        for (int n = 0; n <= 8; ++n) {
            const std::string key = "s" + std::string(size_t(n), char('0' + n));
            const uint32_t i = index.insert(key);
            QCOMPARE(index.find(key), i);
            QCOMPARE(index.find(key + '\0'), StringIndex::npos);
        }
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
