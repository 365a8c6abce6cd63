#include "mail/code_seal.hpp"

namespace authlens::mail {
namespace {

// The row a sealed code belongs to: its recipient and kind.
std::string associated_data(std::string_view recipient, std::string_view kind) {
  std::string ad(recipient);
  ad.push_back('\0');
  ad.append(kind);
  return ad;
}

}  // namespace

store::Bytes CodeSeal::seal(std::string_view code, std::string_view recipient,
                            std::string_view kind) const {
  return box_.seal(code, associated_data(recipient, kind));
}

std::optional<std::string> CodeSeal::open(const store::Bytes& sealed, std::string_view recipient,
                                          std::string_view kind) const {
  return box_.open(sealed, associated_data(recipient, kind));
}

}  // namespace authlens::mail
