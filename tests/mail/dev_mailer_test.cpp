#include "mail/dev_mailer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mail/templates.hpp"
#include "test_telemetry.hpp"

namespace authlens::mail {
namespace {

namespace fs = std::filesystem;

class DevMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("authlens-mail-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
           "var" / "mail";
    fs::remove_all(dir_.parent_path().parent_path());
  }
  void TearDown() override { fs::remove_all(dir_.parent_path().parent_path()); }
  fs::path dir_;
};

store::QueuedMail queued() {
  store::QueuedMail mail;
  mail.recipient = "ada@example.com";
  mail.kind = std::string(kind::kReset);
  mail.id = 17;
  mail.created_at = 1700000000;
  return mail;
}

Message message() {
  return *render(kind::kReset, "ada@example.com", "271828", std::chrono::minutes(10));
}

TEST_F(DevMailerTest, WritesAnEmlFileAndALogLine) {
  testing::TestLogger log;
  DevMailer mailer(log.logger(), dir_);
  ASSERT_EQ(mailer.deliver(queued(), message()).outcome, DeliveryResult::Outcome::kSent);

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".eml");
  EXPECT_TRUE(files[0].filename().string().ends_with("Z-17.eml")) << files[0];

  std::ifstream in(files[0], std::ios::binary);
  std::stringstream eml;
  eml << in.rdbuf();
  EXPECT_NE(eml.str().find("To: ada@example.com\r\n"), std::string::npos);
  EXPECT_NE(eml.str().find("\r\n271828\r\n"), std::string::npos);

  const std::string out = log.output();
  EXPECT_NE(out.find("mail written (dev mailer)"), std::string::npos) << out;
  EXPECT_NE(out.find("ada@example.com"), std::string::npos);
  EXPECT_NE(out.find(files[0].filename().string()), std::string::npos);
  // The code is in the file only: no secret in any log line (CONTRACT.md, Logs).
  EXPECT_EQ(out.find("271828"), std::string::npos) << out;
}

TEST_F(DevMailerTest, UnwritableDirectoryIsRetried) {
  testing::TestLogger log;
  fs::create_directories(dir_.parent_path());
  std::ofstream(dir_) << "a file where the directory should be";
  DevMailer mailer(log.logger(), dir_ / "sub");
  EXPECT_EQ(mailer.deliver(queued(), message()).outcome, DeliveryResult::Outcome::kRetry);
}

}  // namespace
}  // namespace authlens::mail
