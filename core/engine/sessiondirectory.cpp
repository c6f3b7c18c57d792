#include "engine/sessiondirectory.h"

#include "ipc/purge.h"
#include "ipc/syscall.h"

#include <QLoggingCategory>

#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSessionDir, "ipcsim.engine.sessiondirectory", QtWarningMsg)

namespace ipcsim::core {

namespace {

std::string randomSuffix()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[8];
    if (getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
        for (auto &b : bytes)
            b = static_cast<unsigned char>(std::rand());
    }
    std::string s;
    for (unsigned char b : bytes)
        s += alphabet[b % (sizeof alphabet - 1)];
    return s;
}

} // namespace

SessionDirectory::~SessionDirectory()
{
    remove();
}

std::string SessionDirectory::baseDirectory()
{
    if (const char *xdg = std::getenv("XDG_RUNTIME_DIR")) {
        struct stat st;
        if (*xdg == '/' && ::stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) &&
            access(xdg, W_OK | X_OK) == 0)
            return xdg;
    }
    return "/tmp";
}

int SessionDirectory::purgeStale(const std::string &base)
{
    DIR *d = opendir(base.c_str());
    if (!d) return 0;
    int purged = 0;
    while (dirent *e = readdir(d)) {
        if (!isSessionDirectoryName(e->d_name)) continue;
        const std::string dir = base + "/" + e->d_name;
        struct stat st;
        if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        const int fd = open((dir + "/lock").c_str(), O_RDONLY | O_CLOEXEC);
        bool stale = false;
        if (fd >= 0) {
            // A lock that can be taken is held by nobody: its session is dead (PIDs prove nothing).
            stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
        } else {
            // No lock file: a session that died between mkdir and creating its lock, or one
            // being created right now. Only an old one is stale.
            stale = st.st_mtime + 60 < time(nullptr);
        }
        if (stale) {
            qCInfo(lcSessionDir) << "removing stale session" << dir.c_str();
            purgeSessionDirectory(dir.c_str());
            ++purged;
        }
        if (fd >= 0) close(fd);
    }
    closedir(d);
    return purged;
}

bool SessionDirectory::create(QString *error)
{
    const std::string base = baseDirectory();
    for (int attempt = 0; attempt < 16; ++attempt) {
        std::string path = base + "/ipcsim-" + std::to_string(getpid()) + "-" + randomSuffix();
        if (mkdir(path.c_str(), 0700) != 0) {
            if (errno == EEXIST) continue;
            *error = QString::fromStdString(sys::describe("mkdir(" + path + ")", errno));
            return false;
        }
        m_path = path;
        break;
    }
    if (m_path.empty()) {
        *error = QStringLiteral("could not create a unique session folder in %1")
                     .arg(QString::fromStdString(base));
        return false;
    }
    // The lock is taken under another name and given its own in one step: another ipcsim
    // starting never finds it unlocked (it would take this session for a dead one).
    const std::string unnamed = m_path + "/lock.new";
    m_lockFd = open(unnamed.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_lockFd < 0 || flock(m_lockFd, LOCK_EX | LOCK_NB) != 0 ||
        rename(unnamed.c_str(), (m_path + "/lock").c_str()) != 0) {
        *error = QString::fromStdString(sys::describe("lock file in " + m_path, errno));
        remove();
        return false;
    }
    m_manifestFd = open((m_path + "/manifest").c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (m_manifestFd < 0) {
        *error = QString::fromStdString(sys::describe("manifest in " + m_path, errno));
        remove();
        return false;
    }
    return true;
}

bool SessionDirectory::record(const char *kind, const std::string &name, QString *error)
{
    const std::string line = std::string(kind) + " " + name + "\n";
    const ssize_t n = sys::retry([&] { return ::write(m_manifestFd, line.data(), line.size()); });
    if (n != ssize_t(line.size())) {
        *error = QString::fromStdString(sys::describe("writing the session manifest", errno));
        return false;
    }
    return true;
}

void SessionDirectory::remove()
{
    if (m_path.empty()) return;
    if (m_manifestFd >= 0) close(m_manifestFd);
    m_manifestFd = -1;
    purgeSessionDirectory(m_path.c_str());
    if (m_lockFd >= 0) close(m_lockFd);
    m_lockFd = -1;
    m_path.clear();
}

} // namespace ipcsim::core
