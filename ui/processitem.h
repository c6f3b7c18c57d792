// A process of the run: its name and PID, its state written out (never colour alone), the
// statement it is at, and, in step mode, whether it is ready for the user to release a step.
#pragma once

#include "diagramitem.h"

#include <QStringList>

namespace ipcsim::ui {

class ProcessItem : public DiagramItem
{
public:
    ProcessItem(int instance, const QStringList &scriptLines);

    int type() const override { return ProcessType; }
    void worldChanged(const core::WorldState &world) override;
    QList<InspectorRow> inspectorRows(const core::WorldState &world) const override;
    QString title() const override { return m_proc.name; }

    // next: the schedule's policy releases this one next.
    void setReady(bool ready, bool next = false);
    // After a deadlock: what it was waiting on ("fork1"); empty clears. Its node then says it
    // was deadlocked there and that ipcsim ended it, not only which signal killed it.
    // waitedOn: what it waited on when the engine found the run stuck (empty: nothing);
    // inCycle: whether it was part of a circle of waits, or waited for what nobody left does.
    void setDeadlockWait(const QString &waitedOn, bool inCycle = true);
    QString deadlockWait() const { return m_deadlockOn; }
    bool isReady() const { return m_ready; }
    bool isNext() const { return m_next; }
    const core::ProcessState &state() const { return m_proc; }

    // The state as one line of text, as drawn: "BLOCKED in sem_wait(full)".
    // naming: with the object of the call or spin ("BLOCKED in sem_wait(spaces)"), or without;
    // calling: with the call's name, or without ("BLOCKED in the kernel").
    QString stateText(bool naming = true, bool calling = true) const;
    QString statementText() const;
    // The signals sent to it that wait, pending, until it takes them: "SIGUSR1, SIGRTMIN+1 ×3".
    QString pendingText() const;

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintBadge(QPainter *painter, const QRectF &r, const QColor &c) const;

    QStringList m_scriptLines;
    core::ProcessState m_proc;
    QString m_resName; // resource of the current statement
    core::ResourceType m_resType = core::ResourceType::Pipe;
    QString m_resOwner; // its owner, for "spinning on s (held by x)"
    bool m_ready = false;
    bool m_next = false;
    QString m_deadlockOn;
    bool m_inCycle = true;
    QString m_drawnKey; // what was last painted, to skip needless repaints
};

} // namespace ipcsim::ui
