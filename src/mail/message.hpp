#pragma once
// One email as people read it; transport details (envelope, headers) are added when rendering.
#include <string>

namespace authlens::mail {

struct Message {
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;
};

}  // namespace authlens::mail
