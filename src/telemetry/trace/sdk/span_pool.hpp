#pragma once
// Where Span and SpanData objects (with their shared_ptr control blocks) live: per-thread free
// lists of fixed-size blocks, so a span's allocations are a pointer pop and push instead of
// malloc and free (which cost several times more: a request makes four such blocks, the
// viewer's ring frees them a few hundred requests later). Hand-written because it is a dozen
// lines and a general pool (Boost.Pool) is neither per-thread nor cheaper.
//
// A block is returned to the list of the thread that frees it (the request thread, usually:
// the viewer's ring drops the oldest span when it adds one); a list keeps at most kMaxFree
// blocks and gives the rest back to the heap, so a thread that only frees (the exporter, when
// there is no viewer) does not hoard memory. Under AddressSanitizer the pool steps aside, so
// use-after-free of a span is still caught.
#include <cstddef>
#include <memory>
#include <new>

namespace authlens::trace::detail {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kPoolSpans = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kPoolSpans = false;
#else
inline constexpr bool kPoolSpans = true;
#endif
#else
inline constexpr bool kPoolSpans = true;
#endif

template <std::size_t Size, std::size_t Align>
class BlockFreeList {
 public:
  static constexpr std::size_t kMaxFree = 1024;

  static void* take() {
    if (dead()) return ::operator new (Size, std::align_val_t{Align});
    List& list = local();
    if (Node* node = list.head) {
      list.head = node->next;
      --list.count;
      return node;
    }
    return ::operator new (Size, std::align_val_t{Align});
  }

  // Blocks waiting on this thread's list (for tests).
  static std::size_t free_blocks() noexcept { return dead() ? 0 : local().count; }

  static void give(void* block) noexcept {
    if (dead()) {
      ::operator delete (block, std::align_val_t{Align});
      return;
    }
    List& list = local();
    if (list.count >= kMaxFree) {
      ::operator delete (block, std::align_val_t{Align});
      return;
    }
    list.head = ::new (block) Node{list.head};
    ++list.count;
  }

 private:
  struct Node {
    Node* next;
  };
  struct List {
    Node* head = nullptr;
    std::size_t count = 0;
    ~List() {  // at thread exit
      dead() = true;
      while (Node* node = head) {
        head = node->next;
        ::operator delete (node, std::align_val_t{Align});
      }
      count = 0;
    }
  };
  // Trivially destructible, so it can still be read after the list is gone (a span freed by a
  // later thread_local or static destructor of the same thread).
  static bool& dead() noexcept {
    thread_local bool gone = false;
    return gone;
  }
  static List& local() noexcept {
    thread_local List list;
    return list;
  }
  static_assert(Size >= sizeof(Node));
};

// A standard allocator over BlockFreeList, for std::allocate_shared (which rebinds it to its
// control block type, so the span and its control block are one block).
template <typename T>
class SpanPoolAllocator {
 public:
  using value_type = T;
  SpanPoolAllocator() noexcept = default;
  template <typename U>
  SpanPoolAllocator(const SpanPoolAllocator<U>&) noexcept {}  // NOLINT

  T* allocate(std::size_t n) {
    if (!kPoolSpans || n != 1) return std::allocator<T>().allocate(n);
    return static_cast<T*>(BlockFreeList<sizeof(T), alignof(T)>::take());
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (!kPoolSpans || n != 1) return std::allocator<T>().deallocate(p, n);
    BlockFreeList<sizeof(T), alignof(T)>::give(p);
  }

  template <typename U>
  bool operator==(const SpanPoolAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace authlens::trace::detail
