# Golden CLI tests: one ctest per tests/golden/<group>/<name>.sh (label golden).
file(GLOB_RECURSE SL_GOLDEN_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/golden/*/*.sh)
foreach(t ${SL_GOLDEN_TESTS})
  file(RELATIVE_PATH rel ${CMAKE_CURRENT_SOURCE_DIR}/golden ${t})
  string(REGEX REPLACE "\\.sh$" "" rel ${rel})
  string(REPLACE "/" "." name ${rel})
  add_test(NAME golden.${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_golden.sh
            --bin $<TARGET_FILE_DIR:statuslint> ${t})
  set_tests_properties(golden.${name} PROPERTIES LABELS golden TIMEOUT 120 SKIP_RETURN_CODE 77)
  if(NOT SL_TEST_HOOKS)
    set_tests_properties(golden.${name} PROPERTIES ENVIRONMENT "SL_TEST_HOOKS=0")
  endif()
endforeach()
