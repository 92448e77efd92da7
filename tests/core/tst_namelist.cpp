#include "engine/namelist.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace wk;

class tst_NameList : public QObject
{
    Q_OBJECT
private slots:
    void findsEachNameAndNothingElse()
    {
        // Lengths on both sides of the eight-byte words and of the 64 lengths kept as bits;
        // two names alike in their first and last eight bytes, apart in the middle.
        const std::vector<std::string> names = {"",
                                                "a",
                                                "abc",
                                                "abcdefg",
                                                "abcdefgh",
                                                "time out",
                                                "page not found",
                                                "0123456789abcdef",
                                                "01234567-middle-89abcdef",
                                                "01234567-muddle-89abcdef",
                                                std::string(70, 'n'),
                                                std::string(64, 'n') + "x"};
        const NameList list(names);
        QCOMPARE(list.size(), uint32_t(names.size()));
        // The oracle: a plain search.
        const auto expected = [&](const std::string &text) {
            return uint32_t(std::find(names.begin(), names.end(), text) - names.begin());
        };
        int checked = 0;
        for (uint32_t i = 0; i < names.size(); ++i) {
            QCOMPARE(list.indexOf(names[i]), i);
            QCOMPARE(list.at(i), names[i]);
            // Every text one byte away, one byte shorter or one byte longer.
            std::vector<std::string> near;
            for (size_t at = 0; at < names[i].size(); ++at) {
                for (const char c : {'\0', 'a', 'n', 'x', '-', '\xff'}) {
                    std::string t = names[i];
                    t[at] = c;
                    near.push_back(t);
                }
                near.push_back(names[i].substr(0, at) + names[i].substr(at + 1));
            }
            near.push_back(names[i] + 'x');
            near.push_back(names[i] + '\0');
            for (const std::string &t : near) {
                if (list.indexOf(t) != expected(t))
                    QFAIL(qPrintable(QStringLiteral("'%1' (near '%2')")
                                         .arg(QString::fromLatin1(t.data(), qsizetype(t.size())),
                                              QString::fromStdString(names[i]))));
                ++checked;
            }
        }
        QVERIFY(checked > 1000);
        QCOMPARE(list.indexOf("page view"), list.size());
        QCOMPARE(NameList().indexOf(""), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_NameList)
#include "tst_namelist.moc"
