#pragma once

#include <QByteArray>
#include <QCryptographicHash>

namespace wk {

// Compares two secrets (tokens, signatures) in time independent of where the first
// difference is, and of the lengths (digests are all 32 bytes), so that response times say
// nothing about the secret.
inline bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    const QByteArray x = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray y = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x.at(i) ^ y.at(i));
    return diff == 0;
}

} // namespace wk
