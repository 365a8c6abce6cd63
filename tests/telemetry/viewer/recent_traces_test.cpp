#include "telemetry/viewer/recent_traces.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace authlens::viewer {
namespace {

trace::SpanDataPtr make_span(std::uint8_t trace, std::uint8_t span, std::uint8_t parent,
                             std::string name, std::uint64_t start_ms, std::uint64_t end_ms) {
  auto s = std::make_shared<trace::SpanData>();
  s->context.trace_id[15] = trace;
  s->context.span_id[7] = span;
  s->parent_span_id[7] = parent;
  s->name = std::move(name);
  s->start_time_unix_nano = 1700000000000000000ULL + start_ms * 1000000;
  s->end_time_unix_nano = 1700000000000000000ULL + end_ms * 1000000;
  return s;
}

TEST(RecentTraces, KeepsTheMostRecentTracesOnly) {
  RecentTraces store(2, 10);
  store.add(make_span(1, 1, 0, "a", 0, 1));
  store.add(make_span(2, 1, 0, "b", 0, 1));
  store.add(make_span(3, 1, 0, "c", 0, 1));
  const auto traces = store.snapshot();
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[0].trace_id[15], 3);  // most recent first
  EXPECT_EQ(traces[1].trace_id[15], 2);
}

TEST(RecentTraces, CapsSpansPerTrace) {
  RecentTraces store(5, 2);
  for (std::uint8_t i = 1; i <= 4; ++i) store.add(make_span(1, i, 0, "s", 0, 1));
  const auto trace = store.snapshot().at(0);
  EXPECT_EQ(trace.spans.size(), 2u);
  EXPECT_EQ(trace.dropped_spans, 2u);
}

TEST(RecentTraces, IndexListsRootRouteDurationAndStatus) {
  RecentTraces store;
  auto db = make_span(1, 2, 1, "select_session", 2, 5);
  store.add(db);
  auto root = std::make_shared<trace::SpanData>(*make_span(1, 1, 9, "POST /login", 0, 10));
  root->status = trace::StatusCode::kError;  // parent 9 is remote: still the root
  store.add(root);
  store.add(make_span(2, 1, 0, "GET /me", 0, 3));
  const std::string html = store.render_index_html();
  EXPECT_NE(html.find("POST /login"), std::string::npos);
  EXPECT_NE(html.find("10.000 ms"), std::string::npos);
  EXPECT_NE(html.find("class=\"error\""), std::string::npos);
  EXPECT_NE(html.find("?trace_id=00000000000000000000000000000001"), std::string::npos);
  EXPECT_NE(html.find("2023-11-14T22:13:20.000Z"), std::string::npos);

  const std::string filtered = store.render_index_html("GET /me");
  EXPECT_EQ(filtered.find("POST /login</a>"), std::string::npos);
  EXPECT_NE(filtered.find("GET /me</a>"), std::string::npos);
}

TEST(RecentTraces, EscapesEverything) {
  RecentTraces store;
  auto span = std::make_shared<trace::SpanData>(*make_span(1, 1, 0, "<script>x</script>", 0, 1));
  span->attributes.push_back({"k\"", std::string("<img src=x onerror=alert(1)>")});
  store.add(span);
  const std::string index = store.render_index_html("<b>");
  const std::string page = store.render_trace_html("00000000000000000000000000000001");
  for (const auto& html : {index, page}) {
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
  }
  EXPECT_NE(page.find("&lt;script&gt;"), std::string::npos);
  const std::string missing = store.render_trace_html("<nope>");
  EXPECT_NE(missing.find("&lt;nope&gt;"), std::string::npos);
}

TEST(RecentTraces, WaterfallIndentsChildrenAndPositionsBars) {
  RecentTraces store;
  store.add(make_span(1, 2, 1, "child", 5, 10));
  store.add(make_span(1, 1, 0, "root", 0, 10));
  const std::string page = store.render_trace_html("00000000000000000000000000000001");
  const auto root_at = page.find("root");
  const auto child_at = page.find("child");
  ASSERT_NE(child_at, std::string::npos);
  EXPECT_LT(root_at, child_at);  // parent first
  EXPECT_NE(page.find("padding-left:26px"), std::string::npos);
  EXPECT_NE(page.find("left:50.000%;width:50.000%"), std::string::npos);
}

TEST(RecentTraces, JsonHasTracesSpansIdsAndAttributes) {
  RecentTraces store;
  auto span = std::make_shared<trace::SpanData>(*make_span(1, 1, 0, "POST /login", 0, 4));
  span->attributes.push_back({"http.response.status_code", std::int64_t{200}});
  span->attributes.push_back({"bad", std::string("\xff")});
  store.add(span);
  const auto j = nlohmann::json::parse(store.render_json());
  const auto& t = j.at("traces").at(0);
  EXPECT_EQ(t.at("trace_id"), "00000000000000000000000000000001");
  EXPECT_EQ(t.at("root_name"), "POST /login");
  EXPECT_EQ(t.at("duration_ms"), 4.0);
  EXPECT_EQ(t.at("spans").at(0).at("span_id"), "0000000000000001");
  EXPECT_EQ(t.at("spans").at(0).at("attributes").at("http.response.status_code"), 200);
}

}  // namespace
}  // namespace authlens::viewer
