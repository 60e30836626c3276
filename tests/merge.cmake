# merge.cmake: partial summaries and `statuslint merge` (label merge): the merge of random
# splits of a realistic archive equals one run over all of it, in every report format
# (tests/merge/merge_property.py), and the Dask driver in contrib/dask runs the same on a
# LocalCluster of worker processes (skipped where python3-distributed is absent).
add_test(NAME merge.property
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/merge/merge_property.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/merge-property --splits 16)
set_tests_properties(merge.property PROPERTIES LABELS merge TIMEOUT 600)
