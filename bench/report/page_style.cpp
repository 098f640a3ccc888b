#include "report/page_style.hpp"

namespace cnnkit::bench {

const char* const kReportStyle = R"(
body { font-family: sans-serif; margin: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 22px 0 6px; border-bottom: 1px solid #ddd; }
p.run { font-size: 13px; color: #444; margin: 2px 0; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; border: 1px solid #e4e4e4; padding: 6px; background: #fff; display: table; }
figcaption { font-size: 11px; color: #555; display: table-caption; caption-side: bottom; padding: 2px 6px 4px; }
svg.chart { display: block; font-size: 11px; }
svg .chart-title { font-size: 13px; font-weight: bold; }
svg .axis { stroke: #333; stroke-width: 1; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .tick { fill: #444; font-size: 10px; }
svg .axis-label { fill: #222; font-size: 11px; }
svg .legend { fill: #222; font-size: 11px; }
svg .value { fill: #333; font-size: 10px; }
svg .empty { fill: #888; font-style: italic; }
svg .roof { stroke: #555; stroke-width: 2; }
svg .roof-t1 { stroke-dasharray: 6 3; stroke: #999; }
svg .roof-label { fill: #555; font-size: 10px; }
svg .one-line { stroke: #000; stroke-width: 1.5; }
svg .threshold { stroke: #d62728; stroke-width: 1; stroke-dasharray: 4 3; }
svg .mark.point { stroke: #fff; stroke-width: 0.6; fill-opacity: 0.85; }
svg .mark.point.plain { stroke: #000; stroke-width: 1; }
table.details { border-collapse: collapse; font-size: 11px; margin: 4px 0 8px; }
table.details td, table.details th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
table.details td:first-child { text-align: left; }
details { font-size: 12px; }
#page-errors { color: #b00; }
#page-errors:empty { display: none; }
)";

// Registered before anything else loads: errors (a resource that fails, a script error) and
// requests the Content-Security-Policy blocks (anything from the network) land in #page-errors.
const char* const kReportCheckScript = R"(
(function () {
  var errors = [];
  function note(text) {
    errors.push(text);
    var box = document.getElementById('page-errors');
    if (box) box.textContent = errors.join('\n');
  }
  window.addEventListener('error', function (e) { note('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'unknown')); }, true);
  document.addEventListener('securitypolicyviolation', function (e) { note('blocked: ' + e.blockedURI); });
  window.addEventListener('load', function () {
    var drawn = 0;
    document.querySelectorAll('svg .mark').forEach(function (m) {
      var box = m.getBBox();
      if (box.width > 0 && box.height > 0) drawn++;
    });
    document.body.setAttribute('data-rendered-marks', String(drawn));
    document.body.setAttribute('data-errors', String(errors.length));
    document.getElementById('page-errors').textContent = errors.join('\n');
  });
})();
)";

}  // namespace cnnkit::bench
