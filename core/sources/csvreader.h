#pragma once

#include <QString>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// A streaming RFC 4180 reader for large files: quoted fields (with "" escapes and embedded
// newlines), LF or CRLF line ends, a last line without a newline. Read in blocks, or mapped
// a window at a time (mapInWindows); either way memory stays bounded by the window or the
// longest record, so multi-gigabyte event files never sit in memory whole.
class CsvReader
{
public:
    explicit CsvReader(QString path);
    ~CsvReader();
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

    // Opens the file; with a range, reads only bytes [from, to) as if they were the whole
    // file (to < 0: up to the end), numbering lines from firstLine. The range must start
    // at a record boundary.
    bool open(qint64 from = 0, qint64 to = -1, qint64 firstLine = 1);
    // Before open(): map a regular file a window at a time instead of reading it (it doubles
    // for a record that does not fit; tests make it small to cross many window edges).
    // Faster for big files, but only for files nobody truncates while they are read: a
    // page that vanishes under a mapping kills the process. So `check burst` maps its
    // input; the console, which tails files that log rotation may truncate, reads.
    static constexpr size_t defaultWindow = 64 << 20;
    void mapInWindows(size_t bytes = defaultWindow) { m_windowWanted = bytes; }
    // The file offset just past the last record returned by next().
    qint64 offset() const { return m_bufferOffset + static_cast<qint64>(m_begin); }
    // Advances to the next non-empty record. False at the end of the file or on an error;
    // error() tells which.
    bool next();

    qsizetype fieldCount() const { return static_cast<qsizetype>(m_fields.size()); }
    // Valid until the next call of next().
    std::string_view field(qsizetype i) const { return m_fields[static_cast<size_t>(i)]; }
    // The physical line where the current record starts, 1-based.
    qint64 line() const { return m_recordLine; }
    // "path:line: problem", or empty when there was no error.
    QString error() const;
    // The problem alone, and the line it is on (0 when about the whole file).
    const QString &errorMessage() const { return m_error; }
    qint64 errorLine() const { return m_errorLine; }
    const QString &path() const { return m_path; }

    // Finds the header's columns by name; fills indexes (or -1) and returns false if
    // a required one is missing, with error() naming it.
    bool mapHeader(const std::vector<std::string_view> &names, std::vector<int> &indexes);
    // After mapHeader: the index of any other header column, or -1.
    int column(std::string_view name) const;

private:
    bool fill();
    bool mapNext();
    bool parseRecord();

    QString m_path;
    std::FILE *m_file = nullptr;
    std::vector<char> m_buffer; // what was read, when the file is not mapped
    char *m_data = nullptr;     // the buffer or the mapped window
    bool m_mapped = false;
    void *m_map = nullptr;
    size_t m_mapLength = 0;
    qint64 m_mapStart = -1; // where the first record of the window starts
    qint64 m_rangeEnd = 0;
    size_t m_window = 0;
    size_t m_windowWanted = 0; // 0: read, not mapped
    size_t m_begin = 0;        // start of unparsed data
    size_t m_end = 0;          // end of valid data
    bool m_eof = false;
    qint64 m_bufferOffset = 0; // file offset of m_buffer[0]
    qint64 m_remaining = -1;   // bytes left in the range, or -1 for no limit
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    std::vector<std::string_view> m_fields;
    std::vector<std::string> m_header;
    std::vector<std::pair<size_t, size_t>> m_spans;
    std::vector<char> m_quoted;
    QString m_error;
    qint64 m_errorLine = 0;
};

} // namespace wk
