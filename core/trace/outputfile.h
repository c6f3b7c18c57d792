// Where a trace goes, written safely. Checked before the run (its folder exists, it is not a
// file the run reads, it is no folder), then written to a file with no name yet in the same
// folder (O_TMPFILE; a hidden temporary name where the file system has none) and given the
// target's name only when complete: a run killed midway leaves the old file as it was and no
// half file, a planted symbolic link is replaced, not followed, and a failed write fails the
// commit. A target that is no regular file (a FIFO, /dev/stdout) is written straight through.
#pragma once

#include <QIODevice>
#include <QString>
#include <QStringList>

namespace ipcsim::core {

class OutputFile final : public QIODevice
{
public:
    OutputFile() = default;
    ~OutputFile() override; // not committed: nothing is left
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    // Checks the path and creates the unnamed file. inputs: files the run reads, which the
    // output must not replace. False with errorString() set ("no folder /x/y for /x/y/t.json").
    bool create(const QString &path, const QStringList &inputs = {});
    // Gives the written file its name (replacing what was there). False if any write failed.
    bool commit();
    QString path() const { return m_path; }

    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 len) override;

private:
    void discard();
    bool fail(const QString &what, int err);

    QString m_path;
    int m_fd = -1;
    bool m_direct = false; // straight to a FIFO or device
    QByteArray m_tempName; // the fallback's hidden name, if used
    bool m_failed = false;
};

} // namespace ipcsim::core
