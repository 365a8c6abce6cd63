// Database spans: one CLIENT span per named statement, with db.* attributes and no bound values.
#include <algorithm>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "store_fixture.hpp"
#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/trace/in_memory_exporter.hpp"
#include "telemetry/trace/sdk/simple_span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::store::testing {
namespace {

class DbSpanTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    auto exporter = std::make_unique<trace::InMemorySpanExporter>();
    exporter_ = exporter.get();
    std::vector<std::unique_ptr<trace::SpanProcessor>> processors;
    processors.push_back(std::make_unique<trace::SimpleSpanProcessor>(std::move(exporter)));
    provider_ = std::make_shared<trace::TracerProvider>(
        trace::Resource{}, trace::make_always_on_sampler(), std::move(processors));
    store_.reset();
    store_ = make_store(url_, &provider_->tracer());
    exporter_->clear();  // drop the spans of opening (migrations, server key)
  }

  void TearDown() override {
    store_.reset();
    StoreTest::TearDown();
  }

  std::vector<trace::SpanDataPtr> spans_named(const std::string& name) const {
    std::vector<trace::SpanDataPtr> found;
    for (const auto& s : exporter_->spans()) {
      if (s->name == name) found.push_back(s);
    }
    return found;
  }

  std::shared_ptr<trace::TracerProvider> provider_;
  trace::InMemorySpanExporter* exporter_ = nullptr;
};

std::string string_attribute(const trace::SpanData& span, const std::string& key) {
  for (const auto& a : span.attributes) {
    if (a.key == key) {
      const auto* s = std::get_if<std::string>(&a.value);
      return s != nullptr ? *s : "(not a string)";
    }
  }
  return "(missing)";
}

TEST_P(DbSpanTest, EachStatementIsAClientSpanNamedAfterIt) {
  const std::string system = is_postgres() ? "postgresql" : "sqlite";
  trace::ScopedSpan request(provider_->tracer(), "request", trace::SpanKind::kServer);
  {
    auto tx = store_->begin();
    EXPECT_FALSE(tx->accounts().find_account_by_email("secret@example.com").has_value());
    const auto id = tx->accounts().insert_account("secret@example.com", "pw-hash", 1);
    tx->sessions().insert_session(session_row(digest_of(7), id, 1, 100));
    tx->commit();
  }
  ASSERT_TRUE(store_->find_session(digest_of(7), 2).has_value());

  for (const std::string name : {"begin", "select_account_by_email", "insert_account",
                                 "insert_session", "commit", "select_session"}) {
    const auto spans = spans_named(name);
    ASSERT_FALSE(spans.empty()) << "no span " << name;
    const trace::SpanData& s = *spans.front();
    EXPECT_EQ(s.kind, trace::SpanKind::kClient) << name;
    EXPECT_EQ(string_attribute(s, "db.system"), system) << name;
    EXPECT_EQ(string_attribute(s, "db.operation.name"), name) << name;
    EXPECT_NE(s.status, trace::StatusCode::kError) << name;
  }
  for (const auto& s : exporter_->spans()) {
    for (const auto& a : s->attributes) {
      if (const auto* v = std::get_if<std::string>(&a.value)) {
        EXPECT_EQ(v->find("secret@example.com"), std::string::npos) << s->name << " " << a.key;
        EXPECT_EQ(v->find("pw-hash"), std::string::npos) << s->name << " " << a.key;
      }
    }
  }
}

TEST_P(DbSpanTest, FailedStatementMarksItsSpanWithoutTheValues) {
  committed_account("secret@example.com");
  exporter_->clear();
  trace::ScopedSpan request(provider_->tracer(), "request", trace::SpanKind::kServer);
  {
    auto tx = store_->begin();
    try {
      tx->accounts().insert_account("secret@example.com", "h", 1);
      ADD_FAILURE() << "duplicate accepted";
    } catch (const StoreError& e) {
      EXPECT_EQ(std::string(e.what()).find("secret@example.com"), std::string::npos) << e.what();
    }
  }
  const auto spans = spans_named("insert_account");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0]->status, trace::StatusCode::kError);
  EXPECT_FALSE(spans[0]->status_description.empty());
  EXPECT_EQ(spans[0]->status_description.find("secret@example.com"), std::string::npos)
      << spans[0]->status_description;
}

TEST_P(DbSpanTest, StatementsOutsideATraceMakeNoSpans) {
  // The outbox worker polls twice a second; an idle poll must not start a trace each time.
  (void)store_->claim_due_mail(1, 61, 16);
  (void)store_->pending_mail_count();
  EXPECT_TRUE(exporter_->spans().empty());
  {
    trace::ScopedSpan request(provider_->tracer(), "request", trace::SpanKind::kServer);
    (void)store_->pending_mail_count();
  }
  EXPECT_EQ(spans_named("count_pending_mail").size(), 1u);
}

AUTHLENS_STORE_BACKENDS(DbSpanTest);

}  // namespace
}  // namespace authlens::store::testing
