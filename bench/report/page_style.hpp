// The report page's fixed parts: its stylesheet and the inline check script (see html_report.hpp).
#pragma once

namespace cnnkit::bench {

extern const char* const kReportStyle;
extern const char* const kReportCheckScript;

}  // namespace cnnkit::bench
