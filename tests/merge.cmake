# merge.cmake: partial summaries and `statuslint merge` (label merge): the merge of random
# splits of a realistic archive equals one run over all of it, in every report format
# (tests/merge/merge_property.py), and the Dask driver in contrib/dask runs the same on a
# LocalCluster of worker processes (skipped where python3-distributed is absent).
add_test(NAME merge.property
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/merge/merge_property.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/merge-property --splits 16)
set_tests_properties(merge.property PROPERTIES LABELS merge TIMEOUT 600)
add_test(NAME merge.dask
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/merge/dask_test.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/merge-dask)
set_tests_properties(merge.dask PROPERTIES LABELS "merge;dask" TIMEOUT 600 SKIP_RETURN_CODE 77)
add_test(NAME merge.gnu-parallel
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/merge/parallel.sh
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/merge-parallel)
set_tests_properties(merge.gnu-parallel PROPERTIES LABELS merge TIMEOUT 300 SKIP_RETURN_CODE 77)
