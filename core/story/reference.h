// The kinds' part of the format reference. docs/format.md (which the window's Help opens)
// holds, between two markers, a table of every kind of resource and what it says of itself;
// the kinds write it from their story parts (KindWords::Reference), so that a new kind
// documents itself in its own module. `cmake --build build --target reference` writes it
// into the document, and tst_reference checks that the document says what the kinds say.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ipcsim::core::reference {

// The markers around the kinds' part, each on a line of its own.
inline constexpr std::string_view kBegin =
    "<!-- The kinds write this part (core/kinds/*/story.cpp); after a change to one, run: "
    "cmake --build build --target reference -->";
inline constexpr std::string_view kEnd = "<!-- The end of the kinds' part. -->";

// The part itself, in Markdown: the table of resources (a row per kind, in the registry's
// order: its options, its kernel object), the table of statements by kind (each statement it
// takes and the real call behind it), then each kind's notes.
std::string kinds();

// The document with its kinds' part written anew; nullopt when it lacks a marker, or has
// them in the wrong order.
std::optional<std::string> withKinds(std::string_view document);

} // namespace ipcsim::core::reference
