#pragma once
// Awaits a function run on the WorkPool for one client: the coroutine is resumed on its own
// executor with the function's result, or with `refusal` when the pool refuses or later pushes
// the job out for a lighter client.
#include <utility>  // before asio's awaitable header (Boost 1.74 needs std::exchange)

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <string_view>

#include "http/message.hpp"
#include "work/work_pool.hpp"

namespace authlens::http {

inline boost::asio::awaitable<Response> call_on_pool(work::WorkPool& pool, work::PoolClient client,
                                                     std::function<Response()> fn,
                                                     std::function<Response()> refusal) {
  namespace asio = boost::asio;
  auto initiation = [&pool, client, &fn, &refusal](auto handler) {
    // The pool's callbacks must be copyable; the awaitable's handler is move-only.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    auto executor = asio::get_associated_executor(*shared);
    auto resume = [shared, executor](Response response) {
      asio::post(executor, [shared, response = std::move(response)]() mutable {
        (*shared)(std::move(response));
      });
    };
    pool.submit(
        client, [resume, fn = std::move(fn)] { resume(fn()); },
        [resume, refusal = std::move(refusal)] { resume(refusal()); });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
      std::move(initiation), asio::use_awaitable);
}

}  // namespace authlens::http
