// The fixture loader (tests/support/fixture.*): MANIFEST.txt, params.txt, which arrays exist,
// and clear errors for malformed files.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/fixture.hpp"
#include "support/test_data.hpp"

namespace cnnkit::test {
namespace {

namespace fs = std::filesystem;

// A scratch fixture set under the system temp folder, removed afterwards.
class ScratchSet {
 public:
  ScratchSet() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("cnnkit_fixture_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  ~ScratchSet() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir() const { return dir_.string(); }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative, std::ios::binary) << text;
  }

 private:
  fs::path dir_;
};

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(FixtureLoader, ParsesParams) {
  const auto p = parse_params("op conv2d\nkh 2\n\nexpected_from seed  \nnote two words\n", "p.txt");
  EXPECT_EQ(p.at("op"), "conv2d");
  EXPECT_EQ(p.at("kh"), "2");
  EXPECT_EQ(p.at("expected_from"), "seed");
  EXPECT_EQ(p.at("note"), "two words");
  EXPECT_EQ(p.size(), 4u);
}

TEST(FixtureLoader, RejectsMalformedParams) {
  EXPECT_NE(error_of([] { parse_params("kh 2\nop conv2d\n", "p.txt"); }).find("p.txt:1: the first line must be 'op"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_params("op conv2d\nkh 2\nkh 3\n", "p.txt"); }).find("p.txt:3: key 'kh' given twice"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_params("op conv2d\nkh\n", "p.txt"); }).find("p.txt:2: expected 'key value'"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_params("\n\n", "p.txt"); }).find("empty"), std::string::npos);
}

TEST(FixtureLoader, ReadsManifestAndChecksIt) {
  ScratchSet set;
  set.write("MANIFEST.txt", "a conv2d first case: x (1,2,2,1)\n\nb pool2d second\n");
  const auto m = read_manifest(set.dir());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "a");
  EXPECT_EQ(m[0].op, "conv2d");
  EXPECT_EQ(m[0].description, "first case: x (1,2,2,1)");
  EXPECT_EQ(m[1].name, "b");
  EXPECT_EQ(m[1].description, "second");

  set.write("MANIFEST.txt", "a conv2d x\na pool2d y\n");
  EXPECT_NE(error_of([&] { read_manifest(set.dir()); }).find("MANIFEST.txt:2: case 'a' listed twice"), std::string::npos);
  set.write("MANIFEST.txt", "lonely\n");
  EXPECT_NE(error_of([&] { read_manifest(set.dir()); }).find("MANIFEST.txt:1: expected '<case-name> <op>"),
            std::string::npos);
  set.write("MANIFEST.txt", "\n");
  EXPECT_NE(error_of([&] { read_manifest(set.dir()); }).find("lists no cases"), std::string::npos);
  EXPECT_NE(error_of([] { read_manifest("/nonexistent/set"); }).find("cannot open"), std::string::npos);
}

TEST(FixtureLoader, LoadsACaseAndTracksWhichArraysWereRead) {
  ScratchSet set;
  set.write("c/params.txt", "op relu\nreduce_y 3\nscale 0.25\nflag 1\nbad_flag 2\nword abc\n");
  set.write("c/x.npy", "");  // existence is enough for has_array; reading it is another matter
  set.write("c/y.npy", "");
  set.write("c/NOTE.txt", "why");
  set.write("c/readme.txt", "not an array");
  const FixtureCase c = FixtureCase::load(set.dir(), "c", "relu");
  EXPECT_EQ(c.op(), "relu");
  EXPECT_EQ(c.arrays(), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(c.has_array("x"));
  EXPECT_FALSE(c.has_array("readme"));
  EXPECT_EQ(c.reduce("y"), 3);
  EXPECT_EQ(c.double_param("scale"), 0.25);
  EXPECT_TRUE(c.bool_param_or("flag", false));
  EXPECT_EQ(c.int_param_or("absent", 9), 9);
  EXPECT_EQ(c.note(), "why");

  EXPECT_NE(error_of([&] { c.int_param("absent"); }).find("missing key 'absent'"), std::string::npos);
  EXPECT_NE(error_of([&] { c.int_param("scale"); }).find("key 'scale': expected an integer, got '0.25'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { c.double_param("word"); }).find("expected a number, got 'abc'"), std::string::npos);
  EXPECT_NE(error_of([&] { c.bool_param_or("bad_flag", false); }).find("expected 0 or 1"), std::string::npos);
  EXPECT_NE(error_of([&] { c.array("z"); }).find("missing z.npy"), std::string::npos);

  EXPECT_EQ(c.unread_arrays(), (std::vector<std::string>{"x", "y"}));
  EXPECT_NE(error_of([&] { c.array("x"); }).find("x.npy"), std::string::npos) << "an empty file is not an array";
  EXPECT_EQ(c.unread_arrays(), std::vector<std::string>{"y"});
}

TEST(FixtureLoader, RejectsAnOpThatDiffersFromTheManifest) {
  ScratchSet set;
  set.write("c/params.txt", "op relu\n");
  EXPECT_NE(error_of([&] { FixtureCase::load(set.dir(), "c", "dense"); }).find("differs from the manifest"),
            std::string::npos);
  EXPECT_NE(error_of([&] { FixtureCase::load(set.dir(), "missing", ""); }).find("case folder not found"),
            std::string::npos);
}

TEST(FixtureLoader, ListsCaseFolders) {
  ScratchSet set;
  set.write("MANIFEST.txt", "b x y\n");
  set.write("b/params.txt", "op x\n");
  set.write("a/params.txt", "op x\n");
  EXPECT_EQ(case_directories(set.dir()), (std::vector<std::string>{"a", "b"}));
}

TEST(FixtureLoader, LoadsAStoredSeedCase) {
  const FixtureCase c = FixtureCase::load(data_path("fixtures/seeds"), "seed002_conv_pad2_stride2", "conv2d");
  EXPECT_EQ(c.int_param("stride_h"), 2);
  EXPECT_EQ(c.reduce("dw"), 160);
  EXPECT_EQ(c.array("x").shape, (std::vector<std::int64_t>{10, 4, 4, 3}));
  EXPECT_NE(c.note().find("Seed 002 is correct here"), std::string::npos);
}

}  // namespace
}  // namespace cnnkit::test
