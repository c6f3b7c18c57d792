// A socket drawn as a connection with the bytes in flight in it.
#pragma once

#include "kinds/socket/settings.h"
#include "kinds/socket/state.h"
#include "resourceitem.h"

namespace ipcsim::ui {

class SocketItem : public ResourceItem
{
public:
    SocketItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;

private:
    QString flavour() const; // "unix stream", "tcp datagram"
    const core::kinds::socket::Settings &settings() const
    {
        return core::kinds::socket::settingsOf(m_spec);
    }
    const core::kinds::socket::State &state() const
    {
        return core::kinds::socket::stateOf(m_state);
    }
};

} // namespace ipcsim::ui
