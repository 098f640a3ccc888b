// Runs every validation rule of every table: through the C++ API (cnnkit::Error with the
// rule's status and message fragments) and through the C ABI (the same status, the same
// message in cnnkit_last_error()), checking after each call that no buffer changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {

// GoogleTest prints a parameter on failure: the name says which rule.
void PrintTo(const Rule& rule, std::ostream* os) { *os << rule.name; }

namespace {

// Sets this thread's C last-error message to a marker, so a stale message cannot pass for a new one.
void mark_last_error() {
  ASSERT_EQ(cnnkit_force_variant(nullptr, "stale_error_marker", nullptr), CNNKIT_STATUS_INVALID_ARGUMENT);
  ASSERT_THAT(cnnkit_last_error(), ::testing::HasSubstr("stale_error_marker"));
}

class ValidationRule : public ::testing::TestWithParam<Rule> {};

TEST_P(ValidationRule, FailsAsDocumentedAndTouchesNothing) {
  const Rule& rule = GetParam();
  Arena arena;
  const Bound call = rule.bind(arena);
  ASSERT_TRUE(call.cpp || call.c) << "a rule needs at least one API";

  if (rule.status == Status::ok) {
    if (call.cpp) {
      EXPECT_NO_THROW(call.cpp());
    }
    if (call.c) {
      EXPECT_EQ(call.c(), CNNKIT_STATUS_OK) << cnnkit_last_error();
    }
    return;
  }

  std::string cpp_message;
  if (call.cpp) {
    arena.snapshot();
    const std::string before = call.state ? call.state() : "";
    try {
      call.cpp();
      ADD_FAILURE() << "C++: the call succeeded";
    } catch (const Error& e) {
      cpp_message = e.what();
      EXPECT_EQ(e.status(), rule.status) << cpp_message;
      for (const auto& part : rule.expect) EXPECT_THAT(cpp_message, ::testing::HasSubstr(part));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "C++: threw something other than cnnkit::Error: " << e.what();
    }
    EXPECT_EQ(arena.changed(), "") << "C++: a failing call wrote memory";
    if (call.state) {
      EXPECT_EQ(call.state(), before) << "C++: a failing call changed settings";
    }
  }

  if (call.c) {
    mark_last_error();
    arena.snapshot();
    const std::string before = call.state ? call.state() : "";
    const cnnkit_status status = call.c();
    const std::string c_message = cnnkit_last_error();
    EXPECT_EQ(static_cast<int>(status), static_cast<int>(rule.status)) << c_message;
    EXPECT_THAT(c_message, ::testing::Not(::testing::HasSubstr("stale_error_marker")));
    for (const auto& part : rule.expect) EXPECT_THAT(c_message, ::testing::HasSubstr(part));
    // The C ABI passes the C++ message through unchanged.
    if (call.cpp) {
      EXPECT_EQ(c_message, cpp_message);
    }
    EXPECT_EQ(arena.changed(), "") << "C: a failing call wrote memory";
    if (call.state) {
      EXPECT_EQ(call.state(), before) << "C: a failing call changed settings";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllRules, ValidationRule, ::testing::ValuesIn(all_rules()),
                         [](const ::testing::TestParamInfo<Rule>& param_info) { return param_info.param.name; });

TEST(ValidationRules, NamesAreUniqueAndEveryFailingRuleNamesSomething) {
  std::set<std::string> names;
  for (const Rule& rule : all_rules()) {
    EXPECT_TRUE(names.insert(rule.name).second) << "duplicate rule " << rule.name;
    if (rule.status != Status::ok) {
      EXPECT_FALSE(rule.expect.empty()) << rule.name << " expects no message";
    }
  }
}

}  // namespace
}  // namespace cnnkit::test::validation
