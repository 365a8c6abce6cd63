#include "breach/pwned_passwords.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

#include "breach/range_query.hpp"
#include "breach/range_response.hpp"

namespace authlens::breach {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};

std::string scheme_of(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  char* scheme = nullptr;
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || scheme == nullptr)
    return {};
  std::string out(scheme);
  curl_free(scheme);
  return out;
}

struct Body {
  std::string data;
  bool too_large = false;
};

std::size_t collect(char* chunk, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->data.size() + n > PwnedPasswords::kMaxBodyBytes) {
    body->too_large = true;
    return 0;  // aborts the transfer
  }
  body->data.append(chunk, n);
  return n;
}

}  // namespace

struct PwnedPasswords::Connection {
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  ~Connection() {
    curl_easy_cleanup(handle);
    curl_slist_free_all(headers);
  }
};

PwnedPasswords::PwnedPasswords(std::string base_url, std::chrono::milliseconds timeout,
                               FailureSink on_failure)
    : timeout_(timeout), on_failure_(std::move(on_failure)) {
  global_init_once();
  const std::string scheme = scheme_of(base_url);
  if (scheme != "http" && scheme != "https")
    throw std::invalid_argument("AUTHLENS_HIBP_URL must be an http:// or https:// URL");
  if (timeout_ <= std::chrono::milliseconds::zero())
    throw std::invalid_argument("the Pwned Passwords timeout must be positive");
  while (base_url.ends_with('/')) base_url.pop_back();
  range_url_ = base_url + "/range/";
}

PwnedPasswords::~PwnedPasswords() {
  for (Connection* c : idle_) delete c;
}

PwnedPasswords::Connection* PwnedPasswords::acquire() const {
  {
    std::lock_guard lock(idle_mutex_);
    if (!idle_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<Connection>();
  c->handle = curl_easy_init();
  if (c->handle == nullptr) return nullptr;
  c->headers = curl_slist_append(nullptr, "Add-Padding: true");
  if (c->headers == nullptr) return nullptr;
  CURL* h = c->handle;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "authlens/" AUTHLENS_VERSION);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // signals and threads do not mix
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  return c.release();
}

void PwnedPasswords::release(Connection* connection, bool reusable) const {
  if (reusable) {
    std::lock_guard lock(idle_mutex_);
    if (idle_.size() < kMaxIdleConnections) {
      idle_.push_back(connection);
      return;
    }
  }
  delete connection;
}

void PwnedPasswords::fail(std::string_view reason) const {
  if (on_failure_) on_failure_(reason);
}

std::optional<bool> PwnedPasswords::contains(std::string_view normalized_password) const {
  const RangeQuery query = range_query_for(normalized_password);
  Connection* connection = acquire();
  if (connection == nullptr) {
    fail("Pwned Passwords: cannot create a curl handle");
    return std::nullopt;
  }
  const std::string url = range_url_ + query.prefix;
  Body body;
  curl_easy_setopt(connection->handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(connection->handle, CURLOPT_WRITEDATA, &body);
  const CURLcode result = curl_easy_perform(connection->handle);
  long status = 0;
  curl_easy_getinfo(connection->handle, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(connection->handle, CURLOPT_WRITEDATA, nullptr);
  release(connection, result == CURLE_OK);

  if (body.too_large) {
    fail("Pwned Passwords: answer larger than the limit");
    return std::nullopt;
  }
  if (result != CURLE_OK) {
    fail(std::string("Pwned Passwords: ") + curl_easy_strerror(result));
    return std::nullopt;
  }
  if (status != 200) {
    fail("Pwned Passwords: HTTP status " + std::to_string(status));
    return std::nullopt;
  }
  switch (find_suffix(body.data, query.suffix)) {
    case RangeVerdict::kFound:
      return true;
    case RangeVerdict::kNotFound:
      return false;
    case RangeVerdict::kMalformed:
      break;
  }
  fail("Pwned Passwords: the answer is not a list of SUFFIX:COUNT lines");
  return std::nullopt;
}

}  // namespace authlens::breach
