// A mapped file's kernel object: a file of zeros in the session's folder, as long as its
// cells, that each worker maps. The engine maps nothing: it reads the cells from the file
// with pread, so what it reports is what the stores put in the file.
#include "engine/kernelobject.h"
#include "ipc/syscall.h"
#include "kinds/shm/settings.h"

#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace ipcsim::core::kinds::mappedfile {

namespace {

class MappedFile final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_path = at.layout.filePath(at.spec.name);
        m_count = size_t(shm::settingsOf(at.spec).cells);
        const int fd = open(m_path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0 || ftruncate(fd, off_t(m_count * sizeof(qint64))) != 0) {
            *error = failure((fd < 0 ? "creating " : "sizing ") + m_path);
            if (fd >= 0) close(fd);
            return false;
        }
        close(fd);
        return true;
    }
    void readFinal(KernelFinal *f) override
    {
        QVector<qint64> cells(qsizetype(m_count), 0);
        const int fd = open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        const size_t bytes = m_count * sizeof(qint64);
        size_t done = 0;
        while (done < bytes) {
            const ssize_t n = sys::retry([&] {
                return pread(fd, reinterpret_cast<char *>(cells.data()) + done, bytes - done,
                             off_t(done));
            });
            if (n <= 0) break;
            done += size_t(n);
        }
        close(fd);
        if (done < bytes) return;
        f->cells = std::move(cells);
        f->read = true;
    }

private:
    std::string m_path;
    size_t m_count = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<MappedFile>();
}

} // namespace

extern const KindEngine engine = {make};

} // namespace ipcsim::core::kinds::mappedfile
