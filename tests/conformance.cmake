# Conformance tests (label conformance): real logs from ../shared/corpora parse with the
# recorded counts, and our fields agree with other projects' parsers on their own test
# cases. Both read ../shared at test time (GPL sources are never copied) and skip (77)
# when it is absent.
set(SL_CONF_DIR ${CMAKE_CURRENT_SOURCE_DIR}/conformance)
set(SL_SHARED ${PROJECT_SOURCE_DIR}/../shared)

add_executable(corpora_check ${SL_CONF_DIR}/corpora_check.c)
sl_target_defaults(corpora_check)
target_link_libraries(corpora_check PRIVATE sl_core)
add_test(NAME conformance.corpora
  COMMAND corpora_check ${SL_CONF_DIR}/corpora_expect.tsv ${SL_SHARED})
set_tests_properties(conformance.corpora PROPERTIES LABELS conformance SKIP_RETURN_CODE 77)

add_executable(peer_dump ${SL_CONF_DIR}/peer_dump.c)
sl_target_defaults(peer_dump)
target_link_libraries(peer_dump PRIVATE sl_core)
add_test(NAME conformance.peers
  COMMAND /usr/bin/python3 ${SL_CONF_DIR}/peer_check.py $<TARGET_FILE:peer_dump>
          ${SL_CONF_DIR}/peer_baseline.tsv ${SL_SHARED})
set_tests_properties(conformance.peers PROPERTIES LABELS conformance SKIP_RETURN_CODE 77)

add_executable(route_census ${SL_CONF_DIR}/route_census.c)
sl_target_defaults(route_census)
target_link_libraries(route_census PRIVATE sl_core)
add_test(NAME conformance.routes
  COMMAND route_census ${SL_CONF_DIR}/corpora_expect.tsv ${SL_SHARED} ${SL_CONF_DIR}/route_census.tsv)
set_tests_properties(conformance.routes PROPERTIES LABELS conformance SKIP_RETURN_CODE 77)
