// A file's kernel object: created in the session's folder with its content; each process
// opens it by its path. The engine reads its size and, with F_GETLK, who holds its lock.
#include "engine/kernelobject.h"
#include "ipc/syscall.h"
#include "kinds/file/settings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ipcsim::core::kinds::file {

namespace {

class File final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_path = at.layout.filePath(at.spec.name);
        const std::string &content = settingsOf(at.spec).content;
        const int fd = open(m_path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) {
            *error = failure("creating " + m_path);
            return false;
        }
        size_t done = 0;
        while (done < content.size()) {
            const ssize_t n =
                sys::retry([&] { return write(fd, content.data() + done, content.size() - done); });
            if (n <= 0) {
                *error = failure("writing " + m_path);
                close(fd);
                return false;
            }
            done += size_t(n);
        }
        close(fd);
        return true;
    }
    StreamEnd streamEnd(bool reading) const override
    {
        return {-1, m_path, reading ? O_RDONLY : O_WRONLY | O_APPEND};
    }
    // F_GETLK on the whole file: a holder that conflicts with a write lock.
    Holder holder() const override
    {
        const int fd = open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return {};
        struct flock fl = {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        int pid = 0;
        if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) pid = fl.l_pid;
        close(fd); // closing our own descriptor drops only our locks, and we hold none
        return {-1, pid};
    }
    void readFinal(KernelFinal *f) override
    {
        struct stat st = {};
        f->read = stat(m_path.c_str(), &st) == 0;
        f->value = f->read ? qint64(st.st_size) : -1;
    }

private:
    std::string m_path;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<File>();
}

} // namespace

extern const KindEngine engine = {.make = make, .holderWakes = true};

} // namespace ipcsim::core::kinds::file
