#pragma once

#include "domain/contactmethod.h"
#include "domain/workspace.h"

#include <QString>

namespace wk {

// One test message to one of a person's methods, as `notify test` and Settings' Send test
// send it: the method's own format, its secret already read from the keychain by the
// caller (secrets are read on the thread that may wait for the keychain). A paging
// service's test incident is resolved straight after it is opened. Blocking: run it off
// the GUI thread.
class PageTest
{
public:
    struct Result
    {
        bool accepted = false;
        QString answer; // the server's answer, or why nothing was sent
    };

    // index: the method's position in the person's contacts; -1 with an email method for
    // the person's own address. caFile: the mail server's CA, resolved by the caller.
    static Result send(const Workspace &workspace, const Person &person, int index,
                       const ContactMethod &method, const QString &secret, const QString &caFile);
};

} // namespace wk
