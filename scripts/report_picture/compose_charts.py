# The README's picture: a few charts of a cnnkit-bench --report page (argv[1]), unchanged, side by side on
# one page (argv[2]) for a screenshot. Called by scripts/make-report-picture.sh.
import re
import sys

src = open(sys.argv[1]).read()
style = re.search(r'<style>(.*?)</style>', src, re.S).group(1)
runs = re.findall(r'<p class="run">.*?</p>', src, re.S)
def fig(chart, clip=None):
    m = re.search(r'<figure>\n<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="%s".*?</svg>' % re.escape(chart), src, re.S)
    svg = m.group(0)[len('<figure>\n'):]
    if clip:
        return '<figure class="clip" style="height:%dpx">%s</figure>' % (clip, svg)
    return '<figure>%s</figure>' % svg
html = ['<!DOCTYPE html><html><head><meta charset="utf-8"><style>', style,
        'body{width:1330px;margin:10px 14px;} figure.clip{overflow:hidden;display:block;position:relative}'
        ' figure.clip::after{content:"";position:absolute;left:0;right:0;bottom:0;height:60px;background:linear-gradient(rgba(255,255,255,0),#fff)}'
        ' .grid{margin-bottom:10px} figure.clip svg{width:636px;height:auto}'
        ' figure.clip{width:636px}</style></head><body>',
        '<h1>cnnkit-bench --report: charts from one page</h1>'] + runs + [
        '<div class="grid">', fig('roofline-conv'), fig('roofline-pool'), '</div>',
        '<div class="grid">', fig('ladder-conv2d_fwd'), fig('ladder-conv2d_bwd_weights'), fig('ladder-pool2d_fwd'), '</div>',
        '<div class="grid">', fig('ratio-onednn', 300), fig('regret', 300), '</div>',
        '</body></html>']
open(sys.argv[2], 'w').write('\n'.join(html))
