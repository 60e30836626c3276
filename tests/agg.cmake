# Aggregate rules over generated traffic (label agg): every pattern tests/agg/gen_traffic.py
# plants is found by its agg.* rule with the planted count, clean traffic with the catalog's
# false-positive cases gets no agg.* finding, and -j1 and -j2 agree byte for byte.
find_program(SL_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(SL_PYTHON3 NAMES python3)
if(SL_PYTHON3)
  add_test(NAME agg.planted COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/agg/planted.py
    $<TARGET_FILE:statuslint>)
  set_tests_properties(agg.planted PROPERTIES LABELS agg TIMEOUT 300)
else()
  sl_skipped_test(agg.planted "python3 is not installed")
  set_tests_properties(agg.planted PROPERTIES LABELS agg)
endif()
