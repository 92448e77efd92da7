#pragma once

#include <QRandomGenerator>
#include <QTcpServer>

namespace wk::test {

// A port on 127.0.0.1 nobody listens on now, for a console process to bind after it starts
// and again after each restart. Chosen below Linux's ephemeral range (32768 and up), so the
// outgoing connections of tests running alongside cannot take it in between.
inline quint16 unusedListenPort()
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = static_cast<quint16>(QRandomGenerator::global()->bounded(20000, 30000));
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

} // namespace wk::test
