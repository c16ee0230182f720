# `sim_random --seed S --dump DIR` writes a lab that `mcast lab run DIR/seed-S --seed S` replays:
# the same run, whose scenario expectations (every member receives each burst) all pass.
# Called with -DSIM_RANDOM=... -DMCAST=... -DSEED=... -DWORK=...
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${SIM_RANDOM} --seed ${SEED} --dump ${WORK} RESULT_VARIABLE gen_rc
                OUTPUT_VARIABLE gen_out ERROR_VARIABLE gen_out)
if(NOT gen_rc EQUAL 0)
  message(FATAL_ERROR "sim_random --seed ${SEED} failed:\n${gen_out}")
endif()
execute_process(COMMAND ${MCAST} lab run ${WORK}/seed-${SEED} --seed ${SEED} --quiet
                RESULT_VARIABLE run_rc OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "mcast lab run exited ${run_rc}:\n${run_out}${run_err}")
endif()
if(NOT run_out MATCHES "([1-9][0-9]*) passed, 0 failed")
  message(FATAL_ERROR "no passing expectations in the replay:\n${run_out}")
endif()
message(STATUS "replay: ${CMAKE_MATCH_0}")
