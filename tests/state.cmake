# state.cmake: the nightly state store (--state, report, state list|check|forget), checked
# through the command line by tests/state/state.py (label state), and the HTML report in a
# real headless Chromium by tests/state/html_browser.sh (skipped when chromium is absent).
find_program(SL_PYTHON3 NAMES python3 REQUIRED)
foreach(part rotate kill lock report clients migrate wal)
  add_test(NAME state.${part}
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/state/state.py ${part}
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/state-${part})
  set_tests_properties(state.${part} PROPERTIES LABELS state TIMEOUT 600)
endforeach()
# the aggregate rules' windows across runs (tests/state/aggcarry.py)
foreach(part midnight rewind migrate2)
  add_test(NAME state.agg-${part}
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/state/aggcarry.py ${part}
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/state-agg-${part})
  set_tests_properties(state.agg-${part} PROPERTIES LABELS state TIMEOUT 300)
endforeach()
add_test(NAME state.html-browser
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/state/html_browser.sh $<TARGET_FILE:statuslint>
          ${CMAKE_CURRENT_BINARY_DIR}/state-html)
set_tests_properties(state.html-browser PROPERTIES LABELS state TIMEOUT 300 SKIP_RETURN_CODE 77)
