// A System V semaphore set drawn as its members side by side, each with its value (a pale box
// has no token), and who is asleep in a semop waiting for which of them.
#include "kinds/sysvsemaphore/settings.h"
#include "kinds/sysvsemaphore/state.h"
#include "resourceitem.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

namespace {

class SysvSemaphoreItem final : public ResourceItem
{
public:
    SysvSemaphoreItem(int res, const core::ResourceSpec &spec)
        : ResourceItem(res, spec, QSizeF(236, 108))
    {
    }

protected:
    const core::kinds::sysvsemaphore::Settings &settings() const
    {
        return core::kinds::sysvsemaphore::settingsOf(m_spec);
    }
    const core::kinds::sysvsemaphore::State &set() const
    {
        return core::kinds::sysvsemaphore::stateOf(m_state);
    }

    void paintBody(QPainter *painter, const QRectF &body) override
    {
        const qsizetype n = set().members.size();
        // A box per member, 30 to 44 px wide; when they do not all fit, the last place counts
        // the rest ("+5").
        const qreal gap = 4;
        const int places = int((body.width() + gap) / (30 + gap));
        const bool all = n <= places;
        const int drawn = int(all ? n : places - 1);
        const qreal w =
            qMin<qreal>(44, (body.width() + gap) / qMax(1, int(all ? n : places)) - gap);
        for (int k = 0; k < drawn; ++k) {
            const QRectF box(body.left() + k * (w + gap), body.top(), w, 24);
            const qint64 v = set().members[k];
            painter->setPen(QPen(Theme::ink(), 1));
            painter->setBrush(v > 0 ? Theme::tint(accent(), 0.45) : Theme::paper());
            painter->drawRoundedRect(box, 3, 3);
            painter->setPen(v > 0 ? Theme::ink() : Theme::ink().lighter(150));
            painter->setFont(Theme::font(12, v > 0));
            painter->drawText(box, Qt::AlignCenter, core::Texts::compact(v));
            painter->setPen(Theme::ink());
            painter->setFont(Theme::font(Theme::kSmallPt));
            painter->drawText(QRectF(box.left() - gap / 2, box.bottom(), w + gap, 14),
                              Qt::AlignCenter, QStringLiteral("[%1]").arg(k));
        }
        if (drawn < n) {
            painter->setFont(Theme::font(Theme::kSmallPt));
            painter->drawText(QRectF(body.left() + drawn * (w + gap), body.top(), 40, 24),
                              Qt::AlignCenter, QObject::tr("+%1").arg(n - drawn));
        }
        // What SEM_UNDO will give back, if anything; else who sleeps for which members (the
        // base's line says who waits, in order).
        if (const QStringList undo = undoLines(); !undo.isEmpty()) {
            painter->setFont(Theme::font(Theme::kSmallPt));
            painter->setPen(Theme::ink());
            Theme::drawFirstFitting(
                painter, QRectF(body.left(), body.top() + 40, body.width(), 16),
                Qt::AlignLeft | Qt::AlignVCenter,
                {QObject::tr("SEM_UNDO at exit: %1").arg(undo.join(QStringLiteral("; "))),
                 QObject::tr("at exit: %1").arg(undo.join(QStringLiteral("; "))),
                 QObject::tr("SEM_UNDO: %1 processes to undo").arg(undo.size())});
            return;
        }
        QStringList asleep;
        for (auto it = m_state.asking.cbegin(); it != m_state.asking.cend(); ++it)
            asleep << QObject::tr("%1 for %2").arg(procName(it.key()), membersText(it.value()));
        painter->setFont(Theme::font(Theme::kSmallPt));
        painter->setPen(asleep.isEmpty() ? Theme::ink().lighter(150) : Theme::ink());
        const QRectF line(body.left(), body.top() + 40, body.width(), 16);
        if (asleep.isEmpty())
            painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                              settings().undo ? QObject::tr("semop all or nothing · SEM_UNDO")
                                              : QObject::tr("semop: all or nothing"));
        else
            Theme::drawFirstFitting(
                painter, line, Qt::AlignLeft | Qt::AlignVCenter,
                {QObject::tr("semop: %1").arg(asleep.join(QStringLiteral("; "))),
                 asleep.first() +
                     (asleep.size() > 1 ? QObject::tr(" (+%1)").arg(asleep.size() - 1) : QString()),
                 QObject::tr("%1 asleep in semop").arg(asleep.size())});
    }
    void addRows(QList<InspectorRow> &rows) const override
    {
        const QString source = keptSource(core::Source::Derived);
        for (qsizetype k = 0; k < set().members.size(); ++k)
            rows << InspectorRow{QStringLiteral("%1[%2]").arg(m_state.name).arg(k),
                                 QString::number(set().members[k]), source};
        QStringList initial;
        for (int64_t k = 0; k < settings().semaphores; ++k)
            initial << QString::number(settings().initialOf(k));
        rows << InspectorRow{QObject::tr("initial values"), initial.join(QStringLiteral(", ")),
                             QObject::tr("scenario")};
        rows << InspectorRow{QObject::tr("SEM_UNDO"),
                             settings().undo
                                 ? QObject::tr("yes: a process's semops are undone when "
                                               "it exits")
                                 : QObject::tr("no"),
                             QObject::tr("scenario")};
        for (const QString &u : undoLines())
            rows << InspectorRow{QObject::tr("SEM_UNDO at exit"), u,
                                 core::Texts::sourceName(core::Source::Derived)};
        for (auto it = m_state.asking.cbegin(); it != m_state.asking.cend(); ++it)
            rows << InspectorRow{QObject::tr("%1 asks for").arg(procName(it.key())),
                                 membersText(it.value()),
                                 core::Texts::sourceName(core::Source::Reported)};
    }
    QString tooltipText() const override
    {
        QStringList v;
        for (qint64 x : set().members)
            v << QString::number(x);
        QString t = QObject::tr("System V semaphore set %1: %2 members\nvalues: [%3] (%4)")
                        .arg(m_state.name)
                        .arg(set().members.size())
                        .arg(v.join(QStringLiteral(", ")))
                        .arg(keptHow(QObject::tr("counted from the semops reported")));
        if (m_state.kernelValue >= 0)
            t += QObject::tr("\nsum of the values: %1 (kernel, semctl GETALL)")
                     .arg(m_state.kernelValue);
        t += QObject::tr("\none semop takes or gives every member it names at once, or sleeps");
        if (settings().undo)
            t += QObject::tr("\nSEM_UNDO: the kernel undoes a process's semops when it exits");
        return t;
    }

private:
    // "crasher [0] +1": what the kernel will add to each member when each process exits.
    QStringList undoLines() const
    {
        QStringList lines;
        for (auto it = set().semadj.cbegin(); it != set().semadj.cend(); ++it) {
            QStringList parts;
            for (qsizetype k = 0; k < it.value().size(); ++k)
                if (const qint64 a = it.value()[k])
                    parts << QStringLiteral("[%1] %2%3").arg(k).arg(a > 0 ? "+" : "").arg(a);
            if (!parts.isEmpty())
                lines << procName(it.key()) + QLatin1Char(' ') + parts.join(QStringLiteral(", "));
        }
        return lines;
    }
    // "[1], [2]"
    static QString membersText(const QList<int> &members)
    {
        QStringList s;
        for (int k : members)
            s << QStringLiteral("[%1]").arg(k);
        return s.join(QStringLiteral(", "));
    }
};

} // namespace

namespace kinds::sysvsemaphore {
// The tokens the set holds: its members' values summed.
qint64 level(const core::ResourceState &r)
{
    qint64 sum = 0;
    for (qint64 x : core::kinds::sysvsemaphore::stateOf(r).members)
        sum += x;
    return sum;
}
// A step's token names the members that gave or took a token: "[0] [2]".
QString tokenLabel(const core::Event &e)
{
    QStringList members;
    for (int k : core::kinds::sysvsemaphore::membersOf(e.text))
        members << QStringLiteral("[%1]").arg(k);
    return members.join(QLatin1Char(' '));
}
extern const KindItem item = {.make = makeItem<SysvSemaphoreItem>,
                              .accent = Theme::orange,
                              .kernelValue = "tokens (the members' values summed, semctl GETALL)",
                              .level = level,
                              .tokenLabel = tokenLabel};
} // namespace kinds::sysvsemaphore

} // namespace ipcsim::ui
