#include "trace/outputfile.h"

#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

int retryOpen(const char *path, int flags, mode_t mode = 0)
{
    int fd;
    do {
        fd = ::open(path, flags, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

mode_t newFileMode()
{
    const mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

} // namespace

OutputFile::~OutputFile()
{
    discard();
}

bool OutputFile::fail(const QString &what, int err)
{
    m_failed = true;
    setErrorString(QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(err))));
    return false;
}

bool OutputFile::create(const QString &path, const QStringList &inputs)
{
    discard();
    m_path = path;
    m_failed = false;
    const QByteArray p = QFile::encodeName(path);
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    if (!QFileInfo(folder).isDir()) {
        setErrorString(QStringLiteral("no folder %1 to write %2 in").arg(folder, path));
        return false;
    }
    struct stat target
    {
    };
    const bool exists = ::stat(p.constData(), &target) == 0;
    if (exists && S_ISDIR(target.st_mode)) {
        setErrorString(QStringLiteral("%1 is a folder, not a file").arg(path));
        return false;
    }
    for (const QString &in : inputs) {
        struct stat s
        {
        };
        if (exists && ::stat(QFile::encodeName(in).constData(), &s) == 0 &&
            s.st_dev == target.st_dev && s.st_ino == target.st_ino) {
            setErrorString(
                QFileInfo(in).absoluteFilePath() == info.absoluteFilePath()
                    ? QStringLiteral("%1 is the file this run reads: it would be overwritten")
                          .arg(path)
                    : QStringLiteral("%1 is %2, which this run reads: it would be overwritten")
                          .arg(path, in));
            return false;
        }
    }
    if (exists && !S_ISREG(target.st_mode)) {
        // A FIFO, a terminal, /dev/stdout: a stream, written as it comes.
        m_fd = retryOpen(p.constData(), O_WRONLY | O_CLOEXEC);
        if (m_fd < 0) return fail(QStringLiteral("cannot write %1").arg(path), errno);
        m_direct = true;
    } else {
        const QByteArray dir = QFile::encodeName(folder);
        m_fd = retryOpen(dir.constData(), O_TMPFILE | O_WRONLY | O_CLOEXEC, newFileMode());
        if (m_fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
            // No unnamed files here: a hidden name beside the target, made new (O_EXCL).
            m_tempName = dir + "/." + QFile::encodeName(info.fileName()) + ".ipcsim-XXXXXX";
            m_fd = mkostemp(m_tempName.data(), O_CLOEXEC);
            if (m_fd < 0)
                m_tempName.clear();
            else
                fchmod(m_fd, newFileMode());
        }
        if (m_fd < 0) return fail(QStringLiteral("cannot write in %1").arg(folder), errno);
    }
    return QIODevice::open(QIODevice::WriteOnly);
}

qint64 OutputFile::writeData(const char *data, qint64 len)
{
    if (m_fd < 0 || m_failed) return -1;
    qint64 done = 0;
    while (done < len) {
        const ssize_t n = ::write(m_fd, data + done, size_t(len - done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            fail(QStringLiteral("cannot write %1").arg(m_path), n < 0 ? errno : ENOSPC);
            return -1;
        }
        done += n;
    }
    return done;
}

bool OutputFile::commit()
{
    if (m_fd < 0) return false;
    if (m_failed) {
        discard();
        return false;
    }
    const QByteArray p = QFile::encodeName(m_path);
    if (!m_direct) {
        if (::fsync(m_fd) != 0) {
            fail(QStringLiteral("cannot write %1").arg(m_path), errno);
            discard();
            return false;
        }
        if (m_tempName.isEmpty()) {
            // Named under a hidden name first (linkat cannot replace), then renamed over the
            // target in one step.
            const QByteArray proc = "/proc/self/fd/" + QByteArray::number(m_fd);
            QByteArray name;
            for (int attempt = 0; attempt < 100; ++attempt) {
                name = QFile::encodeName(QFileInfo(m_path).absolutePath()) + "/." +
                       QFile::encodeName(QFileInfo(m_path).fileName()) + ".ipcsim-" +
                       QByteArray::number(getpid()) + '-' + QByteArray::number(attempt);
                if (::linkat(AT_FDCWD, proc.constData(), AT_FDCWD, name.constData(),
                             AT_SYMLINK_FOLLOW) == 0)
                    break;
                if (errno != EEXIST) {
                    fail(QStringLiteral("cannot write %1").arg(m_path), errno);
                    discard();
                    return false;
                }
                name.clear();
            }
            m_tempName = name;
        }
        if (m_tempName.isEmpty() || ::rename(m_tempName.constData(), p.constData()) != 0) {
            fail(QStringLiteral("cannot write %1").arg(m_path), errno ? errno : EEXIST);
            discard();
            return false;
        }
        m_tempName.clear();
    }
    const int fd = m_fd;
    m_fd = -1;
    QIODevice::close();
    if (::close(fd) != 0 && errno != EINTR)
        return fail(QStringLiteral("cannot write %1").arg(m_path), errno);
    return true;
}

void OutputFile::discard()
{
    if (!m_tempName.isEmpty()) {
        ::unlink(m_tempName.constData());
        m_tempName.clear();
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (isOpen()) {
        const QString error = errorString();
        QIODevice::close(); // may forget the error
        if (m_failed) setErrorString(error);
    }
}

} // namespace ipcsim::core
