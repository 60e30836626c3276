# follow.cmake: `statuslint follow` (label follow): the command line, rotation styles and
# /metrics (tests/follow/follow_cli.py), and a real Prometheus scraping a follower while logs
# are written and rotated (tests/follow/prom_follow.py). Debian's python3 for its modules.
find_program(SL_DEB_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT SL_DEB_PYTHON3)
  find_program(SL_DEB_PYTHON3 NAMES python3 REQUIRED)
endif()
foreach(part budget formats histogram stdin pipe signals rotation agree usage)
  add_test(NAME follow.${part}
    COMMAND ${SL_DEB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/follow/follow_cli.py ${part}
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/follow-${part})
  set_tests_properties(follow.${part} PROPERTIES LABELS follow TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()
add_test(NAME follow.prometheus
  COMMAND ${SL_DEB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/follow/prom_follow.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/follow-prometheus 20)
set_tests_properties(follow.prometheus PROPERTIES LABELS follow TIMEOUT 120
  SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
# docs/follow/: alerting rules (promtool check/test rules), the Grafana dashboard's queries and
# the systemd unit's command line, against a running follower.
add_test(NAME follow.docs
  COMMAND ${SL_DEB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/follow/docs_check.py
          $<TARGET_FILE:statuslint> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/follow-docs)
set_tests_properties(follow.docs PROPERTIES LABELS follow TIMEOUT 120 SKIP_RETURN_CODE 77)
# -f openmetrics --timestamps loaded with promtool tsdb create-blocks-from openmetrics.
add_test(NAME follow.backfill
  COMMAND ${SL_DEB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/follow/backfill.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/follow-backfill)
set_tests_properties(follow.backfill PROPERTIES LABELS follow TIMEOUT 120 SKIP_RETURN_CODE 77)
# follow --state: a restart resumes where it stopped (SIGTERM, kill -9, rotations meanwhile).
foreach(part sigterm kill rotate truncate dir)
  add_test(NAME follow.state-${part}
    COMMAND ${SL_DEB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/follow/follow_state.py ${part}
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/follow-state-${part})
  set_tests_properties(follow.state-${part} PROPERTIES LABELS "follow;state" TIMEOUT 120
    SKIP_RETURN_CODE 77)
endforeach()
