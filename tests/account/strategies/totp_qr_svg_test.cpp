// The enrolment QR code as SVG: a well-formed document whose picture is exactly the symbol
// libqrencode made, with its quiet zone, and which a real decoder reads back.
#include "account/strategies/totp/qr_svg.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <vector>

namespace authlens::account::totp {
namespace {

const std::string kUri =
    "otpauth://totp/authlens:erin%2Btotp%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&issuer=authlens&algorithm=SHA1&digits=6&period=30";

// Tag names in document order, checking on the way that every tag is closed in order. Enough XML
// for a document we write ourselves (no comments, CDATA or '>' inside attribute values).
std::vector<std::string> balanced_tags(const std::string& xml) {
  std::vector<std::string> open, seen;
  std::size_t at = 0;
  while ((at = xml.find('<', at)) != std::string::npos) {
    const auto end = xml.find('>', at);
    if (end == std::string::npos) throw std::runtime_error("unterminated tag");
    const std::string tag = xml.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.front() == '?') {
      if (!seen.empty() || tag.back() != '?') throw std::runtime_error("misplaced prolog");
      continue;
    }
    if (tag.front() == '/') {
      if (open.empty() || open.back() != tag.substr(1)) throw std::runtime_error("bad </" + tag);
      open.pop_back();
      continue;
    }
    if (seen.size() > 0 && open.empty()) throw std::runtime_error("a second root element");
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    seen.push_back(name);
    if (tag.back() != '/') open.push_back(name);
  }
  if (!open.empty()) throw std::runtime_error("unclosed <" + open.back() + ">");
  return seen;
}

std::string attribute(const std::string& xml, const std::string& element, const std::string& name) {
  const std::regex pattern("<" + element + "\\b[^>]*\\s" + name + "=\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(xml, match, pattern) ? match[1].str() : std::string();
}

// Paints the <path>'s rectangles ("Mx yhNv1h-Nz", the only commands svg_document writes) onto a
// side × side grid of modules.
std::vector<std::vector<bool>> paint(const std::string& d, int side) {
  std::vector<std::vector<bool>> grid(side, std::vector<bool>(side, false));
  const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  std::size_t covered = 0;
  for (std::sregex_iterator it(d.begin(), d.end(), run), end; it != end; ++it) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    EXPECT_EQ(n, std::stoi((*it)[4]));
    for (int i = 0; i < n; ++i) {
      EXPECT_FALSE(grid.at(y).at(x + i)) << "painted twice at " << x + i << "," << y;
      grid.at(y).at(x + i) = true;
    }
    covered += it->length();
  }
  EXPECT_EQ(covered, d.size()) << "the path holds something besides module runs";
  return grid;
}

TEST(TotpQrSvg, IsOneWellFormedSvgDocumentAnImgCanShow) {
  const auto svg = qr_svg(kUri);
  ASSERT_TRUE(svg);
  EXPECT_EQ(balanced_tags(*svg), (std::vector<std::string>{"svg", "rect", "path"}));
  EXPECT_EQ(attribute(*svg, "svg", "xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_EQ(attribute(*svg, "svg", "shape-rendering"), "crispEdges");
  EXPECT_EQ(attribute(*svg, "rect", "fill"), "#fff");
  EXPECT_EQ(attribute(*svg, "path", "fill"), "#000");
}

TEST(TotpQrSvg, ItsModulesAreTheSymbolsPlusAFourModuleQuietZone) {
  const auto matrix = encode_qr(kUri);
  ASSERT_TRUE(matrix);
  // Versions 1..40 are 21..177 modules, in fours; 8-bit mode at level M puts this URI past 1.
  EXPECT_EQ(matrix->width() % 4, 1);
  EXPECT_GT(matrix->width(), 21);
  const std::string svg = svg_document(*matrix);
  const int side = matrix->width() + 8;
  const std::string side_text = std::to_string(side);
  EXPECT_EQ(attribute(svg, "svg", "viewBox"), "0 0 " + side_text + " " + side_text);
  EXPECT_EQ(attribute(svg, "svg", "width"), std::to_string(side * 6));
  EXPECT_EQ(attribute(svg, "svg", "height"), std::to_string(side * 6));
  EXPECT_EQ(attribute(svg, "rect", "width"), side_text);

  const auto grid = paint(attribute(svg, "path", "d"), side);
  int dark = 0;
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      ASSERT_EQ(grid[y][x], matrix->dark(x - 4, y - 4)) << "module " << x << "," << y;
      dark += grid[y][x];
    }
  EXPECT_GT(dark, side);  // not an empty picture that trivially matched an empty matrix
}

TEST(TotpQrSvg, TextThatFitsInNoQrCodeHasNone) {
  EXPECT_EQ(qr_svg(""), std::nullopt);
  EXPECT_EQ(qr_svg(std::string(2332, 'x')), std::nullopt);  // level M, 8-bit: 2,331 bytes at most
  EXPECT_TRUE(qr_svg(std::string(2331, 'x')));
}

// The decisive check: a barcode reader gets the URI back from the picture the SVG paints. zbarimg
// (zbar-tools) reads no SVG here, so the test paints the path into a PBM bitmap itself.
TEST(TotpQrSvg, AQrDecoderReadsTheUriBack) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "zbarimg not installed (Debian: zbar-tools, scripts/install-deps.sh test)";
  const std::string svg = *qr_svg(kUri);
  const int side = std::stoi(attribute(svg, "svg", "viewBox").substr(4));
  const auto grid = paint(attribute(svg, "path", "d"), side);
  constexpr int kPixels = 4;  // per module: zbar wants a few
  std::string path = (std::filesystem::temp_directory_path() / "authlens-qr-XXXXXX").string();
  const int fd = mkstemp(path.data());
  ASSERT_GE(fd, 0);
  close(fd);
  {
    std::ofstream pbm(path);
    pbm << "P1\n" << side * kPixels << ' ' << side * kPixels << '\n';
    for (int y = 0; y < side * kPixels; ++y) {
      for (int x = 0; x < side * kPixels; ++x) pbm << (grid[y / kPixels][x / kPixels] ? "1" : "0");
      pbm << '\n';
    }
  }
  std::string decoded;
  if (FILE* out = popen(("zbarimg --raw -q '" + path + "' 2>/dev/null").c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, out)) decoded += buffer;
    pclose(out);
  }
  std::filesystem::remove(path);
  EXPECT_EQ(decoded, kUri + "\n");
}

}  // namespace
}  // namespace authlens::account::totp
