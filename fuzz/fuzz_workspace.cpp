#include "fuzztarget.h"
#include "schedule/oncallschedule.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QDir>

#include <cstdlib>

// A workspace file as a user (or a hostile one) writes it. A file the reader accepts must
// write back to a file that reads as the same workspace, and its rotations must plan the
// weeks ahead of their start without running away.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wk::fuzz::ensureApplication();
    const QByteArray yaml(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString fileName = QDir::temp().filePath(QStringLiteral("fuzz-workspace.yaml"));
    const wk::WorkspaceLoadResult loaded = wk::WorkspaceReader::readText(yaml, fileName);
    if (loaded.ok() != loaded.diagnostics.isEmpty())
        std::abort();
    if (!loaded.ok())
        return 0;
    const wk::Workspace &ws = *loaded.workspace;
    const wk::WorkspaceLoadResult again =
        wk::WorkspaceReader::readText(wk::WorkspaceWriter::toYaml(ws), fileName);
    if (!again.ok() || !(*again.workspace == ws))
        std::abort();

    const wk::OnCallSchedule schedule(ws);
    for (const wk::Rotation &rotation : ws.rotations) {
        const QDateTime from = rotation.start.startOfDay(QTimeZone::utc());
        schedule.shifts(rotation.id, from, from.addDays(28));
    }
    return 0;
}
