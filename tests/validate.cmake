# validate.cmake: checks every report format with the real validators (label validate):
# python3-jsonschema with the SARIF and Code Quality schemas in validate/schemas, xmllint --schema
# with the xunit JUnit XSD, promtool check metrics, prometheus_client's OpenMetrics parser, and
# cmark-gfm for the Markdown reports. Two fixtures write the reports: out_emit (synthetic
# findings with hostile bytes) and one CLI run over a sample log writing every format at once.
add_executable(out_emit ${CMAKE_CURRENT_SOURCE_DIR}/validate/out_emit.c)
sl_target_defaults(out_emit)
target_link_libraries(out_emit PRIVATE sl_core)

set(SL_VAL_DIR ${CMAKE_CURRENT_BINARY_DIR}/validate-out)
set(SL_VAL_SH ${CMAKE_CURRENT_SOURCE_DIR}/validate/check.sh)

add_test(NAME validate.emit COMMAND sh ${SL_VAL_SH} emit ${SL_VAL_DIR} $<TARGET_FILE:out_emit>)
set_tests_properties(validate.emit PROPERTIES LABELS validate FIXTURES_SETUP sl_val_emit)
add_test(NAME validate.cli COMMAND sh ${SL_VAL_SH} cli ${SL_VAL_DIR} $<TARGET_FILE:statuslint>)
set_tests_properties(validate.cli PROPERTIES LABELS validate FIXTURES_SETUP sl_val_cli
  FIXTURES_REQUIRED sl_val_emit)

foreach(kind sarif codequality junit prometheus openmetrics json jsonl text markdown)
  add_test(NAME validate.${kind} COMMAND sh ${SL_VAL_SH} ${kind} ${SL_VAL_DIR})
  set_tests_properties(validate.${kind} PROPERTIES LABELS validate SKIP_RETURN_CODE 77
    FIXTURES_REQUIRED "sl_val_emit;sl_val_cli")
endforeach()

add_test(NAME validate.baseline COMMAND sh ${SL_VAL_SH} baseline ${CMAKE_CURRENT_BINARY_DIR}/validate-baseline
  $<TARGET_FILE:statuslint>)
set_tests_properties(validate.baseline PROPERTIES LABELS validate)
