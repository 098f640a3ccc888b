#include "compare/list_command.hpp"

#include <sstream>

#include "common/list_parsing.hpp"
#include "common/op_case.hpp"
#include "common/shape_suite.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {

std::string list_report(const std::vector<Layer>& layers, DType dtype, const Context& base,
                        const std::vector<EngineInfo>& engines) {
  std::ostringstream o;
  o << "Variants (" << to_string(dtype)
    << ", selection order; the reference is last). CPU tier: " << to_string(detected_isa()) << "\n";
  TextTable variants({{"op", false}, {"variant", false}, {"isa", false}, {"threading", false}, {"here", false}});
  for (OpId op : all_ops())
    for (const auto& v : list_variants(op, dtype, base))
      variants.add_row({to_string(op), v.name, to_string(v.isa), to_string(v.threading),
                        v.runnable ? "runnable" : "not runnable: " + v.reason});
  o << variants.render() << "\nEngines:\n";
  TextTable engine_table({{"engine", false}, {"here", false}});
  for (const auto& e : engines)
    engine_table.add_row({e.name, (e.available ? "available: " : "unavailable: ") + e.description});
  o << engine_table.render() << "\nBuilt-in shape files (--shapes FILE; opt-in files run only when named):\n";
  TextTable files({{"file", false}, {"layers", true}, {"selection", false}});
  for (const auto& f : builtin_shape_file_infos())
    files.add_row({f.stem, std::to_string(f.layers), f.in_default ? "default" : "opt-in: --shapes " + f.stem});
  o << files.render() << "\nShapes (selected):\n";
  TextTable shapes({{"file", false}, {"shape", false}, {"geometry", false}, {"ops", false}});
  for (const auto& l : layers) {
    std::vector<std::string> ops;
    for (OpId op : ops_of(l)) ops.emplace_back(to_string(op));
    shapes.add_row({l.file, l.name, summarize(l), join(ops, ",")});
  }
  o << shapes.render();
  return o.str();
}

}  // namespace cnnkit::bench
