// The format reference (docs/format.md) says what the kinds say of themselves: its kinds'
// part is written from each kind's story part (story/reference.h), and a kind that changes
// what it says, or a new kind, fails here until the document is written anew.
#include "scenario/kind.h"
#include "scenario/statements.h"
#include "story/kindwords.h"
#include "story/reference.h"

#include <QFile>
#include <QTest>

using namespace ipcsim::core;

namespace {

std::string document()
{
    QFile f(qEnvironmentVariable("IPCSIM_SOURCE_DIR") + QStringLiteral("/docs/format.md"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

std::string marked(const std::string &inside)
{
    return "# Title\n\ntext\n\n" + std::string(reference::kBegin) + "\n" + inside + "\n" +
           std::string(reference::kEnd) + "\n\n## Next\n";
}

} // namespace

class TestReference : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theDocumentSaysWhatTheKindsSay()
    {
        const std::string doc = document();
        QVERIFY2(!doc.empty(), "docs/format.md cannot be read (IPCSIM_SOURCE_DIR?)");
        const std::optional<std::string> written = reference::withKinds(doc);
        QVERIFY2(written, "docs/format.md has lost the markers of the kinds' part");
        QVERIFY2(*written == doc, "docs/format.md is not what the kinds say of themselves "
                                  "(core/kinds/*/story.cpp): run cmake --build build --target "
                                  "reference, and commit what it wrote");
    }

    void everyKindHasItsRowsWithEveryOptionAndStatementItTakes()
    {
        const std::string part = reference::kinds();
        for (const KindFormat *kind : kindFormats()) {
            const KindWords::Reference &r = kindWords(kind->type).reference;
            const std::string row = "| `" + std::string(kind->name) + "` | ";
            QVERIFY2(part.find(row) != std::string::npos, kind->name);
            QVERIFY2(r.kernelObject && *r.kernelObject, kind->name);
            // Its row names each of its options as the file writes it, and no line of it
            // breaks the table.
            for (const KindOption &o : kind->options)
                QVERIFY2(std::string_view(r.options).find("`" + std::string(o.key) + "`") !=
                             std::string_view::npos,
                         qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(kind->name),
                                                                 QLatin1String(o.key))));
            QVERIFY2(std::string_view(r.options).find('\n') == std::string_view::npos, kind->name);
            QVERIFY2(std::string_view(r.kernelObject).find('\n') == std::string_view::npos,
                     kind->name);
            // Its row of statements names each statement it takes.
            for (const Op op : kind->statements) {
                const std::string keyword = "`" + std::string(statementInfo(op).keyword) + "`";
                QVERIFY2(std::string_view(r.statements).find(keyword) != std::string_view::npos,
                         qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(kind->name),
                                                                 QString::fromStdString(keyword))));
            }
            QVERIFY2(std::string_view(r.statements).find('\n') == std::string_view::npos,
                     kind->name);
            // Its notes are list items of their own.
            if (r.notes) {
                const std::string_view n = std::string_view(r.notes).substr(r.notes[0] == '\n');
                QVERIFY2(n.starts_with("- "), kind->name);
                QVERIFY2(!n.ends_with('\n'), kind->name);
            }
        }
    }

    void thePartIsWrittenBetweenItsMarkersOnly()
    {
        const std::optional<std::string> once = reference::withKinds(marked("old text"));
        QVERIFY(once);
        QCOMPARE(*once, marked("\n" + reference::kinds()));
        // What is written is written again the same.
        QCOMPARE(*reference::withKinds(*once), *once);
        // An empty part is filled.
        QCOMPARE(*reference::withKinds(marked("")), *once);
    }

    void aDocumentWithoutItsMarkersIsNotWritten()
    {
        QVERIFY(!reference::withKinds("# Title\n\nno markers\n"));
        QVERIFY(!reference::withKinds(std::string(reference::kBegin) + "\nno end\n"));
        // The end before the beginning.
        QVERIFY(!reference::withKinds(std::string(reference::kEnd) + "\n\n" +
                                      std::string(reference::kBegin) + "\n"));
    }
};

QTEST_GUILESS_MAIN(TestReference)
#include "tst_reference.moc"
