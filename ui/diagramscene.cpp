#include "diagramscene.h"
#include "edgeitem.h"
#include "processitem.h"
#include "resourceitem.h"
#include "scenario/kind.h"
#include "scenario/statements.h"
#include "signalarrowitem.h"
#include "story/texts.h"
#include "theme.h"
#include "tokenitem.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QMap>
#include <QSet>
#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <tuple>

namespace ipcsim::ui {

using core::Op;

namespace {

constexpr int kMaxTokensPerEdge = 2; // more than that: the edge shows a rate instead
constexpr int kMaxLiveTokens = 48;
constexpr qreal kProcGapY = 22;
constexpr qreal kProcGapX = 28; // between processes side by side (rows)
constexpr qreal kResGapY = 20;
// Room between the process columns and the resources: the widest edge label and a margin on
// each side, within these bounds. Narrower columns let the view draw everything larger.
constexpr qreal kMinColumnGap = 110;
constexpr qreal kMaxColumnGap = 190;
constexpr qreal kResColGap = 60;
// Between resources side by side in a row: wide enough for the lines of the processes on the
// far side to pass between them, with their labels.
constexpr qreal kResRowGapX = 100;
constexpr int kResPerColumn = 6;
constexpr qreal kMargin = 8;   // around the diagram, inside the view
constexpr qreal kRingGap = 38; // the least between neighbours in a ring (and their margins)

struct Use
{
    QStringList ops;
    bool toRes = false;
    bool fromRes = false;
};

void collectUses(const std::vector<core::Stmt> &body, QMap<int, Use> &uses,
                 QSet<int> &signalTargets)
{
    for (const auto &s : body) {
        if (s.res >= 0 && core::isStep(s.op) && s.op != Op::Signal) {
            Use &u = uses[s.res];
            const QString k = core::Texts::keyword(s.op);
            if (!u.ops.contains(k)) u.ops << k;
            if (core::statementInfo(s.op).intoObject)
                u.toRes = true;
            else
                u.fromRes = true;
        }
        if (s.op == Op::Signal && s.target >= 0) signalTargets.insert(s.target);
        collectUses(s.body, uses, signalTargets);
        collectUses(s.elseBody, uses, signalTargets);
    }
}

} // namespace

DiagramScene::DiagramScene(QObject *parent) : QGraphicsScene(parent)
{
    m_clock.start();
    setBackgroundBrush(Theme::paper());
    // Items are added and removed all the time (tokens); an index only costs here.
    setItemIndexMethod(NoIndex);
}

void DiagramScene::setScenario(const core::Scenario &scenario)
{
    clearAnimations();
    clear();
    m_processes.clear();
    m_resources.clear();
    m_edges.clear();
    m_edgeIndex.clear();
    m_signals.clear();
    m_programWritten.clear();
    m_scenario = scenario;

    for (size_t r = 0; r < scenario.resources.size(); ++r) {
        ResourceItem *item = ResourceItem::create(int(r), scenario.resources[r]);
        addItem(item);
        m_resources << item;
    }
    for (size_t i = 0; i < scenario.instances.size(); ++i) {
        const auto &inst = scenario.instances[i];
        const auto &spec = scenario.processes[inst.spec];
        auto *item = new ProcessItem(
            int(i), QString::fromStdString(spec.scriptText).split(QLatin1Char('\n')));
        // The item shows its name before the first event arrives.
        core::WorldState w;
        w.processes.resize(int(scenario.instances.size()));
        w.processes[int(i)].name = QString::fromStdString(inst.name);
        w.processes[int(i)].exec = spec.isExec();
        item->worldChanged(w);
        addItem(item);
        m_processes << item;
    }
    m_userMoved = false;
    m_ring = findRing();

    // Edges: one per process and resource its script uses, labelled with the statements.
    QVector<QSet<int>> signalTargets(int(scenario.processes.size()));
    QVector<QMap<int, Use>> usesBySpec(int(scenario.processes.size()));
    for (size_t p = 0; p < scenario.processes.size(); ++p) {
        const auto &spec = scenario.processes[p];
        collectUses(spec.script.body, usesBySpec[int(p)], signalTargets[int(p)]);
        if (spec.isExec()) {
            if (spec.stdinRes >= 0) {
                usesBySpec[int(p)][spec.stdinRes].ops << QStringLiteral("stdin");
                usesBySpec[int(p)][spec.stdinRes].fromRes = true;
            }
            if (spec.stdoutRes >= 0) {
                usesBySpec[int(p)][spec.stdoutRes].ops << QStringLiteral("stdout");
                usesBySpec[int(p)][spec.stdoutRes].toRes = true;
            }
            if (spec.stderrRes >= 0) {
                usesBySpec[int(p)][spec.stderrRes].ops << QStringLiteral("stderr");
                usesBySpec[int(p)][spec.stderrRes].toRes = true;
            }
        }
    }
    for (int i = 0; i < m_processes.size(); ++i) {
        const int spec = scenario.instances[i].spec;
        for (auto it = usesBySpec[spec].cbegin(); it != usesBySpec[spec].cend(); ++it) {
            if (it.key() < 0 || it.key() >= m_resources.size()) continue;
            auto *e = new EdgeItem(m_processes[i], m_resources[it.key()], it->ops, it->toRes,
                                   it->fromRes);
            addItem(e);
            addItem(e->labelItem());
            m_edges << e;
            m_edgeIndex.insert(qint64(i) << 32 | unsigned(it.key()), e);
        }
    }
    int lane = 0;
    for (int i = 0; i < m_processes.size(); ++i) {
        const int spec = scenario.instances[i].spec;
        for (int targetSpec : signalTargets[spec]) {
            for (int j = 0; j < m_processes.size(); ++j) {
                if (scenario.instances[j].spec != targetSpec || j == i || m_signals.size() >= 32)
                    continue;
                auto *a = new SignalArrowItem(m_processes[i], m_processes[j], lane++ % 4);
                addItem(a);
                m_signals << a;
            }
        }
    }
    m_arrangement = bestArrangement();
    relayout();
}

void DiagramScene::placeEdgeLabels()
{
    // Greedy, shortest lines first (they have the least room): each label takes the first
    // spot along its line, from the middle outwards, that covers nothing already there; if
    // every spot covers something, the one that covers least.
    QList<QRectF> taken;
    for (DiagramItem *n : std::as_const(m_processes))
        taken << n->sceneBoundingRect();
    for (DiagramItem *n : std::as_const(m_resources))
        taken << n->sceneBoundingRect();
    QList<EdgeItem *> edges = m_edges;
    std::stable_sort(edges.begin(), edges.end(), [](EdgeItem *a, EdgeItem *b) {
        return QLineF(a->processEnd(), a->resourceEnd()).length() <
               QLineF(b->processEnd(), b->resourceEnd()).length();
    });
    // Each label also keeps off the other lines where it can: a label across a line reads
    // as that line's.
    auto linePoints = [](const EdgeItem *e) {
        QList<QPointF> points;
        for (int k = 1; k < 24; ++k)
            points << e->pointAt(k / 24.0);
        return points;
    };
    QHash<const EdgeItem *, QList<QPointF>> lines;
    for (const EdgeItem *e : std::as_const(edges))
        lines.insert(e, linePoints(e));
    constexpr qreal kLineCover = 200; // as bad as this much area of a node covered, a point
    for (EdgeItem *e : edges) {
        EdgeItem::LabelPlace best;
        qreal bestCover = -1;
        for (qreal t : {0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82, 0.12, 0.88}) {
            for (int side : {0, 1, -1}) {
                const QRectF r = e->labelRect({t, side}).adjusted(-2, -2, 2, 2);
                qreal cover = 0;
                for (const QRectF &q : std::as_const(taken)) {
                    const QRectF x = r.intersected(q);
                    if (!x.isEmpty()) cover += x.width() * x.height();
                }
                for (auto it = lines.cbegin(); it != lines.cend(); ++it)
                    if (it.key() != e)
                        for (const QPointF &p : it.value())
                            if (r.contains(p)) cover += kLineCover;
                if (bestCover < 0 || cover < bestCover) {
                    best = {t, side};
                    bestCover = cover;
                }
                if (cover == 0) break;
            }
            if (bestCover == 0) break;
        }
        e->setLabelPlace(best);
        taken << e->labelRect();
    }
}

QRectF DiagramScene::contentRect() const
{
    QRectF r;
    for (const DiagramItem *i : std::as_const(m_processes))
        r |= i->sceneBoundingRect();
    for (const DiagramItem *i : std::as_const(m_resources))
        r |= i->sceneBoundingRect();
    for (const EdgeItem *e : std::as_const(m_edges))
        r |= e->labelRect() | e->linePath().boundingRect();
    for (const SignalArrowItem *a : std::as_const(m_signals))
        r |= a->path().boundingRect().adjusted(-8, -20, 8, 20);
    return r;
}

namespace {

constexpr int kSamples = 64;

// Points of the curve inside one of the boxes.
int pointsIn(const EdgeCurve &curve, const QList<QRectF> &boxes, int enough)
{
    const QRectF span = curve.bounds();
    int hits = 0;
    for (const QRectF &box : boxes) {
        if (!span.intersects(box)) continue;
        for (int k = 1; k < kSamples; ++k)
            if (box.contains(curve.at(qreal(k) / kSamples)) && ++hits >= enough) return hits;
    }
    return hits;
}

} // namespace

QList<QRectF> DiagramScene::otherNodes(const EdgeItem *e, qreal clearance) const
{
    QList<QRectF> boxes;
    auto add = [&](const DiagramItem *node) {
        if (node != e->processItem() && node != e->resourceItem())
            boxes << node->sceneBoundingRect().adjusted(-clearance, -clearance, clearance,
                                                        clearance);
    };
    for (const DiagramItem *p : std::as_const(m_processes))
        add(p);
    for (const DiagramItem *r : std::as_const(m_resources))
        add(r);
    return boxes;
}

int DiagramScene::edgesThroughNodes() const
{
    int n = 0;
    for (const EdgeItem *e : std::as_const(m_edges))
        if (pointsIn(e->curve(), otherNodes(e, -4), 1) > 0) ++n;
    return n;
}

void DiagramScene::routeEdges()
{
    // A straight line that would run through another node (or close by one) bends round it.
    // The curve passes through a waypoint at its middle; of the waypoints on a grid round the
    // straight line, the one whose curve runs through no node, then reaches least beyond the
    // nodes (the diagram keeps its size), then keeps a margin from them, then is shortest.
    constexpr qreal kClearance = 6;
    constexpr qreal kGrid = 20;
    QRectF nodes;
    for (const DiagramItem *p : std::as_const(m_processes))
        nodes |= p->sceneBoundingRect();
    for (const DiagramItem *r : std::as_const(m_resources))
        nodes |= r->sceneBoundingRect();
    auto beyond = [&nodes](const QRectF &r) {
        return std::max(0.0, nodes.left() - r.left()) + std::max(0.0, r.right() - nodes.right()) +
               std::max(0.0, nodes.top() - r.top()) + std::max(0.0, r.bottom() - nodes.bottom());
    };
    for (EdgeItem *e : std::as_const(m_edges)) {
        e->setBend(std::nullopt);
        const QList<QRectF> near = otherNodes(e, kClearance);
        if (pointsIn(e->curve(), near, 1) == 0) continue;
        const QPointF a = e->processEnd(), b = e->resourceEnd();
        const QList<QRectF> inside = otherNodes(e, 2);
        const QPointF mid = (a + b) / 2;
        std::optional<QPointF> best;
        using Key = std::tuple<int, qreal, int, qreal>;
        Key bestKey{std::numeric_limits<int>::max(), 0, 0, 0};
        const QRectF around = QRectF(a, b).normalized().adjusted(-160, -160, 160, 160);
        for (qreal y = around.top(); y <= around.bottom(); y += kGrid) {
            for (qreal x = around.left(); x <= around.right(); x += kGrid) {
                const QPointF w(x, y);
                const QPointF control = 2 * w - mid;
                const EdgeCurve curve{e->processItem()->anchorToward(control),
                                      e->resourceItem()->anchorToward(control), control};
                // Counting stops one past the best so far. The first candidate is counted to
                // its first point inside: the layouts were tuned so (by an int overflow that
                // UBSan found), and counting it whole puts shell-pipeline's edge across tr at a
                // desk.
                const int fewest = std::get<0>(bestKey);
                const int through = pointsIn(
                    curve, inside, fewest < std::numeric_limits<int>::max() ? fewest + 1 : 1);
                if (through > std::get<0>(bestKey)) continue;
                const Key key{through, beyond(curve.bounds()), pointsIn(curve, near, kSamples),
                              QLineF(curve.p1, w).length() + QLineF(w, curve.p2).length()};
                if (key < bestKey) {
                    bestKey = key;
                    best = control;
                }
            }
        }
        e->setBend(best);
    }
}

DiagramScene::Arrangement DiagramScene::bestArrangement()
{
    if (m_processes.isEmpty()) return {};
    struct Tried
    {
        Arrangement arrangement;
        qreal scale;
        int crossings;
    };
    QList<Tried> tried;
    const int lines = std::max(1, std::min(int(m_resources.size()), kResPerColumn));
    auto attempt = [&](Arrangement a) {
        layoutItems(a);
        relayout();
        const QRectF r = sceneRect();
        // QGraphicsView::fitInView keeps 2 px clear on each side.
        tried << Tried{a,
                       std::min({(m_viewSize.width() - 4) / r.width(),
                                 (m_viewSize.height() - 4) / r.height(), m_maxScale}),
                       edgesThroughNodes()};
    };
    // Round a ring, a process or an object at the top left corner: the sides differ.
    // Between neighbours in a ring: room for the label of the line between them, or
    // tighter, so that a table of five fits a projector at scale 1.
    if (!m_ring.isEmpty()) {
        for (qreal gap : {std::max(kRingGap, widestLabel() - 4), kRingGap})
            for (int rotation : {0, 1})
                attempt({Orientation::Ring, rotation, gap});
    }
    for (int per = lines; per >= 1; --per) {
        attempt({Orientation::Columns, per, kResColGap});
        for (qreal gap : {kResRowGapX, kResColGap})
            attempt({Orientation::Rows, per, gap});
    }
    // First that no line runs through a node; then that the smallest text is readable (9 pt
    // on the screen: scale 1 or more), and if it is, roomy (wide passages between resources
    // in a row for the far side's lines, room for the labels between neighbours in a ring);
    // then the largest. Rows must be clearly larger than columns, which read as data flowing
    // left to right; of equal ones, the fewest lines.
    auto rank = [](const Tried &t) {
        const Arrangement &a = t.arrangement;
        const bool readable = t.scale >= 1.0 - 1e-9;
        const bool roomy = a.orientation == Orientation::Columns ||
                           (a.orientation == Orientation::Rows && a.gap >= kResRowGapX) ||
                           (a.orientation == Orientation::Ring && a.gap > kRingGap);
        const qreal shown = a.orientation == Orientation::Rows ? t.scale / 1.15 : t.scale;
        return std::make_tuple(-t.crossings, readable, readable && roomy, shown);
    };
    const Tried *best = &tried.first();
    for (const Tried &t : std::as_const(tried))
        if (rank(t) > rank(*best)) best = &t;
    layoutItems(best->arrangement);
    return best->arrangement;
}

void DiagramScene::setViewSize(const QSizeF &size, qreal maxScale)
{
    if (size.width() < 200 || size.height() < 150) return; // not laid out yet
    m_viewSize = size;
    m_maxScale = maxScale;
    if (m_userMoved || m_processes.isEmpty()) return;
    m_arrangement = bestArrangement();
    relayout();
}

void DiagramScene::relayout()
{
    for (EdgeItem *e : std::as_const(m_edges))
        e->adjust();
    routeEdges();
    for (SignalArrowItem *a : std::as_const(m_signals))
        a->adjust();
    placeEdgeLabels();
    setSceneRect(contentRect().adjusted(-kMargin, -kMargin, kMargin, kMargin));
}

void DiagramScene::layoutItems(Arrangement a)
{
    m_laying = true;
    if (a.orientation == Orientation::Ring)
        layoutRing(a.perLine, a.gap);
    else if (a.orientation == Orientation::Rows)
        layoutRows(a.perLine, a.gap);
    else
        layoutColumns(a.perLine);
    m_laying = false;
}

qreal DiagramScene::widestLabel() const
{
    const QFontMetricsF labelFont(Theme::font(Theme::kSmallPt));
    qreal widest = 0;
    for (const EdgeItem *e : std::as_const(m_edges))
        widest = std::max(widest, labelFont.horizontalAdvance(e->statements()) + 8);
    return widest;
}

// The two sides: processes that mostly put things into resources first (left, or top), the
// ones that mostly take things out second, so data flows from the one to the other.
void DiagramScene::splitSides(QVector<int> *first, QVector<int> *second) const
{
    const int np = m_processes.size();
    QVector<int> score(np, 0);
    for (int i = 0; i < np; ++i) {
        const auto &spec = m_scenario.processes[m_scenario.instances[i].spec];
        QMap<int, Use> uses;
        QSet<int> sig;
        collectUses(spec.script.body, uses, sig);
        for (const Use &u : uses)
            score[i] += (u.toRes ? 1 : 0) - (u.fromRes ? 1 : 0);
        if (spec.stdoutRes >= 0) ++score[i];
        if (spec.stdinRes >= 0) --score[i];
    }
    QVector<int> order(np);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
    const int firstCount = (np + 1) / 2;
    *first = QVector<int>(order.begin(), order.begin() + firstCount);
    *second = QVector<int>(order.begin() + firstCount, order.end());
    // Keep replicas and the scenario's order within a side where scores tie.
    std::sort(first->begin(), first->end());
    std::sort(second->begin(), second->end());
}

// The mean position, along the given axis, of the resources process i uses (so lines cross
// less when each side is ordered by it).
qreal DiagramScene::barycenter(int i, bool alongX) const
{
    const auto &spec = m_scenario.processes[m_scenario.instances[i].spec];
    QMap<int, Use> uses;
    QSet<int> sig;
    collectUses(spec.script.body, uses, sig);
    qreal sum = 0;
    int n = 0;
    for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
        if (it.key() >= 0 && it.key() < m_resources.size()) {
            const QPointF c = m_resources[it.key()]->sceneBoundingRect().center();
            sum += alongX ? c.x() : c.y();
            ++n;
        }
    }
    return n ? sum / n : 1e9 + i;
}

// Rows: the first side's processes on top, the resources in rows of at most kResPerColumn in
// the middle, the second side below; for a tall view (a projector, presentation mode) where
// the columns would leave most of it empty.
void DiagramScene::layoutRows(int perRow, qreal gapX)
{
    QVector<int> top, bottom;
    splitSides(&top, &bottom);
    const int nr = m_resources.size();
    const qreal rowGap = 66; // room for the edge labels between the rows
    const int rows = nr == 0 ? 0 : (nr + perRow - 1) / perRow;
    perRow = rows == 0 ? 0 : (nr + rows - 1) / rows; // as even as the rows can be
    auto rowWidth = [](const QList<QRectF> &boxes, qreal gap) {
        qreal w = 0;
        for (const QRectF &b : boxes)
            w += b.width() + gap;
        return boxes.isEmpty() ? 0 : w - gap;
    };
    auto boxesOf = [this](const QVector<int> &procs) {
        QList<QRectF> b;
        for (int i : procs)
            b << m_processes[i]->boundingRect();
        return b;
    };
    qreal width = std::max(rowWidth(boxesOf(top), kProcGapX), rowWidth(boxesOf(bottom), kProcGapX));
    for (int r = 0; r < rows; ++r) {
        QList<QRectF> b;
        for (int k = r * perRow; k < qMin(nr, (r + 1) * perRow); ++k)
            b << m_resources[k]->boundingRect();
        width = std::max(width, rowWidth(b, gapX));
    }
    qreal topH = 0, bottomH = 0;
    for (int i : top)
        topH = std::max(topH, m_processes[i]->boundingRect().height());
    for (int i : bottom)
        bottomH = std::max(bottomH, m_processes[i]->boundingRect().height());
    // The resources first: the processes are ordered by where theirs are.
    qreal y = top.isEmpty() ? 0 : topH + rowGap;
    for (int r = 0; r < rows; ++r) {
        QList<QRectF> b;
        qreal h = 0;
        for (int k = r * perRow; k < qMin(nr, (r + 1) * perRow); ++k) {
            b << m_resources[k]->boundingRect();
            h = std::max(h, b.last().height());
        }
        qreal x = (width - rowWidth(b, gapX)) / 2;
        for (int k = r * perRow; k < qMin(nr, (r + 1) * perRow); ++k) {
            const QRectF rb = m_resources[k]->boundingRect();
            m_resources[k]->setPos(x - rb.left(), y + (h - rb.height()) / 2 - rb.top());
            x += rb.width() + gapX;
        }
        y += h + kResGapY;
    }
    const qreal bottomY = rows == 0 ? (top.isEmpty() ? 0 : topH + rowGap) : y - kResGapY + rowGap;
    auto placeRow = [&](QVector<int> side, qreal rowY, qreal rowH) {
        QVector<qreal> bc(m_processes.size());
        for (int i : side)
            bc[i] = barycenter(i, true);
        std::stable_sort(side.begin(), side.end(), [&](int a, int b) { return bc[a] < bc[b]; });
        qreal x = (width - rowWidth(boxesOf(side), kProcGapX)) / 2;
        for (int i : side) {
            const QRectF b = m_processes[i]->boundingRect();
            m_processes[i]->setPos(x - b.left(), rowY + (rowH - b.height()) / 2 - b.top());
            x += b.width() + kProcGapX;
        }
    };
    placeRow(top, 0, topH);
    placeRow(bottom, bottomY, bottomH);
}

QVector<int> DiagramScene::findRing() const
{
    const int np = m_processes.size();
    const int nr = m_resources.size();
    if (np < 3) return {};
    // Who uses what, from the scripts.
    QVector<QSet<int>> users(nr);
    QVector<QList<int>> links(np); // the objects a process shares with exactly one other
    for (int i = 0; i < np; ++i) {
        const auto &spec = m_scenario.processes[m_scenario.instances[i].spec];
        QMap<int, Use> uses;
        QSet<int> sig;
        collectUses(spec.script.body, uses, sig);
        for (auto it = uses.cbegin(); it != uses.cend(); ++it)
            if (it.key() >= 0 && it.key() < nr) users[it.key()].insert(i);
    }
    for (int r = 0; r < nr; ++r)
        if (users[r].size() == 2)
            for (int i : users[r])
                links[i] << r;
    // Every process has exactly two such objects, and following them visits every process
    // once before coming back to the first.
    for (int i = 0; i < np; ++i)
        if (links[i].size() != 2) return {};
    QVector<int> ring;
    QVector<bool> seen(np, false);
    int at = 0, via = -1;
    for (int step = 0; step < np; ++step) {
        if (seen[at]) return {};
        seen[at] = true;
        const int r = links[at][0] == via ? links[at][1] : links[at][0];
        ring << at << -1 - r;
        int next = -1;
        for (int j : users[r])
            if (j != at) next = j;
        via = r;
        at = next;
    }
    return at == 0 ? ring : QVector<int>();
}

// Ring: the nodes round the sides of a rectangle, clockwise from the top left (a table seen
// from above: the top row, the right side, the bottom row, the left side), the objects that
// are not in the ring (the table itself) in the middle.
void DiagramScene::layoutRing(int rotation, qreal gap)
{
    auto node = [this](int k) -> DiagramItem * {
        return k >= 0 ? static_cast<DiagramItem *>(m_processes[k]) : m_resources[-1 - k];
    };
    constexpr qreal kMiddleGap = 30; // between a side and the middle
    const int m = int(m_ring.size());
    const QVector<int> ring = m_ring.mid(rotation) + m_ring.mid(0, rotation);
    const int side = std::max(1, (m + 2) / 6);
    const int top = (m - 2 * side + 1) / 2;
    const int bottom = m - 2 * side - top;
    QVector<int> topRow = ring.mid(0, top);
    QVector<int> rightCol = ring.mid(top, side);
    QVector<int> bottomRow = ring.mid(top + side, bottom);
    QVector<int> leftCol = ring.mid(top + side + bottom, side);
    std::reverse(bottomRow.begin(), bottomRow.end()); // drawn left to right
    std::reverse(leftCol.begin(), leftCol.end());     // drawn top to bottom
    QVector<int> middle;
    for (int r = 0; r < m_resources.size(); ++r)
        if (!m_ring.contains(-1 - r)) middle << -1 - r;

    auto rowWidth = [&](const QVector<int> &row) {
        qreal w = 0;
        for (int k : row)
            w += node(k)->boundingRect().width() + gap;
        return row.isEmpty() ? 0 : w - gap;
    };
    auto rowHeight = [&](const QVector<int> &row) {
        qreal h = 0;
        for (int k : row)
            h = std::max(h, node(k)->boundingRect().height());
        return h;
    };
    auto colWidth = [&](const QVector<int> &col) {
        qreal w = 0;
        for (int k : col)
            w = std::max(w, node(k)->boundingRect().width());
        return w;
    };
    auto colHeight = [&](const QVector<int> &col) {
        qreal h = 0;
        for (int k : col)
            h += node(k)->boundingRect().height() + gap;
        return col.isEmpty() ? 0 : h - gap;
    };
    const qreal middleW = colWidth(middle);
    const qreal width =
        std::max({rowWidth(topRow), rowWidth(bottomRow),
                  colWidth(leftCol) + middleW + colWidth(rightCol) + 2 * kMiddleGap});
    const qreal topH = rowHeight(topRow);
    const qreal sidesH = std::max({colHeight(leftCol), colHeight(rightCol), colHeight(middle)});
    const qreal sidesTop = topH + gap;
    auto place = [&](int k, qreal x, qreal y) {
        const QRectF b = node(k)->boundingRect();
        node(k)->setPos(x - b.left(), y - b.top());
    };
    auto placeRow = [&](const QVector<int> &row, qreal y, qreal h) {
        // Spread over the whole width, so the rows line up with the sides.
        const qreal spare = row.size() > 1 ? (width - rowWidth(row)) / (row.size() - 1) : 0;
        qreal x = row.size() > 1 ? 0 : (width - rowWidth(row)) / 2;
        for (int k : row) {
            const QRectF b = node(k)->boundingRect();
            place(k, x, y + (h - b.height()) / 2);
            x += b.width() + gap + spare;
        }
    };
    auto placeColumn = [&](const QVector<int> &col, qreal x, qreal w) {
        const qreal spare = (sidesH - colHeight(col)) / (col.size() + 1);
        qreal y = sidesTop + spare;
        for (int k : col) {
            const QRectF b = node(k)->boundingRect();
            place(k, x + (w - b.width()) / 2, y);
            y += b.height() + gap + spare;
        }
    };
    placeRow(topRow, 0, topH);
    placeColumn(rightCol, width - colWidth(rightCol), colWidth(rightCol));
    placeRow(bottomRow, sidesTop + sidesH + gap, rowHeight(bottomRow));
    placeColumn(leftCol, 0, colWidth(leftCol));
    placeColumn(middle, (width - middleW) / 2, middleW);
}

void DiagramScene::layoutColumns(int perColumn)
{
    const int np = m_processes.size();
    const int nr = m_resources.size();
    QVector<int> left, right;
    splitSides(&left, &right);

    qreal procW = 0;
    for (const DiagramItem *p : std::as_const(m_processes))
        procW = std::max(procW, p->boundingRect().width());
    const qreal columnGap = std::clamp(widestLabel() + 40, kMinColumnGap, kMaxColumnGap);
    // Resources in the middle, in columns of at most kResPerColumn.
    const int resCols = nr == 0 ? 0 : (nr + perColumn - 1) / perColumn;
    const int perCol = resCols == 0 ? 0 : (nr + resCols - 1) / resCols;
    qreal x = procW + columnGap;
    QVector<qreal> colHeights;
    qreal maxColH = 0;
    for (int c = 0; c < resCols; ++c) {
        qreal h = 0;
        qreal w = 0;
        for (int k = c * perCol; k < qMin(nr, (c + 1) * perCol); ++k) {
            h += m_resources[k]->boundingRect().height() + kResGapY;
            w = qMax(w, m_resources[k]->boundingRect().width());
        }
        colHeights << h;
        maxColH = qMax(maxColH, h);
        Q_UNUSED(w);
    }
    qreal resRight = x;
    for (int c = 0; c < resCols; ++c) {
        qreal y = (maxColH - colHeights[c]) / 2;
        qreal w = 0;
        for (int k = c * perCol; k < qMin(nr, (c + 1) * perCol); ++k)
            w = qMax(w, m_resources[k]->boundingRect().width());
        for (int k = c * perCol; k < qMin(nr, (c + 1) * perCol); ++k) {
            const QRectF b = m_resources[k]->boundingRect();
            m_resources[k]->setPos(x + (w - b.width()) / 2 - b.left(), y - b.top());
            y += b.height() + kResGapY;
        }
        resRight = x + w;
        x += w + kResColGap;
    }

    // Each side ordered by the mean height of the resources it uses, so lines cross less.
    auto placeColumn = [&](QVector<int> side, qreal colX) {
        QVector<qreal> bc(np);
        for (int i : side)
            bc[i] = barycenter(i, false);
        std::stable_sort(side.begin(), side.end(), [&](int a, int b) { return bc[a] < bc[b]; });
        qreal total = 0;
        for (int i : side)
            total += m_processes[i]->boundingRect().height() + kProcGapY;
        qreal y = (maxColH - total) / 2;
        for (int i : side) {
            const QRectF b = m_processes[i]->boundingRect();
            m_processes[i]->setPos(colX - b.left(), y - b.top());
            y += b.height() + kProcGapY;
        }
    };
    placeColumn(left, 0);
    placeColumn(right, resCols == 0 ? procW + columnGap : resRight + columnGap);
}

void DiagramScene::updateWorld(const core::WorldState &w)
{
    for (auto *p : std::as_const(m_processes))
        p->worldChanged(w);
    for (auto *r : std::as_const(m_resources))
        r->worldChanged(w);
}

void DiagramScene::showEvents(const core::EventBatch &events)
{
    const qint64 now = nowMs();
    QHash<EdgeItem *, int> tokensOnEdge;
    // A token from one end of an edge to the other, unless the edge has enough in flight (then
    // its glow and rate say it).
    auto token = [&](EdgeItem *edge, bool toRes, const QString &label) {
        int &count = tokensOnEdge[edge];
        if (count >= kMaxTokensPerEdge || m_tokens.size() >= kMaxLiveTokens) return;
        ++count;
        const QPainterPath line = edge->linePath();
        auto *t = new TokenItem(toRes ? line : line.toReversed(),
                                toRes ? Theme::orange() : Theme::skyBlue(), label, now, m_tokenMs);
        addItem(t);
        m_tokens << t;
        ++m_tokensCreated;
    };
    for (const core::Event &e : events) {
        if (e.proc < 0 || e.proc >= m_processes.size()) continue;
        if (e.kind == core::Event::Sample && e.ioWritten >= 0) {
            // A program's write counter went up: bytes went into its standard output.
            const int out =
                m_scenario.processes[size_t(m_scenario.instances[size_t(e.proc)].spec)].stdoutRes;
            qint64 &last = m_programWritten[e.proc];
            const qint64 moved = e.ioWritten - last;
            last = e.ioWritten;
            EdgeItem *edge = out >= 0 ? edgeFor(e.proc, out) : nullptr;
            if (!edge || moved <= 0) continue;
            edge->pulse(now);
            edge->addBytes(moved, now);
            m_animating = true;
            token(edge, true, core::Texts::bytes(moved));
            continue;
        }
        if (e.kind != core::Event::Step || e.phase != core::Phase::End) continue;
        if (e.op == Op::Signal) {
            for (SignalArrowItem *a : std::as_const(m_signals)) {
                if (a->fromItem() == m_processes[e.proc] &&
                    (e.target < 0 || a->toItem() == m_processes.value(e.target)))
                    a->flash(core::Texts::signalName(e.sig), now);
            }
            m_animating = true;
            continue;
        }
        if (e.res < 0) continue;
        EdgeItem *edge = edgeFor(e.proc, e.res);
        if (!edge) continue;
        edge->pulse(now);
        // A message on a socket is its bytes; a queue's is a whole message.
        const core::StatementInfo &step = core::statementInfo(e.op);
        const bool movesBytes = step.result == core::StepResult::Bytes &&
                                !core::kindFormat(m_resources[e.res]->spec().type).messages;
        if (movesBytes && e.bytes() > 0) edge->addBytes(e.bytes(), now);
        m_animating = true;
        QString label;
        if (const KindItem &kind = kindItem(m_resources[e.res]->spec().type); kind.tokenLabel)
            label = kind.tokenLabel(e);
        else if (!e.text.isEmpty())
            label = QString::fromUtf8(e.text.left(24));
        else if (step.result == core::StepResult::Cell)
            label = QString::number(e.cellValue());
        else if (e.op == Op::WriteBytes || (movesBytes && e.bytes() > 0))
            label = core::Texts::bytes(e.bytes());
        token(edge, step.intoObject, label);
    }
}

void DiagramScene::tick()
{
    const qint64 now = nowMs();
    for (int i = m_tokens.size() - 1; i >= 0; --i) {
        if (!m_tokens[i]->advanceTo(now)) {
            delete m_tokens[i];
            m_tokens.removeAt(i);
        }
    }
    // Edges keep measuring their rate while anything moves.
    bool any = !m_tokens.isEmpty();
    if (m_animating || any) {
        bool still = false;
        for (EdgeItem *e : std::as_const(m_edges))
            still |= e->animate(now);
        for (SignalArrowItem *a : std::as_const(m_signals))
            still |= a->animate(now);
        m_animating = still;
    }
    for (ResourceItem *r : std::as_const(m_resources))
        r->animate();
}

void DiagramScene::clearAnimations()
{
    m_programWritten.clear(); // a new run's counters start again from 0
    for (TokenItem *t : std::as_const(m_tokens))
        delete t;
    m_tokens.clear();
}

void DiagramScene::setReady(const QList<int> &ready, int next)
{
    for (int i = 0; i < m_processes.size(); ++i)
        m_processes[i]->setReady(ready.contains(i), i == next && ready.contains(i));
}

void DiagramScene::setDeadlockCycle(const core::DeadlockFinding &deadlock)
{
    // What the deadlock is made of: its circle, or without one every wait.
    const QList<core::DeadlockWait> &shown =
        deadlock.cycle.isEmpty() ? deadlock.waits : deadlock.cycle;
    // (process, resource) pairs: the process waits for the resource, or the resource is held by
    // the process. The circle links them: P waits for R, R is held by Q (the next), Q waits ...
    QSet<int> processes, resources;
    QSet<QPair<int, int>> waitsFor, heldBy;
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const core::DeadlockWait &w = shown[i];
        processes.insert(w.proc);
        if (w.res < 0) continue; // a signal: no object on the diagram
        resources.insert(w.res);
        waitsFor.insert({w.proc, w.res});
        if (!deadlock.cycle.isEmpty())
            heldBy.insert({deadlock.cycle[(i + 1) % deadlock.cycle.size()].proc, w.res});
    }
    for (int p = 0; p < m_processes.size(); ++p)
        m_processes[p]->setHighlighted(processes.contains(p));
    for (int r = 0; r < m_resources.size(); ++r)
        m_resources[r]->setHighlighted(resources.contains(r));
    for (auto *e : std::as_const(m_edges)) {
        const QPair<int, int> pr{int(m_processes.indexOf(e->processItem())),
                                 int(m_resources.indexOf(e->resourceItem()))};
        const bool w = waitsFor.contains(pr), h = heldBy.contains(pr);
        e->setDeadlock(w && h ? EdgeItem::Deadlock::Both
                       : w    ? EdgeItem::Deadlock::WaitsFor
                       : h    ? EdgeItem::Deadlock::HeldBy
                              : EdgeItem::Deadlock::None);
    }
}

void DiagramScene::setDeadlockWorld(const core::WorldState *atDeadlock)
{
    QHash<int, QString> waitsOn; // process -> the resource or signal it waits on
    QSet<int> inCycle;
    if (atDeadlock) {
        for (const core::DeadlockWait &w : atDeadlock->deadlockFinding.waits)
            waitsOn.insert(w.proc, core::waitedName(*atDeadlock, w));
        for (const core::DeadlockWait &w : atDeadlock->deadlockFinding.cycle)
            inCycle.insert(w.proc);
    }
    for (int p = 0; p < m_processes.size(); ++p)
        m_processes[p]->setDeadlockWait(waitsOn.value(p), inCycle.contains(p));
    for (int r = 0; r < m_resources.size(); ++r)
        m_resources[r]->setDeadlockState(
            atDeadlock && r < atDeadlock->resources.size() ? &atDeadlock->resources[r] : nullptr);
}

DiagramItem *DiagramScene::selectedDiagramItem() const
{
    for (QGraphicsItem *i : selectedItems())
        if (auto *d = dynamic_cast<DiagramItem *>(i)) return d;
    return nullptr;
}

void DiagramScene::itemMoved(DiagramItem *item)
{
    if (m_laying) return; // relayout() moves the edges once everything is in place
    m_userMoved = true;
    for (EdgeItem *e : std::as_const(m_edges))
        if (e->processItem() == item || e->resourceItem() == item) e->adjust();
    routeEdges();
    placeEdgeLabels();
    for (SignalArrowItem *a : std::as_const(m_signals))
        if (a->fromItem() == item || a->toItem() == item) a->adjust();
}

namespace {

int processAt(const QGraphicsScene &scene, QPointF at)
{
    for (QGraphicsItem *i : scene.items(at))
        if (i->type() == DiagramItem::ProcessType) return static_cast<ProcessItem *>(i)->index();
    return -1;
}

} // namespace

// A click on a process (the button pressed and let go on it, without a drag) is what releases
// its step: a press alone, or a drag to tidy the layout, runs no code.
void DiagramScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mousePressEvent(event);
    m_pressedProcess = event->button() == Qt::LeftButton ? processAt(*this, event->scenePos()) : -1;
}

void DiagramScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    const int pressed = m_pressedProcess;
    m_pressedProcess = -1;
    if (event->button() != Qt::LeftButton || pressed < 0) return;
    const QPoint moved = event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton);
    if (moved.manhattanLength() >= QApplication::startDragDistance()) return;
    if (processAt(*this, event->scenePos()) == pressed) Q_EMIT processClicked(pressed);
}

} // namespace ipcsim::ui
