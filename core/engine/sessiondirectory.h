// A session's private folder ipcsim-<pid>-<random> (mode 0700) under $XDG_RUNTIME_DIR or /tmp:
// its lock file (held for the session's life: a lock nobody holds marks a dead session), and
// its manifest of named kernel objects (written before each object is created).
#pragma once

#include <QString>
#include <string>

namespace ipcsim::core {

class SessionDirectory
{
public:
    SessionDirectory() = default;
    ~SessionDirectory(); // removes everything if still there
    SessionDirectory(const SessionDirectory &) = delete;
    SessionDirectory &operator=(const SessionDirectory &) = delete;

    // Where sessions live: $XDG_RUNTIME_DIR if set and usable, else /tmp.
    static std::string baseDirectory();
    // Removes sessions whose lock file nobody holds (their owner died). Returns how many.
    static int purgeStale(const std::string &base = baseDirectory());

    bool create(QString *error);
    const std::string &path() const { return m_path; }
    bool isValid() const { return !m_path.empty(); }

    // Records a named object ("shm", "/ipcsim-...-slots") in the manifest, durably, before
    // the caller creates it, so a crash in between still leaves a record to purge.
    bool record(const char *kind, const std::string &name, QString *error);

    // Unlinks every recorded object and removes the folder. Idempotent.
    void remove();

private:
    std::string m_path;
    int m_lockFd = -1;
    int m_manifestFd = -1;
};

} // namespace ipcsim::core
