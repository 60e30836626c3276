# The built-in rule pack as a product (label rules): its own tests, its shape and citations,
# the samples (every line fires exactly the expected rules), the generated reference
# docs/rules.md being current, and the writing-rules guide's examples.
find_program(SL_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(SL_PYTHON3 NAMES python3)

add_test(NAME pack.rules-test COMMAND statuslint rules test)
set_tests_properties(pack.rules-test PROPERTIES LABELS rules
  PASS_REGULAR_EXPRESSION "[0-9]+ passed, 0 failed" FAIL_REGULAR_EXPRESSION "FAIL ")

if(SL_PYTHON3)
  set(SL_PACK_ENV "SL_SOURCE_DIR=${PROJECT_SOURCE_DIR};SL_SHARED_DIR=${PROJECT_SOURCE_DIR}/../shared")
  add_test(NAME pack.shape COMMAND ${SL_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/check_pack.py
    $<TARGET_FILE:statuslint> ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/../shared)
  add_test(NAME pack.samples COMMAND ${SL_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/check_samples.py
    $<TARGET_FILE:statuslint> ${PROJECT_SOURCE_DIR}/samples)
  add_test(NAME pack.docs-current COMMAND ${SL_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/gen_rules_doc.py
    ${PROJECT_SOURCE_DIR}/rules --check ${PROJECT_SOURCE_DIR}/docs/rules.md)
  add_test(NAME pack.guide-examples COMMAND ${SL_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/check_guide.py
    $<TARGET_FILE:statuslint> ${PROJECT_SOURCE_DIR}/docs/writing-rules.md ${PROJECT_SOURCE_DIR}/samples)
  set_tests_properties(pack.shape pack.samples pack.docs-current pack.guide-examples
    PROPERTIES LABELS rules ENVIRONMENT "${SL_PACK_ENV}")
endif()
