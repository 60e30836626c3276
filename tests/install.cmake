# install.cmake: what users get besides the binary (label install). The man pages against the
# binary and the rule language (tests/man/check_man.py); each shell completion loaded in its
# real shell (tests/shell/check_completion.py; skipped, exit 77, when the shell is absent);
# `cmake --install` into a scratch prefix (tests/package/check_install.sh).
find_program(SL_PYTHON3 NAMES python3 REQUIRED)
add_test(NAME install.man
  COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/man/check_man.py $<TARGET_FILE:statuslint>
          ${PROJECT_BINARY_DIR}/man/statuslint.1 ${PROJECT_BINARY_DIR}/man/statuslint-rules.5
          ${PROJECT_SOURCE_DIR})
set_tests_properties(install.man PROPERTIES LABELS install)
foreach(sh bash zsh fish)
  add_test(NAME install.completion.${sh}
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/shell/check_completion.py ${sh}
            $<TARGET_FILE:statuslint> ${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/completion-${sh})
  set_tests_properties(install.completion.${sh} PROPERTIES LABELS install SKIP_RETURN_CODE 77
    TIMEOUT 180)
endforeach()
add_test(NAME install.layout
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/package/check_install.sh ${PROJECT_BINARY_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/install-layout)
set_tests_properties(install.layout PROPERTIES LABELS install SKIP_RETURN_CODE 77)
add_test(NAME install.changelog
  COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/package/check_changelog.py
          ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${PROJECT_VERSION})
set_tests_properties(install.changelog PROPERTIES LABELS install)
