#include "sqldialect.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace wk {

namespace {

struct DialectName
{
    SqlDialect::Kind kind;
    const char *name;
    const char *display;
};

constexpr DialectName dialectNames[] = {
    {SqlDialect::Kind::PostgreSql, "postgresql", "PostgreSQL"},
    {SqlDialect::Kind::BigQuery, "bigquery", "BigQuery"},
    {SqlDialect::Kind::Snowflake, "snowflake", "Snowflake"},
    {SqlDialect::Kind::SparkSql, "sparksql", "Spark SQL"},
};

// Words that every one of the four reserves, or that are common column names one of them
// reserves ("user", "range", "window"): written bare they would not name a column.
bool isReserved(const QString &word)
{
    static const QSet<QString> words = {
        QStringLiteral("all"),        QStringLiteral("and"),      QStringLiteral("any"),
        QStringLiteral("array"),      QStringLiteral("as"),       QStringLiteral("asc"),
        QStringLiteral("between"),    QStringLiteral("both"),     QStringLiteral("by"),
        QStringLiteral("case"),       QStringLiteral("cast"),     QStringLiteral("check"),
        QStringLiteral("collate"),    QStringLiteral("column"),   QStringLiteral("constraint"),
        QStringLiteral("create"),     QStringLiteral("cross"),    QStringLiteral("current"),
        QStringLiteral("default"),    QStringLiteral("desc"),     QStringLiteral("distinct"),
        QStringLiteral("else"),       QStringLiteral("end"),      QStringLiteral("except"),
        QStringLiteral("exists"),     QStringLiteral("false"),    QStringLiteral("fetch"),
        QStringLiteral("for"),        QStringLiteral("foreign"),  QStringLiteral("from"),
        QStringLiteral("full"),       QStringLiteral("grant"),    QStringLiteral("group"),
        QStringLiteral("having"),     QStringLiteral("in"),       QStringLiteral("inner"),
        QStringLiteral("intersect"),  QStringLiteral("interval"), QStringLiteral("into"),
        QStringLiteral("is"),         QStringLiteral("join"),     QStringLiteral("lateral"),
        QStringLiteral("leading"),    QStringLiteral("left"),     QStringLiteral("like"),
        QStringLiteral("limit"),      QStringLiteral("natural"),  QStringLiteral("not"),
        QStringLiteral("null"),       QStringLiteral("of"),       QStringLiteral("offset"),
        QStringLiteral("on"),         QStringLiteral("only"),     QStringLiteral("or"),
        QStringLiteral("order"),      QStringLiteral("outer"),    QStringLiteral("over"),
        QStringLiteral("partition"),  QStringLiteral("primary"),  QStringLiteral("range"),
        QStringLiteral("references"), QStringLiteral("right"),    QStringLiteral("rows"),
        QStringLiteral("select"),     QStringLiteral("some"),     QStringLiteral("table"),
        QStringLiteral("then"),       QStringLiteral("to"),       QStringLiteral("trailing"),
        QStringLiteral("true"),       QStringLiteral("union"),    QStringLiteral("unique"),
        QStringLiteral("user"),       QStringLiteral("using"),    QStringLiteral("when"),
        QStringLiteral("where"),      QStringLiteral("window"),   QStringLiteral("with"),
    };
    return words.contains(word.toLower());
}

QString quotedPart(SqlDialect::Kind kind, const QString &part)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const bool simple = plain.match(part).hasMatch() && !isReserved(part);
    switch (kind) {
    case SqlDialect::Kind::PostgreSql:
        // PostgreSQL folds a bare name to lower case: only a lower-case name may stay bare.
        if (simple && part == part.toLower())
            return part;
        return QLatin1Char('"') + QString(part).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
               QLatin1Char('"');
    case SqlDialect::Kind::Snowflake:
        // Snowflake folds a bare name to upper case and matches a quoted one exactly: a
        // reserved word is quoted as Snowflake stored it when it was created bare.
        if (simple)
            return part;
        return QLatin1Char('"') +
               QString(plain.match(part).hasMatch() ? part.toUpper() : part)
                   .replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
               QLatin1Char('"');
    case SqlDialect::Kind::BigQuery:
    case SqlDialect::Kind::SparkSql:
        if (simple)
            return part;
        return QLatin1Char('`') +
               QString(part)
                   .replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                   .replace(QLatin1Char('`'), kind == SqlDialect::Kind::SparkSql
                                                  ? QStringLiteral("``")
                                                  : QStringLiteral("\\`")) +
               QLatin1Char('`');
    }
    return part;
}

} // namespace

std::optional<SqlDialect> SqlDialect::fromName(const QString &name)
{
    for (const DialectName &d : dialectNames) {
        if (name.compare(QLatin1String(d.name), Qt::CaseInsensitive) == 0)
            return SqlDialect(d.kind);
    }
    return std::nullopt;
}

QStringList SqlDialect::names()
{
    QStringList list;
    for (const DialectName &d : dialectNames)
        list.append(QLatin1String(d.name));
    return list;
}

QString SqlDialect::name() const
{
    for (const DialectName &d : dialectNames) {
        if (d.kind == m_kind)
            return QLatin1String(d.name);
    }
    return {};
}

QString SqlDialect::displayName() const
{
    for (const DialectName &d : dialectNames) {
        if (d.kind == m_kind)
            return QLatin1String(d.display);
    }
    return {};
}

QString SqlDialect::identifier(const QString &name) const
{
    QStringList parts;
    for (const QString &part : name.split(QLatin1Char('.')))
        parts.append(quotedPart(m_kind, part));
    return parts.join(QLatin1Char('.'));
}

QString SqlDialect::string(const QString &text) const
{
    QString body = text;
    switch (m_kind) {
    case Kind::PostgreSql:
        // standard_conforming_strings (on since PostgreSQL 9.1): a backslash is itself.
        body.replace(QLatin1Char('\''), QStringLiteral("''"));
        break;
    case Kind::Snowflake:
        // Snowflake reads backslash escapes in single-quoted text and doubles quotes.
        body.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        body.replace(QLatin1Char('\''), QStringLiteral("''"));
        break;
    case Kind::BigQuery:
    case Kind::SparkSql:
        // Both read backslash escapes; neither takes a doubled quote as one quote.
        body.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        body.replace(QLatin1Char('\''), QStringLiteral("\\'"));
        body.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        body.replace(QLatin1Char('\r'), QStringLiteral("\\r"));
        break;
    }
    return QLatin1Char('\'') + body + QLatin1Char('\'');
}

QString SqlDialect::decimal(double value) const
{
    QString text = QString::number(value, 'g', 17);
    if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
        text += QStringLiteral(".0");
    return text;
}

QString SqlDialect::instant(TimestampNs t) const
{
    const qint64 micros = t / 1000;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(micros / 1000, QTimeZone::utc());
    QString text = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const qint64 fraction = ((micros % 1'000'000) + 1'000'000) % 1'000'000;
    if (fraction != 0)
        text += QStringLiteral(".%1").arg(fraction, 6, 10, QLatin1Char('0'));
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("TIMESTAMPTZ '%1+00'").arg(text);
    case Kind::BigQuery:
        return QStringLiteral("TIMESTAMP '%1+00'").arg(text);
    case Kind::Snowflake:
        return QStringLiteral("TO_TIMESTAMP_TZ('%1 +0000', 'YYYY-MM-DD HH24:MI:SS%2 TZHTZM')")
            .arg(text, fraction != 0 ? QStringLiteral(".FF6") : QString());
    case Kind::SparkSql:
        return QStringLiteral("TIMESTAMP '%1Z'").arg(text);
    }
    return text;
}

QString SqlDialect::secondsBefore(const QString &instantExpression, qint64 seconds) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("(%1 - INTERVAL '%2 seconds')").arg(instantExpression).arg(seconds);
    case Kind::BigQuery:
        return QStringLiteral("TIMESTAMP_SUB(%1, INTERVAL %2 SECOND)")
            .arg(instantExpression)
            .arg(seconds);
    case Kind::Snowflake:
        return QStringLiteral("DATEADD(second, %1, %2)").arg(-seconds).arg(instantExpression);
    case Kind::SparkSql:
        return QStringLiteral("(%1 - INTERVAL %2 SECONDS)").arg(instantExpression).arg(seconds);
    }
    return instantExpression;
}

QString SqlDialect::now() const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("CURRENT_TIMESTAMP");
    case Kind::BigQuery:
    case Kind::Snowflake:
        return QStringLiteral("CURRENT_TIMESTAMP()");
    case Kind::SparkSql:
        return QStringLiteral("current_timestamp()");
    }
    return {};
}

QString SqlDialect::fromEpochSeconds(const QString &secondsExpression) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("TO_TIMESTAMP(%1)").arg(secondsExpression);
    case Kind::BigQuery:
        return QStringLiteral("TIMESTAMP_SECONDS(CAST(%1 AS INT64))").arg(secondsExpression);
    case Kind::Snowflake:
        return QStringLiteral("TO_TIMESTAMP_TZ(%1)").arg(secondsExpression);
    case Kind::SparkSql:
        return QStringLiteral("timestamp_seconds(%1)").arg(secondsExpression);
    }
    return {};
}

QString SqlDialect::secondsBetween(const QString &earlier, const QString &later) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("FLOOR(EXTRACT(EPOCH FROM (%1 - %2)))").arg(later, earlier);
    case Kind::BigQuery:
        // TIMESTAMP_DIFF counts whole seconds, truncated.
        return QStringLiteral("TIMESTAMP_DIFF(%1, %2, SECOND)").arg(later, earlier);
    case Kind::Snowflake:
        // DATEDIFF counts crossed boundaries, not elapsed time: microseconds, then floor.
        return QStringLiteral("FLOOR(DATEDIFF(microsecond, %1, %2) / 1000000)").arg(earlier, later);
    case Kind::SparkSql:
        return QStringLiteral("FLOOR((unix_micros(%1) - unix_micros(%2)) / 1000000)")
            .arg(later, earlier);
    }
    return {};
}

QString SqlDialect::periodOf(const QString &instantExpression, qint64 seconds) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("FLOOR(EXTRACT(EPOCH FROM %1) / %2)")
            .arg(instantExpression)
            .arg(seconds);
    case Kind::BigQuery:
        return QStringLiteral("DIV(UNIX_SECONDS(%1), %2)").arg(instantExpression).arg(seconds);
    case Kind::Snowflake:
        return QStringLiteral("FLOOR(DATE_PART(EPOCH_SECOND, %1) / %2)")
            .arg(instantExpression)
            .arg(seconds);
    case Kind::SparkSql:
        return QStringLiteral("FLOOR(unix_seconds(%1) / %2)").arg(instantExpression).arg(seconds);
    }
    return {};
}

QString SqlDialect::series(int n) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("generate_series(1, %1) AS o (k)").arg(n);
    case Kind::BigQuery:
        return QStringLiteral("UNNEST(GENERATE_ARRAY(1, %1)) AS k").arg(n);
    case Kind::Snowflake:
        // GENERATOR's SEQ4() may leave gaps; ROW_NUMBER over it does not.
        return QStringLiteral("(SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS k "
                              "FROM TABLE(GENERATOR(ROWCOUNT => %1))) AS o")
            .arg(n);
    case Kind::SparkSql:
        return QStringLiteral("(SELECT explode(sequence(1, %1)) AS k) AS o").arg(n);
    }
    return {};
}

QString SqlDialect::medianOf(const QString &column, const QString &table) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %1) AS median, "
                              "COUNT(*) AS periods FROM %2")
            .arg(column, table);
    case Kind::BigQuery:
        // BigQuery has PERCENTILE_CONT only as an analytic function.
        return QStringLiteral("SELECT ANY_VALUE(m) AS median, COUNT(*) AS periods FROM (SELECT "
                              "PERCENTILE_CONT(%1, 0.5) OVER () AS m FROM %2)")
            .arg(column, table);
    case Kind::Snowflake:
        return QStringLiteral("SELECT MEDIAN(%1) AS median, COUNT(*) AS periods FROM %2")
            .arg(column, table);
    case Kind::SparkSql:
        return QStringLiteral("SELECT percentile(%1, 0.5) AS median, COUNT(*) AS periods FROM %2")
            .arg(column, table);
    }
    return {};
}

QString SqlDialect::slidingWindow(const QString &partition, const QString &time,
                                  qint64 seconds) const
{
    // PostgreSQL (11 and later) takes an interval offset on a timestamp order; the other
    // three want a numeric order for an offset frame, so the time becomes microseconds.
    const QString frame = QStringLiteral("RANGE BETWEEN %1 PRECEDING AND CURRENT ROW");
    const QString micros = QString::number(seconds * 1'000'000);
    QString order, offset;
    switch (m_kind) {
    case Kind::PostgreSql:
        order = time;
        offset = QStringLiteral("INTERVAL '%1 seconds'").arg(seconds);
        break;
    case Kind::BigQuery:
        order = QStringLiteral("UNIX_MICROS(%1)").arg(time);
        offset = micros;
        break;
    case Kind::Snowflake:
        order = QStringLiteral("DATE_PART(EPOCH_MICROSECOND, %1)").arg(time);
        offset = micros;
        break;
    case Kind::SparkSql:
        order = QStringLiteral("unix_micros(%1)").arg(time);
        offset = micros;
        break;
    }
    return QStringLiteral("OVER (PARTITION BY %1 ORDER BY %2 %3)")
        .arg(partition, order, frame.arg(offset));
}

QString SqlDialect::textType() const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("TEXT");
    case Kind::Snowflake:
        return QStringLiteral("VARCHAR");
    case Kind::BigQuery:
    case Kind::SparkSql:
        return QStringLiteral("STRING");
    }
    return {};
}

QString SqlDialect::decimalType() const
{
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("NUMERIC");
    case Kind::BigQuery:
        return QStringLiteral("FLOAT64");
    case Kind::Snowflake:
    case Kind::SparkSql:
        return QStringLiteral("DOUBLE");
    }
    return {};
}

QString SqlDialect::asText(const QString &expression) const
{
    return QStringLiteral("CAST(%1 AS %2)").arg(expression, textType());
}

QString SqlDialect::isInteger(const QString &textExpression) const
{
    const QString pattern = QStringLiteral("^[+-]?[0-9]{1,18}$");
    switch (m_kind) {
    case Kind::PostgreSql:
        return QStringLiteral("%1 ~ '%2'").arg(textExpression, pattern);
    case Kind::BigQuery:
        return QStringLiteral("REGEXP_CONTAINS(%1, r'%2')").arg(textExpression, pattern);
    case Kind::Snowflake:
        return QStringLiteral("REGEXP_LIKE(%1, '%2')").arg(textExpression, pattern);
    case Kind::SparkSql:
        return QStringLiteral("%1 RLIKE '%2'").arg(textExpression, pattern);
    }
    return {};
}

QString SqlDialect::asInteger(const QString &textExpression) const
{
    switch (m_kind) {
    case Kind::PostgreSql:
    case Kind::SparkSql:
        return QStringLiteral("CAST(%1 AS BIGINT)").arg(textExpression);
    case Kind::BigQuery:
        return QStringLiteral("CAST(%1 AS INT64)").arg(textExpression);
    case Kind::Snowflake:
        return QStringLiteral("CAST(%1 AS NUMBER(19, 0))").arg(textExpression);
    }
    return {};
}

QString SqlDialect::binaryOrder(const QString &textExpression) const
{
    // PostgreSQL sorts text by the database's locale unless told; the others compare code
    // points by default.
    if (m_kind == Kind::PostgreSql)
        return textExpression + QStringLiteral(" COLLATE \"C\"");
    return textExpression;
}

} // namespace wk
