// A System V message queue drawn as a POSIX one's slots (QueueItem), oldest first, each
// message with its type.
#include "kinds/mqueue/settings.h"
#include "queueitem.h"
#include "story/texts.h"
#include "theme.h"

namespace ipcsim::ui {

namespace {

class SysvQueueItem final : public QueueItem
{
public:
    using QueueItem::QueueItem;

protected:
    QString tag(const core::kinds::mqueue::Message &m) const override
    {
        return QObject::tr("type %1").arg(m.priority);
    }
    // Full by its bytes (msg_qbytes), not by a count of messages.
    QString caption() const override
    {
        const qsizetype n = messages().size();
        return (n == 1 ? QObject::tr("1 message") : QObject::tr("%1 messages").arg(n)) +
               QObject::tr(" · %1 of %2 bytes")
                   .arg(core::kinds::mqueue::stateOf(m_state).bytes())
                   .arg(m_state.capacity);
    }
    void addRows(QList<InspectorRow> &rows) const override
    {
        const QString der = core::Texts::sourceName(core::Source::Derived);
        rows << InspectorRow{QObject::tr("messages"), QString::number(messages().size()), der};
        rows << InspectorRow{QObject::tr("bytes"),
                             QObject::tr("%1 of %2")
                                 .arg(core::kinds::mqueue::stateOf(m_state).bytes())
                                 .arg(m_state.capacity),
                             der};
        rows << InspectorRow{QObject::tr("message size"),
                             QString::number(core::kinds::mqueue::settingsOf(m_spec).messageSize),
                             QObject::tr("scenario")};
        int i = 0;
        for (const auto &m : messages())
            rows << InspectorRow{QObject::tr("message %1").arg(++i),
                                 QObject::tr("\"%1\" type %2 from %3")
                                     .arg(QString::fromUtf8(m.text))
                                     .arg(m.priority)
                                     .arg(procName(m.sender)),
                                 der};
    }
    QString tooltipText() const override
    {
        QString t = QObject::tr("System V message queue %1: %2 messages, oldest first (derived "
                                "from reported sends and receives)\nA receive takes the oldest "
                                "of the type it asks for: type 0, of any type; type -T, of the "
                                "lowest type up to T")
                        .arg(m_state.name)
                        .arg(messages().size());
        if (m_state.kernelValue >= 0)
            t += QObject::tr("\nmsg_qnum: %1 (kernel, msgctl IPC_STAT)").arg(m_state.kernelValue);
        for (const auto &m : messages())
            t += QObject::tr("\n  \"%1\" (type %2)").arg(QString::fromUtf8(m.text)).arg(m.priority);
        return t;
    }
};

} // namespace

namespace kinds::sysvmqueue {
extern const KindItem item = {.make = makeItem<SysvQueueItem>,
                              .accent = Theme::blue,
                              .kernelValue = "messages (msg_qnum, msgctl IPC_STAT)",
                              .level = [](const core::ResourceState &r) {
                                  return qint64(core::kinds::mqueue::stateOf(r).messages.size());
                              }};
} // namespace kinds::sysvmqueue

} // namespace ipcsim::ui
