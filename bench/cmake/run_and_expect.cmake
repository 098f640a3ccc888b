# A smoke test that needs both the exit status and the output: runs COMMAND (arguments separated
# by "@@"), fails unless it exits with EXIT (default 0) and its output matches every regular
# expression in EXPECT (separated by "@@"): standard output, or with EXIT set, standard output and
# standard error together. CTest's PASS_REGULAR_EXPRESSION alone would ignore the exit status.
#   cmake -DCOMMAND=prog@@--flag -DEXPECT=regex1@@regex2 [-DEXIT=2] -P run_and_expect.cmake
string(REPLACE "@@" ";" _command "${COMMAND}")
string(REPLACE "@@" ";" _expect "${EXPECT}")
if(NOT DEFINED EXIT)
  set(EXIT 0)
  set(_with_stderr FALSE)
else()
  set(_with_stderr TRUE)
endif()
execute_process(COMMAND ${_command} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL EXIT)
  message(FATAL_ERROR "exit status ${_rc}, expected ${EXIT}\n${_out}\n${_err}")
endif()
if(_with_stderr)
  string(APPEND _out "${_err}")
endif()
foreach(_re IN LISTS _expect)
  if(NOT _out MATCHES "${_re}")
    message(FATAL_ERROR "the output does not match '${_re}':\n${_out}")
  endif()
endforeach()
