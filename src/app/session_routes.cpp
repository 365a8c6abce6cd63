#include "app/session_routes.hpp"

#include "app/profile_json.hpp"
#include "app/route_helpers.hpp"

namespace authlens::app {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response sessions_json(const std::vector<account::SessionView>& sessions) {
  json list = json::array();
  for (const auto& s : sessions) {
    list.push_back({{"id", s.id},
                    {"created_at", rfc3339_utc(s.created_at)},
                    {"last_used_at", rfc3339_utc(s.last_used_at)},
                    {"expires_at", rfc3339_utc(s.expires_at)},
                    {"client_address", s.client_address},
                    {"user_agent", s.user_agent},
                    {"methods", s.methods},
                    {"aal", s.aal},
                    {"current", s.current}});
  }
  // The user agent is whatever a client sent: dump() escapes it, and replaces what is not UTF-8.
  return Response::json(
      200, json{{"sessions", list}}.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

void add_session_routes(http::Router& router, account::SessionFlow& sessions,
                        http::Execution execution) {
  router.add("GET", "/me/sessions", guarded([&sessions](const Request& r) {
               return answer(sessions.list(bearer_token(r)), sessions_json);
             }),
             execution);
  router.add("DELETE", "/me/sessions/{id}", guarded([&sessions](const Request& r) {
               return answer(
                   sessions.revoke(bearer_token(r), http::last_segment(r.path), client_of(r)),
                   [](auto&) { return Response::empty(204); });
             }),
             execution);
  router.add("DELETE", "/me/sessions", guarded([&sessions](const Request& r) {
               return answer(sessions.revoke_others(bearer_token(r), client_of(r)),
                             [](auto&) { return Response::empty(204); });
             }),
             execution);
}

}  // namespace authlens::app
