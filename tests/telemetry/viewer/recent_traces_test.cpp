#include "telemetry/viewer/recent_traces.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

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

// A span of trace `trace` (up to 65535 traces), as a request's spans end: children first, the root
// (span 1) last.
trace::SpanDataPtr numbered_span(int trace, int span) {
  auto s = std::make_shared<trace::SpanData>();
  s->context.trace_id[14] = static_cast<std::uint8_t>(trace >> 8);
  s->context.trace_id[15] = static_cast<std::uint8_t>(trace);
  s->context.span_id[6] = static_cast<std::uint8_t>(span >> 8);
  s->context.span_id[7] = static_cast<std::uint8_t>(span);
  if (span != 1) s->parent_span_id[7] = 1;
  return s;
}

void add_trace(RecentTraces& store, int trace, int spans) {
  for (int span = spans; span >= 1; --span) store.add(numbered_span(trace, span));
}

int trace_number(const trace::TraceId& id) { return id[14] << 8 | id[15]; }

trace::TraceId trace_id_of(int trace) { return numbered_span(trace, 1)->context.trace_id; }

TEST(RecentTraces, KeepsEveryRecentTraceWholeWhenTracesHaveManySpans) {
  RecentTraces store;  // 200 traces of up to 256 spans
  for (int t = 1; t <= 100; ++t) add_trace(store, t, 10);
  const auto traces = store.snapshot();
  ASSERT_EQ(traces.size(), 100u);
  for (std::size_t i = 0; i < traces.size(); ++i) {
    EXPECT_EQ(trace_number(traces[i].trace_id), 100 - static_cast<int>(i));  // most recent first
    ASSERT_EQ(traces[i].spans.size(), 10u);
    EXPECT_EQ(traces[i].dropped_spans, 0u);
    EXPECT_EQ(traces[i].spans.front()->context.span_id[7], 10);  // earliest child kept
    EXPECT_EQ(traces[i].spans.back()->context.span_id[7], 1);    // arrival order
  }
  const auto oldest = store.find(trace_id_of(1));
  ASSERT_TRUE(oldest.has_value());
  EXPECT_EQ(oldest->spans.size(), 10u);
}

TEST(RecentTraces, KeepsTheLastMaxTracesWholeAndForgetsOlderOnes) {
  RecentTraces store;
  for (int t = 1; t <= 250; ++t) add_trace(store, t, 10);
  const auto traces = store.snapshot();
  ASSERT_EQ(traces.size(), RecentTraces::kDefaultMaxTraces);
  EXPECT_EQ(trace_number(traces.front().trace_id), 250);
  EXPECT_EQ(trace_number(traces.back().trace_id), 51);
  for (const auto& t : traces) EXPECT_EQ(t.spans.size(), 10u);
  for (int t = 1; t <= 50; ++t) EXPECT_FALSE(store.find(trace_id_of(t)).has_value()) << t;
  for (int t = 51; t <= 250; ++t) {
    const auto found = store.find(trace_id_of(t));
    ASSERT_TRUE(found.has_value()) << t;
    EXPECT_EQ(found->spans.size(), 10u);
  }
}

TEST(RecentTraces, CapsALongTraceAtMaxSpansPerTraceAndCountsTheRest) {
  RecentTraces store;
  add_trace(store, 1, 300);
  for (int t = 2; t <= 200; ++t) add_trace(store, t, 4);  // still among the last 200 traces
  const auto long_trace = store.find(trace_id_of(1));
  ASSERT_TRUE(long_trace.has_value());
  EXPECT_EQ(long_trace->spans.size(), RecentTraces::kDefaultMaxSpansPerTrace);
  EXPECT_EQ(long_trace->dropped_spans, 300u - RecentTraces::kDefaultMaxSpansPerTrace);
  EXPECT_EQ(long_trace->spans.front()->context.span_id[6], 300 >> 8);  // the first to arrive kept
  EXPECT_EQ(long_trace->spans.front()->context.span_id[7], 300 & 0xff);
  EXPECT_EQ(store.snapshot().size(), 200u);
}

TEST(RecentTraces, ATraceTakingAForgottenTracesPlaceShowsOnlyItsOwnSpans) {
  RecentTraces store(2, 16);
  add_trace(store, 1, 9);
  add_trace(store, 2, 3);
  add_trace(store, 3, 2);  // forgets trace 1
  const auto traces = store.snapshot();
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(trace_number(traces[0].trace_id), 3);
  ASSERT_EQ(traces[0].spans.size(), 2u);
  for (const auto& span : traces[0].spans) EXPECT_EQ(trace_number(span->context.trace_id), 3);
  EXPECT_EQ(traces[1].spans.size(), 3u);
  EXPECT_FALSE(store.find(trace_id_of(1)).has_value());
}

TEST(RecentTraces, FindsEveryKeptTraceAfterManyEvictions) {
  // The trace id index is rebuilt by removals as traces are forgotten: thousands of them must
  // leave it finding exactly the kept traces, with spans arriving interleaved across traces.
  RecentTraces store(7, 4);
  for (int t = 1; t <= 3000; ++t) {
    store.add(numbered_span(t, 2));
    if (t > 1) store.add(numbered_span(t - 1, 1));
  }
  for (int t = 1; t <= 2993; ++t) ASSERT_FALSE(store.find(trace_id_of(t)).has_value()) << t;
  for (int t = 2994; t <= 3000; ++t) {
    const auto found = store.find(trace_id_of(t));
    ASSERT_TRUE(found.has_value()) << t;
    EXPECT_EQ(found->spans.size(), t == 3000 ? 1u : 2u) << t;
  }
}

TEST(RecentTraces, RendersWhileRequestsAddSpans) {
  // Request threads keep adding (and forgetting) traces while pages are rendered: every trace a
  // render shows holds its own spans only, within the caps.
  RecentTraces store(20, 3);
  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w)
    writers.emplace_back([&store, w] {
      for (int t = 1; t <= 3000; ++t) add_trace(store, w * 20000 + t, 4);
    });
  std::thread reader([&] {
    while (!done.load()) {
      for (const auto& trace : store.snapshot()) {
        ASSERT_LE(trace.spans.size(), 3u);
        for (const auto& span : trace.spans) ASSERT_EQ(span->context.trace_id, trace.trace_id);
        if (auto found = store.find(trace.trace_id)) {
          for (const auto& span : found->spans) ASSERT_EQ(span->context.trace_id, trace.trace_id);
        }
      }
    }
  });
  for (auto& writer : writers) writer.join();
  done = true;
  reader.join();
  const auto traces = store.snapshot();
  ASSERT_EQ(traces.size(), 20u);
  for (const auto& trace : traces) {
    EXPECT_EQ(trace.spans.size(), 3u);
    EXPECT_EQ(trace.dropped_spans, 1u);
  }
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

TEST(RecentTraces, IndexShowsTheHttpStatusCodeAndFiltersByClassAndDuration) {
  RecentTraces store;
  const auto with_status = [](std::uint8_t trace, std::string name, std::uint64_t ms, int code) {
    auto span = std::make_shared<trace::SpanData>(*make_span(trace, 1, 0, std::move(name), 0, ms));
    span->attributes.push_back({"http.response.status_code", std::int64_t{code}});
    return span;
  };
  store.add(with_status(1, "POST /login", 80, 401));  // "ok" to OTel, but the person wants 401
  store.add(with_status(2, "GET /me", 2, 200));
  store.add(with_status(3, "POST /register", 30, 429));
  store.add(with_status(4, "GET /me", 400, 503));
  const std::string all = store.render_index_html();
  EXPECT_NE(all.find("<th>HTTP</th>"), std::string::npos);
  EXPECT_NE(all.find("<td class=\"http-status\">401</td>"), std::string::npos);
  EXPECT_NE(all.find("<td class=\"http-status\">429</td>"), std::string::npos);

  RecentTraces::IndexFilter client_errors;
  client_errors.status_class = 4;
  const std::string fours = store.render_index_html(client_errors);
  EXPECT_NE(fours.find(">401<"), std::string::npos);
  EXPECT_NE(fours.find(">429<"), std::string::npos);
  EXPECT_EQ(fours.find(">200<"), std::string::npos);
  EXPECT_EQ(fours.find(">503<"), std::string::npos);

  RecentTraces::IndexFilter slow_me;
  slow_me.route = "GET /me";
  slow_me.min_ms = 100;
  const std::string slow = store.render_index_html(slow_me);
  EXPECT_NE(slow.find(">503<"), std::string::npos);
  EXPECT_EQ(slow.find(">200<"), std::string::npos);
  EXPECT_EQ(slow.find(">401<"), std::string::npos);
  EXPECT_NE(slow.find("value=\"100\""), std::string::npos) << "the form keeps the filter";
}

TEST(RecentTraces, IndexSaysWhyTheTailSamplerKeptATrace) {
  RecentTraces store;
  auto kept = std::make_shared<trace::SpanData>(*make_span(1, 1, 0, "POST /login", 0, 5));
  kept->attributes.push_back({"authlens.tail_sampling.reason", std::string("status")});
  store.add(kept);
  store.add(make_span(2, 1, 0, "GET /me", 0, 1));  // head sampling kept this one
  const std::string html = store.render_index_html();
  EXPECT_NE(html.find("<th>Kept</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"kept\">status</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td class=\"kept\">—</td>"), std::string::npos) << html;
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
