#include "account/parts/bearer.hpp"

#include "account/secrets.hpp"

namespace authlens::account {
namespace {

constexpr std::size_t kMaxTokenBytes = 256;
// last_used_at moves in steps of this much: a session used all day is written once a minute.
constexpr std::int64_t kUseResolutionS = 60;
// Past this many pending uses a flush is due anyway (a bound on the buffer).
constexpr std::size_t kMaxPendingUses = 100000;

}  // namespace

std::optional<ports::SessionRecord> Bearer::session(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return std::nullopt;
  const auto now = kernel_.now();
  auto found = kernel_.store().find_session(digest_token(token), now);
  if (found && now - found->last_used_at >= kUseResolutionS) {
    std::lock_guard lock(mu_);
    const auto it = pending_.find(found->id);
    if (it != pending_.end()) {
      it->second = now;
    } else if (pending_.size() < kMaxPendingUses) {
      pending_.emplace(found->id, now);
    }
  }
  return found;
}

std::optional<ports::SessionRecord> Bearer::still_live(ports::UnitOfWork& tx,
                                                       std::string_view token,
                                                       const ports::SessionRecord& verified,
                                                       std::int64_t now) {
  auto session = tx.sessions().find_session(digest_token(token), now);
  if (!session || !same_credentials(verified.account, session->account)) return std::nullopt;
  return session;
}

std::int64_t Bearer::last_used(const ports::SessionRecord& session) const {
  std::lock_guard lock(mu_);
  const auto it = pending_.find(session.id);
  return it == pending_.end() ? session.last_used_at : std::max(it->second, session.last_used_at);
}

void Bearer::flush() {
  std::vector<ports::SessionUse> uses;
  {
    std::lock_guard lock(mu_);
    uses.reserve(pending_.size());
    for (auto& [id, at] : pending_) uses.push_back({id, at});
    pending_.clear();
  }
  try {
    kernel_.store().record_session_uses(uses);
  } catch (const ports::Unavailable&) {
    // Kept for the next flush; a use newer than the one lost here wins anyway.
    std::lock_guard lock(mu_);
    for (auto& use : uses) pending_.try_emplace(use.id, use.at);
    throw;
  }
}

bool same_credentials(const ports::AccountRecord& verified,
                      const std::optional<ports::AccountRecord>& now) {
  return now && now->id == verified.id && now->credential_version == verified.credential_version;
}

}  // namespace authlens::account
