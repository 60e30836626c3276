# docs.cmake: the README's CI, nightly and monitoring examples and the alerting rules of
# docs/monitoring.md, extracted and run against the built statuslint (label docs).
add_test(NAME docs.readme-examples
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/docs/readme_examples.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/docs-readme)
set_tests_properties(docs.readme-examples PROPERTIES LABELS docs SKIP_RETURN_CODE 77 TIMEOUT 600)
