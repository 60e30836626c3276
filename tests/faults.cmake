# faults.cmake: failures injected below statuslint (label faults; also hostile, so every
# sanitizer stage runs them). statuslint-threadfail is main.c + sl_core with pthread_create
# wrapped by tests/faults/pthread_fail.c: a test-only binary, never installed.
add_executable(statuslint-threadfail ${PROJECT_SOURCE_DIR}/src/cli/main.c
  ${CMAKE_CURRENT_SOURCE_DIR}/faults/pthread_fail.c)
sl_target_defaults(statuslint-threadfail)
target_link_libraries(statuslint-threadfail PRIVATE sl_core)
target_link_options(statuslint-threadfail PRIVATE -Wl,--wrap=pthread_create)
add_test(NAME faults.thread-create
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/faults/thread_failure.sh
          $<TARGET_FILE:statuslint-threadfail> $<TARGET_FILE:statuslint>
          ${CMAKE_CURRENT_BINARY_DIR}/faults-thread-create)
set_tests_properties(faults.thread-create PROPERTIES LABELS "faults;hostile" TIMEOUT 600
  ENVIRONMENT "SL_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
