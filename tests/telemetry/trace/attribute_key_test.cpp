#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

#include "telemetry/trace/api/attributes.hpp"

namespace authlens::trace {
namespace {

TEST(AttributeKey, MovedFromKeyIsEmptyAndOwnsNothing) {
  AttributeKey source(std::string("app.runtime_key"));
  ASSERT_FALSE(source.is_static());  // copied text, checked as UTF-8 when exported
  AttributeKey target(std::move(source));
  EXPECT_EQ(target.view(), "app.runtime_key");
  EXPECT_FALSE(target.is_static());
  // NOLINTNEXTLINE(bugprone-use-after-move): what a moved-from key is, is the point here
  EXPECT_EQ(source.view(), "");
}

TEST(AttributeKey, MoveAssignedFromKeyIsEmptyAndOwnsNothing) {
  AttributeKey source(std::string("app.runtime_key"));
  AttributeKey target(StaticKey{"http.route"});
  target = std::move(source);
  EXPECT_EQ(target.view(), "app.runtime_key");
  EXPECT_FALSE(target.is_static());
  EXPECT_EQ(source.view(), "");  // NOLINT(bugprone-use-after-move)
}

TEST(AttributeKey, CopyOfAMovedFromKeyOutlivesTheKeyThatTookTheText) {
  AttributeKey source(std::string("app.runtime_key"));
  std::optional<AttributeKey> taker(std::move(source));
  AttributeKey copy(source);  // NOLINT(bugprone-use-after-move)
  taker.reset();              // frees the text the moved-from key used to point at
  EXPECT_EQ(copy.view(), "");
}

TEST(AttributeKey, StaticKeyStaysAViewAcrossMoves) {
  AttributeKey source(StaticKey{"http.route"});
  AttributeKey target(std::move(source));
  EXPECT_TRUE(target.is_static());
  EXPECT_EQ(target.view(), "http.route");
  EXPECT_EQ(source.view(), "");  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace authlens::trace
