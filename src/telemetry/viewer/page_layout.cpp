#include "telemetry/viewer/page_layout.hpp"
#include "text/html_escape.hpp"

#include "telemetry/viewer/html_text.hpp"

namespace authlens::viewer {

std::string html_page(std::string_view title, std::string_view body) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  page += text::html_escape(title);
  page +=
      "</title><style>"
      "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
      "table{border-collapse:collapse;width:100%}"
      "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}"
      "code{font:12px ui-monospace,monospace}"
      ".error{color:#b00020;font-weight:bold}.ok{color:#1b5e20}"
      ".bar-cell{width:45%}.track{position:relative;height:14px;background:#f3f3f3}"
      ".bar{position:absolute;top:0;height:14px;background:#4a7bd0;min-width:2px}"
      ".bar.error{background:#d04a4a}.attrs{color:#555;font-size:12px}"
      "a{color:#1a4fa0}"
      "</style></head><body>\n";
  page += body;
  page += "\n</body></html>\n";
  return page;
}

}  // namespace authlens::viewer
