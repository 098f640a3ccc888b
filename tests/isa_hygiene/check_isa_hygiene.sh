#!/usr/bin/env bash
# Checks a built cnnkit library for instructions above a function's ISA tier.
#
# Each ISA tier's kernels live in translation units compiled with that tier's flags, and every
# function there is templated on the tier's xsimd arch (or lives in tier_<name>), so its name says
# its tier. If an inline function shared with baseline code were compiled under tier flags and the
# linker kept that copy, baseline code would carry AVX-512 (or AVX, or SSE4) instructions and
# crash with SIGILL on older CPUs -- silently on this machine, which has them all. This script
# disassembles the library and fails on any function whose instructions exceed the tier its name
# allows: zmm/opmask/EVEX-only registers outside avx512 code, VEX (v-prefixed) or ymm outside
# avx2_fma/avx512 code, SSE4.1/4.2 instructions in baseline code.
set -euo pipefail
library=${1:?usage: check_isa_hygiene.sh <library>}
objdump -d --no-show-raw-insn -C "$library" | awk '
# xsimd implements a tier partly in templates of its base archs (avx2 code calls functions templated
# on xsimd::avx or fma3<...>, sse4_2 code on sse4_1, ssse3, sse3): their names carry those.
function tier_of(name) {
  if (name ~ /avx512/) return 3
  if (name ~ /avx2|xsimd::avx|fma3/) return 2
  if (name ~ /sse4_2|sse4_1|ssse3|sse3/) return 1
  return 0
}
BEGIN {
  split("pminsd pminud pminsb pminuw pmaxsd pmaxud pmaxsb pmaxuw pmulld pmuldq ptest pblendw pblendvb " \
        "blendps blendpd blendvps blendvpd roundps roundpd roundss roundsd dpps dppd insertps extractps " \
        "pinsrb pinsrd pinsrq pextrb pextrd pextrq pmovsxbw pmovsxbd pmovsxbq pmovsxwd pmovsxwq pmovsxdq " \
        "pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq packusdw pcmpeqq pcmpgtq mpsadbw " \
        "phminposuw movntdqa crc32 pcmpestri pcmpestrm pcmpistri pcmpistrm", list, " ")
  for (i in list) sse4[list[i]] = 1
  names[0] = "baseline x86-64"; names[1] = "sse4_2"; names[2] = "avx2_fma"; names[3] = "avx512"
  functions = 0; bad = 0
}
/^[0-9a-f]+ <.*>:$/ { fn = substr($0, index($0, "<") + 1); sub(/>:$/, "", fn); allowed = tier_of(fn); functions++; next }
/^ +[0-9a-f]+:\t/ {
  split($0, parts, "\t"); insn = parts[2]; mnemonic = insn; sub(/ .*/, "", mnemonic)
  need = 0
  if (mnemonic in sse4) need = 1
  if (mnemonic ~ /^v/ || insn ~ /%ymm/) need = 2
  if (insn ~ /%zmm|%k[0-7]|\{1to|%[xy]mm(1[6-9]|2[0-9]|3[01])\b/) need = 3
  if (need > allowed && !((fn, need) in reported)) {
    reported[fn, need] = 1; bad++
    printf "ISA above its tier: %s instruction \"%s\" in %s code: %s\n", names[need], insn, names[allowed], substr(fn, 1, 200)
  }
}
END {
  printf "isa hygiene: %d functions checked, %d violations\n", functions, bad
  exit bad > 0
}'
