#pragma once

#include "domain/timestamp.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// The SQL of one warehouse: how it quotes names and text, writes an instant, subtracts
// seconds, counts over a sliding time window and tells an integer id from text. Each
// choice follows that warehouse's own reference (see README.md, "Rules as SQL").
class SqlDialect
{
public:
    enum class Kind { PostgreSql, BigQuery, Snowflake, SparkSql };

    explicit SqlDialect(Kind kind) : m_kind(kind) {}
    static std::optional<SqlDialect> fromName(const QString &name);
    static QStringList names();

    Kind kind() const { return m_kind; }
    QString name() const;
    QString displayName() const;

    // A table or column name, a dotted path quoted part by part. A plain name stays bare
    // so that it resolves as the warehouse resolves names written without quotes.
    QString identifier(const QString &name) const;
    QString string(const QString &text) const;
    // A number as a literal whose type is the dialect's floating or exact decimal.
    QString decimal(double value) const;
    QString instant(TimestampNs t) const;
    QString secondsBefore(const QString &instantExpression, qint64 seconds) const;
    QString now() const;
    QString fromEpochSeconds(const QString &secondsExpression) const;
    // Whole seconds from one instant to a later one, truncated as Watchkeeper truncates.
    QString secondsBetween(const QString &earlier, const QString &later) const;
    // The number of the period of `seconds` an instant falls in, counted from 1970.
    QString periodOf(const QString &instantExpression, qint64 seconds) const;
    // A FROM item of one integer column k, 1 to n.
    QString series(int n) const;
    // A one-row query of the median of `column` over `table` (as "median") and the number
    // of its rows (as "periods").
    QString medianOf(const QString &column, const QString &table) const;

    // The frame of a count over the events at most `seconds` before the current one,
    // both ends included: the whole OVER (...) clause.
    QString slidingWindow(const QString &partition, const QString &time, qint64 seconds) const;

    QString asText(const QString &expression) const;
    // True when the text is an integer (an optional sign, at most 18 digits: within 64 bits).
    QString isInteger(const QString &textExpression) const;
    QString asInteger(const QString &textExpression) const;
    // Text in code-unit order, as Watchkeeper orders ids that are not integers.
    QString binaryOrder(const QString &textExpression) const;
    QString textType() const;
    QString decimalType() const;

private:
    Kind m_kind;
};

} // namespace wk
