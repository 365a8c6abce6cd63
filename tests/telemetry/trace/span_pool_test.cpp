#include "telemetry/trace/sdk/span_pool.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace authlens::trace::detail {
namespace {

// A size no other code in this test binary pools, so the counts below are this test's own.
using TestList = BlockFreeList<136, 8>;

TEST(SpanPool, AFreedBlockIsTheNextOneTaken) {
  void* first = TestList::take();
  const std::size_t before = TestList::free_blocks();
  TestList::give(first);
  EXPECT_EQ(TestList::free_blocks(), before + 1);
  EXPECT_EQ(TestList::take(), first);
  EXPECT_EQ(TestList::free_blocks(), before);
  TestList::give(first);
}

TEST(SpanPool, AThreadKeepsAtMostItsCapAndTheRestGoesBackToTheHeap) {
  std::thread([] {
    std::vector<void*> blocks;
    for (std::size_t i = 0; i < TestList::kMaxFree + 10; ++i) blocks.push_back(TestList::take());
    for (void* b : blocks) TestList::give(b);
    EXPECT_EQ(TestList::free_blocks(), TestList::kMaxFree);
  }).join();  // the thread's list is freed as it exits (LeakSanitizer would report it otherwise)
}

TEST(SpanPool, BlocksFreedOnAnotherThreadGoToThatThreadsList) {
  void* block = TestList::take();
  std::thread([block] {
    TestList::give(block);
    EXPECT_EQ(TestList::free_blocks(), 1u);
    EXPECT_EQ(TestList::take(), block);
    TestList::give(block);
  }).join();
}

struct Tracked {
  explicit Tracked(int& live) : live_(live) { ++live_; }
  ~Tracked() { --live_; }
  int& live_;
  char payload[100] = {};
};

TEST(SpanPool, AllocateSharedThroughThePoolConstructsAndDestroys) {
  int live = 0;
  std::shared_ptr<Tracked> first =
      std::allocate_shared<Tracked>(SpanPoolAllocator<Tracked>(), live);
  EXPECT_EQ(live, 1);
  std::weak_ptr<Tracked> watch = first;
  first.reset();
  EXPECT_EQ(live, 0);
  EXPECT_TRUE(watch.expired());
  watch.reset();
  auto second = std::allocate_shared<Tracked>(SpanPoolAllocator<Tracked>(), live);
  EXPECT_EQ(live, 1);
}

}  // namespace
}  // namespace authlens::trace::detail
