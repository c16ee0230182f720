# ctest driver for `mcast lab` end-to-end checks (run with cmake -P):
#   MODE=determinism: runs LAB twice with one seed; the outputs must be byte-identical.
#   MODE=exit:        runs `mcast lab ARGS...`; the exit status must equal EXPECT_EXIT.
if(MODE STREQUAL "determinism")
  foreach(i 1 2)
    execute_process(COMMAND ${MCAST} lab run ${LAB} --seed 12345 OUTPUT_VARIABLE out${i}
      RESULT_VARIABLE rc${i})
  endforeach()
  if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
    message(FATAL_ERROR "lab run failed: ${rc1} ${rc2}\n${out1}")
  endif()
  if(NOT out1 STREQUAL out2)
    message(FATAL_ERROR "outputs differ between two runs with one seed")
  endif()
elseif(MODE STREQUAL "exit")
  string(REPLACE "," ";" args "${ARGS}")
  execute_process(COMMAND ${MCAST} lab ${args} OUTPUT_VARIABLE out ERROR_VARIABLE err
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL EXPECT_EXIT)
    message(FATAL_ERROR "exit ${rc}, expected ${EXPECT_EXIT}\n${out}${err}")
  endif()
  if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
    message(FATAL_ERROR "stderr does not match ${EXPECT_STDERR}:\n${err}")
  endif()
endif()
