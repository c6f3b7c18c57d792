// ipcsim-reference FILE: writes the kinds' part of the format reference (docs/format.md)
// anew, from what each kind says of itself (story/reference.h). Run by the `reference`
// target; tst_reference fails, saying to run it, while the document and the kinds differ.
#include "story/reference.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: ipcsim-reference docs/format.md\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << argv[1] << ": cannot be read\n";
        return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    in.close();
    const auto written = ipcsim::core::reference::withKinds(text.str());
    if (!written) {
        std::cerr << argv[1] << ": the markers of the kinds' part are missing; it needs the lines\n"
                  << ipcsim::core::reference::kBegin << "\n"
                  << ipcsim::core::reference::kEnd << "\n";
        return 1;
    }
    if (*written == text.str()) return 0;
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    out << *written;
    out.close();
    if (!out) {
        std::cerr << argv[1] << ": cannot be written\n";
        return 1;
    }
    std::cout << argv[1] << ": the kinds' part is written anew\n";
    return 0;
}
