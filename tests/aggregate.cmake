# aggregate.cmake: aggregate rules against a million new keys (tests/hostile/aggregate.py):
# fixed tables, evictions counted, the same for -j1 and -j2, memory flat (label hostile).
find_program(SL_PYTHON3 NAMES python3)
if(SL_PYTHON3)
  add_test(NAME hostile.aggregate
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/aggregate.py
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-aggregate)
else()
  sl_skipped_test(hostile.aggregate "python3 is not installed (bash tests/setup-debian.sh --test)")
endif()
set_tests_properties(hostile.aggregate PROPERTIES LABELS hostile TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "SL_SANITIZE=${SL_SANITIZE}")
