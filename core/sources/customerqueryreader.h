#pragma once

#include "domain/customer.h"
#include "text/diagnostic.h"

#include <QList>
#include <QString>

namespace wk {

// Runs a workspace's customers query against the billing database and reads its rows:
// columns by name (id or customer_id; name; plan; monthly_revenue, revenue or
// monthly_price; churned; license_data, a JSON object that fills in what the columns do
// not give). What a row cannot give is reported with its row number and reason, and the
// rest is read: a bad row never costs the others. Blocking, with the query's timeout on
// the connect and the statement: run it off the engine's thread.
class CustomerQueryReader
{
public:
    struct Result
    {
        QList<Customer> customers;
        QList<Diagnostic> problems; // warnings per row: file "customers query", line = row
        QString error;              // the query did not run: nothing was read
        qint64 elapsedMs = 0;
    };
    // password: from the keychain, or empty when the connection needs none.
    static Result run(const CustomerQuery &query, const QString &password);

    // A JSON text as pasted through a word processor: curly double quotes made straight.
    static QString straightQuotes(QString json);
};

} // namespace wk
